import { toDesktopPoint, requestedSize, type Size } from './geometry';
import { KeyboardState } from './keyboard';
import { encodeMouseButton, encodeMouseMove, encodeResize, encodeWheel, type Bytes, type MouseButton } from './protocol';
import { WheelNotches } from './wheel';

type Send = (...frames: Bytes[]) => void;

/**
 * Sends the canvas's mouse, wheel and keyboard input to the desktop; returns the detach function.
 * `screen` is the desktop's size (null before the first SCREEN: input is then ignored).
 */
export function attachInput(canvas: HTMLCanvasElement, send: Send, screen: () => Size | null): () => void {
  const keyboard = new KeyboardState();
  const wheel = new WheelNotches();
  const buttons = new Set<MouseButton>();
  let last = { x: 0, y: 0 };
  let pendingMove: { x: number; y: number } | null = null;
  let frame = 0;

  const point = (e: MouseEvent) => {
    const size = screen();
    return size ? toDesktopPoint(e.clientX, e.clientY, canvas.getBoundingClientRect(), size) : null;
  };
  // Pointer moves come far faster than the screen repaints: send at most one per animation frame.
  const flushMove = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    if (pendingMove) send(encodeMouseMove(pendingMove.x, pendingMove.y));
    pendingMove = null;
  };

  const onPointerMove = (e: PointerEvent) => {
    const p = point(e);
    if (!p) return;
    last = pendingMove = p;
    if (!frame) frame = requestAnimationFrame(flushMove);
  };
  const onPointerDown = (e: PointerEvent) => {
    canvas.focus();
    const p = point(e);
    if (!p || !isButton(e.button)) return;
    e.preventDefault(); // no text selection, no middle-click autoscroll
    flushMove();
    // Captured, so the release reaches us even when it happens outside the canvas.
    canvas.setPointerCapture(e.pointerId);
    buttons.add(e.button);
    last = p;
    send(encodeMouseButton(e.button, true, p.x, p.y));
  };
  const onPointerUp = (e: PointerEvent) => {
    if (!isButton(e.button) || !buttons.delete(e.button)) return;
    const p = point(e) ?? last;
    flushMove();
    send(encodeMouseButton(e.button, false, p.x, p.y));
  };
  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const mode = e.deltaMode; // first: see WheelNotches.add
    const p = point(e);
    if (!p) return;
    for (const step of wheel.add(e.deltaX, e.deltaY, mode)) send(encodeWheel(step.axis, step.delta, p.x, p.y));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const frames = keyboard.keyDown(e);
    if (frames === null) return;
    // The key is the remote's: keep the browser from acting on it too (Ctrl+W, F5, Tab…) where it lets us.
    e.preventDefault();
    send(...frames);
  };
  const onKeyUp = (e: KeyboardEvent) => {
    const frames = keyboard.keyUp(e);
    if (frames === null) return;
    e.preventDefault();
    send(...frames);
  };
  // A key or button released while the canvas has no focus is never seen: release everything now
  // so that nothing stays stuck down on the remote (Alt after Alt+Tab, say).
  const onBlur = () => {
    send(...keyboard.releaseAll());
    for (const b of buttons) send(encodeMouseButton(b, false, last.x, last.y));
    buttons.clear();
  };
  const noMenu = (e: Event) => e.preventDefault();

  const listeners: [string, EventListener, AddEventListenerOptions?][] = [
    ['pointermove', onPointerMove as EventListener],
    ['pointerdown', onPointerDown as EventListener],
    ['pointerup', onPointerUp as EventListener],
    ['pointercancel', onPointerUp as EventListener],
    ['wheel', onWheel as EventListener, { passive: false }],
    ['keydown', onKeyDown as EventListener],
    ['keyup', onKeyUp as EventListener],
    ['blur', onBlur],
    ['contextmenu', noMenu],
  ];
  for (const [type, listener, options] of listeners) canvas.addEventListener(type, listener, options);
  return () => {
    if (frame) cancelAnimationFrame(frame);
    for (const [type, listener, options] of listeners) canvas.removeEventListener(type, listener, options);
  };
}

function isButton(button: number): button is MouseButton {
  return button === 0 || button === 1 || button === 2;
}

const RESIZE_SETTLE_MS = 1_000;

/**
 * Asks for a new desktop size once the window has kept its size for a second (each request makes
 * the agent reconnect the RDP session: xrdp 0.9 has no dynamic resize). Returns the detach function.
 */
export function watchWindowSize(send: Send, initial: Size): () => void {
  let asked = initial;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onResize = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const size = requestedSize(window.innerWidth, window.innerHeight);
      if (size.width === asked.width && size.height === asked.height) return;
      asked = size;
      send(encodeResize(size.width, size.height));
    }, RESIZE_SETTLE_MS);
  };
  window.addEventListener('resize', onResize);
  return () => {
    clearTimeout(timer);
    window.removeEventListener('resize', onResize);
  };
}
