import { useCallback, useEffect, useState, type RefObject } from 'react';

// The Keyboard Lock API (Chromium only): in fullscreen it lets keys the browser keeps for itself
// (Ctrl+W, Ctrl+T, Alt+Tab where the OS allows, Escape) reach the remote instead.
interface KeyboardLock {
  lock?(keys?: string[]): Promise<void>;
  unlock?(): void;
}

function keyboardLock(): KeyboardLock | undefined {
  return (navigator as Navigator & { keyboard?: KeyboardLock }).keyboard;
}

/** Fullscreen for one element, with the keyboard locked to the page while it lasts. */
export function useFullscreen(target: RefObject<HTMLElement | null>): { fullscreen: boolean; toggle(): void } {
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    const onChange = () => {
      const on = document.fullscreenElement !== null && document.fullscreenElement === target.current;
      setFullscreen(on);
      if (on) keyboardLock()?.lock?.().catch(() => {});
      else keyboardLock()?.unlock?.();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [target]);

  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void target.current?.requestFullscreen().catch(() => {});
  }, [target]);

  return { fullscreen, toggle };
}
