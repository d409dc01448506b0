// The terminal's font ships with the UI. The machine's monospace fonts differ (Chromium at device
// pixel ratio 1 drew DejaVu Sans Mono's underscore below xterm's cell, so `a_b_c` read `a b c`);
// JetBrains Mono keeps every glyph inside the cell. Each @font-face covers one Unicode range, so
// the browser fetches only the ranges a screen uses (Latin: ~20 KB a weight).
import '@fontsource/jetbrains-mono/400.css';
import '@fontsource/jetbrains-mono/700.css';

export const TERMINAL_FONT_SIZE = 14;
export const TERMINAL_FONT_FAMILY =
  '"JetBrains Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';

/** After this long the terminal opens with whatever font is there: a slow font must not hold the shell back. */
const FONT_WAIT_MS = 3000;

/** Resolves once the terminal's font (regular and bold, Latin) is loaded, or after FONT_WAIT_MS; never rejects. */
export function terminalFontReady(fonts: FontFaceSet | undefined = globalThis.document?.fonts): Promise<void> {
  if (!fonts) return Promise.resolve();
  const loads = Promise.all(
    ['400', '700'].map((weight) => fonts.load(`${weight} ${TERMINAL_FONT_SIZE}px "JetBrains Mono"`, 'a_b')),
  ).then(
    () => undefined,
    () => undefined,
  );
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, FONT_WAIT_MS));
  return Promise.race([loads, timeout]);
}

/**
 * Runs `open` (which builds a terminal and returns its teardown) once the font is ready: xterm
 * measures its cell size when it opens and not again when a web font arrives later. Returns the
 * teardown for a React effect; tearing down before the font arrived means never opening.
 */
export function openWhenFontReady(open: () => () => void, ready: Promise<void> = terminalFontReady()): () => void {
  let teardown: (() => void) | undefined;
  let cancelled = false;
  void ready.then(() => {
    if (!cancelled) teardown = open();
  });
  return () => {
    cancelled = true;
    teardown?.();
  };
}
