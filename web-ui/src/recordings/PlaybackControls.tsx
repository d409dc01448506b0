import { Button, Group, NativeSelect, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useReducer } from 'react';

const SPEEDS = ['1', '2', '4', '16'];

/** What the controls need of a Playback, whatever it plays. */
export interface PlaybackControl {
  readonly playing: boolean;
  readonly finished: boolean;
  readonly speed: number;
  readonly position: number;
  play(): void;
  pause(): void;
  restart(): void;
  setSpeed(speed: number): void;
  jumpToEnd(): void;
}

/** Play/pause, restart, speed, jump to end, and the clock with a progress bar. */
export function PlaybackControls({ playback, duration }: { playback: PlaybackControl | null; duration: number }) {
  const [, refresh] = useReducer((n: number) => n + 1, 0);

  // The clock moves between events too: redraw the progress a few times a second while playing.
  const playing = playback?.playing ?? false;
  useEffect(() => {
    if (!playing) return;
    const id = setInterval(refresh, 250);
    return () => clearInterval(id);
  }, [playing]);

  const position = playback?.position ?? 0;
  const percent = duration > 0 ? (position / duration) * 100 : playback?.finished ? 100 : 0;

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Button w={90} onClick={() => (playback?.playing ? playback.pause() : playback?.play())} disabled={!playback} data-testid="play-pause">
          {playback?.playing ? 'Pause' : 'Play'}
        </Button>
        <Button variant="default" onClick={() => playback?.restart()} disabled={!playback} data-testid="restart">
          Restart
        </Button>
        <NativeSelect
          aria-label="Speed"
          data={SPEEDS.map((s) => ({ value: s, label: `${s}×` }))}
          value={String(playback?.speed ?? 1)}
          onChange={(e) => {
            playback?.setSpeed(Number(e.currentTarget.value));
            refresh();
          }}
          w={90}
          data-testid="speed-select"
        />
        {/* Never disabled: after the end it is a no-op, and a click then must not hang. */}
        <Button variant="default" onClick={() => playback?.jumpToEnd()}>
          Jump to end
        </Button>
        <Text size="sm" ff="monospace" data-testid="player-progress" data-finished={playback?.finished ? 'true' : 'false'}>
          {clock(position)} / {clock(duration)}
          {playback?.finished ? ' — finished' : ''}
        </Text>
      </Group>
      <Progress value={percent} size="sm" aria-label="Playback progress" transitionDuration={0} />
    </Stack>
  );
}

function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
