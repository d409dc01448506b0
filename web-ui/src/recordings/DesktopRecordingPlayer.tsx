import { Alert, Stack, Text } from '@mantine/core';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { ServerFrame } from '../desktop/protocol';
import { ScreenRenderer } from '../desktop/ScreenRenderer';
import type { DesktopRecording } from './desktopRecording';
import { Playback } from './Playback';
import { PlaybackControls } from './PlaybackControls';

/**
 * Plays a desktop recording on a canvas with the live page's renderer; starts on its own. The
 * recording holds what the page was sent, not the local mouse, so no pointer is shown.
 */
export function DesktopRecordingPlayer({ recording }: { recording: DesktopRecording }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [playback, setPlayback] = useState<Playback<ServerFrame> | null>(null);
  const [, refresh] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const { width, height } = recording.header;
    const renderer = new ScreenRenderer(element);
    renderer.reset(width, height);
    const p = new Playback(recording.events, recording.duration, {
      write: (batch) => batch.forEach((frame) => renderer.handle(frame)),
      reset: () => renderer.reset(width, height),
      changed: refresh,
    });
    setPlayback(p);
    p.play();
    return () => {
      p.dispose();
      renderer.reset();
      setPlayback(null);
    };
  }, [recording]);

  const tiles = recording.events.some((e) => e.data.type === 'tile');
  return (
    <Stack gap="sm">
      <PlaybackControls playback={playback} duration={recording.duration} />
      {recording.truncated && (
        <Alert color="yellow" variant="light">
          The recording's last line was cut off (the session may still be running); it was skipped.
        </Alert>
      )}
      {!tiles && <Text c="dimmed">This recording has no screen images.</Text>}
      <div style={{ background: '#111418', padding: 4, width: 'fit-content', maxWidth: '100%' }}>
        {/* Scaled down to the page's width, keeping the aspect ratio. */}
        <canvas ref={canvas} data-testid="desktop-player-canvas" style={{ display: 'block', maxWidth: '100%', height: 'auto' }} />
      </div>
    </Stack>
  );
}
