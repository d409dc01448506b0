import type { ServerFrame } from './protocol';

type PointerShape = Extract<ServerFrame, { type: 'pointerShape' }>;

/**
 * The CSS cursor for a POINTER_SHAPE frame. The remote pointer is drawn by the browser as the
 * local cursor (no drawing on the canvas, so it never lags behind the hand). A data: URL, so the
 * CSP's img-src must allow data: (it does). The fallback after the image is required by CSS.
 */
export function cursorStyle(shape: PointerShape): string {
  switch (shape.kind) {
    case 'hidden':
      return 'none';
    case 'default':
      return 'default';
    case 'image':
      return `url("data:image/png;base64,${base64(shape.png)}") ${shape.hotX} ${shape.hotY}, auto`;
  }
}

export function base64(bytes: Uint8Array): string {
  let binary = '';
  // In chunks: String.fromCharCode with a whole large image as arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
