import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { Alert, Stack, Text } from '@mantine/core';
import { useEffect, useReducer, useRef, useState } from 'react';
import { openWhenFontReady, TERMINAL_FONT_FAMILY, TERMINAL_FONT_SIZE } from '../terminal/terminalFont';
import type { Asciicast } from './asciicast';
import { Playback } from './Playback';
import { PlaybackControls } from './PlaybackControls';

/** Plays an asciicast into an xterm sized as the recording was; starts on its own. */
export function RecordingPlayer({ cast }: { cast: Asciicast }) {
  const container = useRef<HTMLDivElement>(null);
  const [playback, setPlayback] = useState<Playback<string> | null>(null);
  const [, refresh] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    return openWhenFontReady(() => {
      const term = new Terminal({
        cols: cast.header.width,
        rows: cast.header.height,
        disableStdin: true,
        cursorBlink: false,
        fontSize: TERMINAL_FONT_SIZE,
        fontFamily: TERMINAL_FONT_FAMILY,
        scrollback: 10000,
        theme: { background: '#111418' },
      });
      term.open(element);
      const p = new Playback(cast.events, cast.duration, {
        write: (batch) => term.write(batch.join('')),
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
    });
  }, [cast]);

  return (
    <Stack gap="sm">
      <PlaybackControls playback={playback} duration={cast.duration} />
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
