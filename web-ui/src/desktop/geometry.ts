// Sizes and coordinates between the browser window and the remote desktop.

const MIN_WIDTH = 640;
const MAX_WIDTH = 4096;
const MIN_HEIGHT = 480;
const MAX_HEIGHT = 4096;

export interface Size {
  width: number;
  height: number;
}

/**
 * The desktop size to ask for, from the window's CSS size: within what RDP servers accept, and
 * even (some servers, xrdp among them, misdraw odd widths).
 */
export function requestedSize(cssWidth: number, cssHeight: number): Size {
  const even = (n: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round((Number.isFinite(n) ? n : min) / 2) * 2));
  return { width: even(cssWidth, MIN_WIDTH, MAX_WIDTH), height: even(cssHeight, MIN_HEIGHT, MAX_HEIGHT) };
}

/** The CSS size that shows a `desktop` inside `box` whole, keeping its aspect ratio. */
export function fitInside(box: Size, desktop: Size): Size {
  if (desktop.width <= 0 || desktop.height <= 0 || box.width <= 0 || box.height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(box.width / desktop.width, box.height / desktop.height);
  return { width: Math.floor(desktop.width * scale), height: Math.floor(desktop.height * scale) };
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The desktop pixel under a pointer at (clientX, clientY) over a canvas drawn at `rect`. */
export function toDesktopPoint(clientX: number, clientY: number, rect: Rect, desktop: Size): { x: number; y: number } {
  if (rect.width <= 0 || rect.height <= 0) return { x: 0, y: 0 };
  const x = Math.floor(((clientX - rect.left) * desktop.width) / rect.width);
  const y = Math.floor(((clientY - rect.top) * desktop.height) / rect.height);
  // A drag that leaves the canvas keeps reporting: pin it to the edge.
  return { x: clamp(x, 0, desktop.width - 1), y: clamp(y, 0, desktop.height - 1) };
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}
