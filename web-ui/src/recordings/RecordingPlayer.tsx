import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { Alert, Button, Group, NativeSelect, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { Asciicast } from './asciicast';
import { Playback } from './Playback';

const SPEEDS = ['1', '2', '4', '16'];

/** Plays an asciicast into an xterm sized as the recording was; starts on its own. */
export function RecordingPlayer({ cast }: { cast: Asciicast }) {
  const container = useRef<HTMLDivElement>(null);
  const [playback, setPlayback] = useState<Playback | null>(null);
  const [, refresh] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const term = new Terminal({
      cols: cast.header.width,
      rows: cast.header.height,
      disableStdin: true,
      cursorBlink: false,
      fontSize: 14,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace',
      scrollback: 10000,
      theme: { background: '#111418' },
    });
    term.open(element);
    const p = new Playback(cast.events, cast.duration, {
      write: (data) => term.write(data),
      reset: () => term.reset(),
      changed: refresh,
    });
    setPlayback(p);
    p.play();
    return () => {
      p.dispose();
      term.dispose();
      setPlayback(null);
    };
  }, [cast]);

  // The clock moves between events too: redraw the progress a few times a second while playing.
  const playing = playback?.playing ?? false;
  useEffect(() => {
    if (!playing) return;
    const id = setInterval(refresh, 250);
    return () => clearInterval(id);
  }, [playing]);

  const position = playback?.position ?? 0;
  const percent = cast.duration > 0 ? (position / cast.duration) * 100 : playback?.finished ? 100 : 0;

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Button
          w={90}
          onClick={() => (playback?.playing ? playback.pause() : playback?.play())}
          disabled={!playback}
          data-testid="play-pause"
        >
          {playback?.playing ? 'Pause' : 'Play'}
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
          {clock(position)} / {clock(cast.duration)}
          {playback?.finished ? ' — finished' : ''}
        </Text>
      </Group>
      <Progress value={percent} size="sm" aria-label="Playback progress" transitionDuration={0} />
      {cast.skipped > 0 && (
        <Alert color="yellow" variant="light">
          {cast.skipped} malformed line{cast.skipped === 1 ? ' was' : 's were'} skipped in this recording.
        </Alert>
      )}
      {cast.events.length === 0 && <Text c="dimmed">This recording has no terminal output.</Text>}
      <div ref={container} data-testid="player" style={{ overflowX: 'auto', background: '#111418', padding: 4, width: 'fit-content', maxWidth: '100%' }} />
    </Stack>
  );
}

function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
