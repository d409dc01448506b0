import { useElementSize } from '@mantine/hooks';
import { useCallback, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { usePageTitle } from '../components/usePageTitle';
import { DesktopOverlay } from '../desktop/DesktopOverlay';
import { DesktopToolbar, type ToolbarActions } from '../desktop/DesktopToolbar';
import { fitInside } from '../desktop/geometry';
import { ctrlAltDelFrames } from '../desktop/keyboard';
import { encodeClipboard, MAX_CLIENT_FRAME_BYTES } from '../desktop/protocol';
import { useDesktopSession } from '../desktop/useDesktopSession';
import { useFullscreen } from '../desktop/useFullscreen';
import { useRemoteClipboard } from '../desktop/useRemoteClipboard';
import { useCurrentSession } from '../session/SessionContext';
import classes from '../desktop/Desktop.module.css';

const NOTICE_MS = 6_000;

/** A full-window remote desktop (docs/desktop-protocol.md), scaled to fit the window. */
export function DesktopPage() {
  const { desktop = '', login = '' } = useParams();
  const target = `${login}@${desktop}`;
  usePageTitle(target);
  const session = useCurrentSession();
  const page = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const area = useElementSize<HTMLDivElement>();
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const clipboard = useRemoteClipboard();
  const fullscreen = useFullscreen(page);

  const { status, screen, send, disconnect } = useDesktopSession(canvas, {
    desktop,
    login,
    token: session.token,
    attempt,
    onClipboard: clipboard.received,
  });

  const say = useCallback((text: string) => {
    setNotice(text);
    setTimeout(() => setNotice((current) => (current === text ? null : current)), NOTICE_MS);
  }, []);
  // Toolbar clicks take the focus; the keyboard belongs to the canvas again after each.
  const refocus = () => canvas.current?.focus();

  const actions: ToolbarActions = {
    toggleFullscreen: () => {
      fullscreen.toggle();
      refocus();
    },
    ctrlAltDel: () => {
      send(...ctrlAltDelFrames());
      refocus();
    },
    sendClipboard: () => {
      if (!navigator.clipboard?.readText) {
        say('This browser does not let pages read the clipboard.');
        return;
      }
      navigator.clipboard.readText().then(
        (text) => {
          const frame = encodeClipboard(text);
          if (frame.length > MAX_CLIENT_FRAME_BYTES) {
            say(`Your clipboard holds ${Math.ceil(frame.length / 1024)} KiB of text; at most ${MAX_CLIENT_FRAME_BYTES / 1024} KiB can be sent to the desktop.`);
            return;
          }
          send(frame);
          refocus();
        },
        () => say('The browser did not let the page read your clipboard (permission refused).'),
      );
    },
    disconnect,
    dismissClipboard: () => {
      clipboard.dismiss();
      refocus();
    },
  };

  const shown = screen ? fitInside({ width: area.width, height: area.height }, screen) : { width: 0, height: 0 };
  return (
    <div ref={page} className={classes.page} data-testid="desktop-page" data-state={status.kind}>
      <div ref={area.ref} className={classes.screen}>
        <canvas
          ref={canvas}
          className={classes.canvas}
          // Focusable, so it receives the keyboard.
          tabIndex={0}
          aria-label={`Remote desktop ${target}`}
          style={{ width: shown.width, height: shown.height }}
          data-testid="desktop-canvas"
        />
      </div>
      <DesktopToolbar
        target={target}
        connected={status.kind === 'connected'}
        fullscreen={fullscreen.fullscreen}
        remoteClipboard={clipboard.unplaced}
        notice={notice}
        actions={actions}
      />
      <DesktopOverlay status={status} target={target} onReconnect={() => setAttempt((n) => n + 1)} />
    </div>
  );
}
