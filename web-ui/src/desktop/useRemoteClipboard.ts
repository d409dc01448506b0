import { useCallback, useEffect, useRef, useState } from 'react';

export interface RemoteClipboard {
  /** Text the desktop copied that could not be put on the local clipboard (show it for copying by hand). */
  unplaced: string | null;
  /** A CLIPBOARD frame arrived. */
  received(text: string): void;
  dismiss(): void;
}

/**
 * Mirrors the remote clipboard onto the local one. Browsers only let a focused page write the
 * clipboard (Firefox and Safari even want a click first), so text that arrives while the page has
 * no focus waits for the focus to come back, and text the browser refuses is handed to the page.
 */
export function useRemoteClipboard(): RemoteClipboard {
  const [unplaced, setUnplaced] = useState<string | null>(null);
  const waiting = useRef<string | null>(null);

  const place = useCallback((text: string) => {
    if (!navigator.clipboard?.writeText) {
      setUnplaced(text);
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setUnplaced((shown) => (shown === text ? null : shown)),
      () => setUnplaced(text),
    );
  }, []);

  const received = useCallback(
    (text: string) => {
      if (document.hasFocus()) {
        waiting.current = null;
        place(text);
      } else {
        waiting.current = text;
      }
    },
    [place],
  );

  useEffect(() => {
    const onFocus = () => {
      const text = waiting.current;
      waiting.current = null;
      if (text !== null) place(text);
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [place]);

  const dismiss = useCallback(() => setUnplaced(null), []);
  return { unplaced, received, dismiss };
}
