import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { cursorStyle } from './cursor';
import { DesktopConnection, type DesktopStatus } from './DesktopConnection';
import { desktopSocketUrl } from './desktopUrls';
import { attachInput, watchWindowSize } from './desktopInput';
import { requestedSize, type Size } from './geometry';
import type { Bytes, ServerFrame } from './protocol';
import { ScreenRenderer } from './ScreenRenderer';

interface Options {
  desktop: string;
  login: string;
  token: string;
  /** Bumped by Reconnect: a new connection, a clean canvas. */
  attempt: number;
  onClipboard(text: string): void;
}

export interface DesktopSession {
  status: DesktopStatus;
  /** The remote screen's size once the first SCREEN arrived. */
  screen: Size | null;
  send(...frames: Bytes[]): void;
  disconnect(): void;
}

/** One connection to a desktop drawn on `canvasRef`'s canvas, with its input wired up. */
export function useDesktopSession(canvasRef: RefObject<HTMLCanvasElement | null>, options: Options): DesktopSession {
  const { desktop, login, token, attempt } = options;
  const [status, setStatus] = useState<DesktopStatus>({ kind: 'connecting' });
  const [screen, setScreen] = useState<Size | null>(null);
  const connection = useRef<DesktopConnection | null>(null);
  const screenNow = useRef<Size | null>(null);
  // Latest callback without reconnecting when the page re-renders with a new closure.
  const onClipboard = useRef(options.onClipboard);
  onClipboard.current = options.onClipboard;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    screenNow.current = null;
    setScreen(null);
    canvas.style.cursor = 'default';
    const renderer = new ScreenRenderer(canvas, (width, height) => {
      screenNow.current = { width, height };
      setScreen({ width, height });
    });
    const onFrame = (frame: ServerFrame) => {
      switch (frame.type) {
        case 'screen':
        case 'tile':
          renderer.handle(frame);
          break;
        case 'pointerShape':
          canvas.style.cursor = cursorStyle(frame);
          break;
        case 'clipboard':
          onClipboard.current(frame.text);
          break;
        // POINTER_POSITION is ignored: the local cursor is the remote pointer, and a page cannot
        // move the local cursor (only Pointer Lock could, at the price of capturing the mouse).
        // The server only sends it when a remote program warps the pointer, which is rare.
        default:
          break;
      }
    };
    const size = requestedSize(window.innerWidth, window.innerHeight);
    const conn = new DesktopConnection(desktopSocketUrl(window.location, desktop, login, size.width, size.height), token, {
      frame: onFrame,
      status: setStatus,
    });
    connection.current = conn;
    const send = (...frames: Bytes[]) => conn.send(...frames);
    const detachInput = attachInput(canvas, send, () => screenNow.current);
    const detachResize = watchWindowSize(send, size);
    canvas.focus();

    return () => {
      detachResize();
      detachInput();
      conn.dispose();
      renderer.reset();
      connection.current = null;
    };
  }, [canvasRef, desktop, login, token, attempt]);

  const send = useCallback((...frames: Bytes[]) => connection.current?.send(...frames), []);
  const disconnect = useCallback(() => connection.current?.disconnect(), []);
  return { status, screen, send, disconnect };
}
