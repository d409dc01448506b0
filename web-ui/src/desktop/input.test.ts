import { describe, expect, it } from 'vitest';
import { cursorStyle } from './cursor';
import { fitInside, requestedSize, toDesktopPoint } from './geometry';
import { ctrlAltDelFrames, KeyboardState } from './keyboard';
import { WheelNotches } from './wheel';

const hex = (frames: Uint8Array[] | null) => frames?.map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' '));

describe('KeyboardState', () => {
  it('sends scancodes down and up, and releases what is still down', () => {
    const k = new KeyboardState();
    expect(hex(k.keyDown({ code: 'ControlLeft', key: 'Control' }))).toEqual(['14 01 00 1d']);
    expect(hex(k.keyDown({ code: 'KeyW', key: 'w' }))).toEqual(['14 01 00 11']);
    expect(hex(k.keyUp({ code: 'KeyW', key: 'w' }))).toEqual(['14 00 00 11']);
    expect(hex(k.keyDown({ code: 'ArrowUp', key: 'ArrowUp' }))).toEqual(['14 01 e0 48']);
    expect(hex(k.releaseAll())).toEqual(['14 00 e0 48', '14 00 00 1d']);
    expect(k.pressedCount).toBe(0);
  });

  it('wraps a shifted character that came without Shift (a synthesised event) in Shift', () => {
    const k = new KeyboardState();
    expect(hex(k.keyDown({ code: 'Digit4', key: '$' }))).toEqual(['14 01 00 2a', '14 01 00 05', '14 00 00 05', '14 00 00 2a']);
    expect(hex(k.keyDown({ code: 'KeyG', key: 'G' }))).toEqual(['14 01 00 2a', '14 01 00 22', '14 00 00 22', '14 00 00 2a']);
    expect(k.keyUp({ code: 'KeyG', key: 'G' })).toEqual([]);
    expect(k.pressedCount).toBe(0);
  });

  it('sends the key alone when Shift or Caps Lock explains the character', () => {
    const k = new KeyboardState();
    expect(hex(k.keyDown({ code: 'KeyG', key: 'G', getModifierState: (m) => m === 'CapsLock' }))).toEqual(['14 01 00 22']);
    expect(hex(k.keyDown({ code: 'Digit4', key: '$', shiftKey: true }))).toEqual(['14 01 00 05']);
    k.keyDown({ code: 'ShiftRight', key: 'Shift' });
    expect(hex(k.keyDown({ code: 'Period', key: '>' }))).toEqual(['14 01 00 34']);
  });

  it('sends no release for a key it never pressed', () => {
    expect(new KeyboardState().keyUp({ code: 'KeyA', key: 'a' })).toEqual([]);
  });

  it('types characters without a scancode as UNICODE, surrogate pairs included', () => {
    const k = new KeyboardState();
    expect(hex(k.keyDown({ code: '', key: 'é' }))).toEqual(['15 01 00 e9', '15 00 00 e9']);
    expect(hex(k.keyDown({ code: 'Unidentified', key: '😀' }))).toEqual(['15 01 d8 3d', '15 00 d8 3d', '15 01 de 00', '15 00 de 00']);
    expect(k.keyUp({ code: '', key: 'é' })).toEqual([]);
  });

  it('leaves named keys without a scancode, and IME composition, to the browser', () => {
    const k = new KeyboardState();
    expect(k.keyDown({ code: 'Fn', key: 'Fn' })).toBeNull();
    expect(k.keyDown({ code: '', key: 'Dead' })).toBeNull();
    expect(k.keyDown({ code: 'KeyA', key: 'a', isComposing: true })).toBeNull();
    expect(k.keyDown({ code: 'KeyA', key: 'Process' })).toBeNull();
    expect(k.keyUp({ code: 'Fn', key: 'Fn' })).toBeNull();
  });

  it('releases keys held with Command when Command goes up (macOS sends no keyup for them)', () => {
    const k = new KeyboardState();
    k.keyDown({ code: 'ShiftLeft', key: 'Shift' });
    k.keyDown({ code: 'MetaLeft', key: 'Meta' });
    k.keyDown({ code: 'KeyC', key: 'c' });
    expect(hex(k.keyUp({ code: 'MetaLeft', key: 'Meta' }))).toEqual(['14 00 e0 5b', '14 00 00 2e']);
    expect(hex(k.releaseAll())).toEqual(['14 00 00 2a']);
  });

  it('sends Ctrl+Alt+Del as presses then releases in reverse', () => {
    expect(hex(ctrlAltDelFrames())).toEqual(['14 01 00 1d', '14 01 00 38', '14 01 e0 53', '14 00 e0 53', '14 00 00 38', '14 00 00 1d']);
  });
});

describe('WheelNotches', () => {
  it('turns a mouse notch into one ±120 step, up being positive', () => {
    const w = new WheelNotches();
    expect(w.add(0, 100, 0)).toEqual([{ axis: 0, delta: -120 }]);
    expect(w.add(0, -3, 1)).toEqual([{ axis: 0, delta: 120 }]);
    expect(w.add(60, 0, 0)).toEqual([{ axis: 1, delta: 120 }]);
  });

  it('adds up small touchpad deltas until a notch is reached', () => {
    const w = new WheelNotches();
    expect(w.add(0, 20, 0)).toEqual([]);
    expect(w.add(0, 20, 0)).toEqual([]);
    expect(w.add(0, 20, 0)).toEqual([{ axis: 0, delta: -120 }]);
  });

  it('starts afresh when the direction changes and caps a fling', () => {
    const w = new WheelNotches();
    w.add(0, 40, 0);
    expect(w.add(0, -53, 0)).toEqual([{ axis: 0, delta: 120 }]);
    expect(w.add(0, 100_000, 0)).toHaveLength(10);
  });
});

describe('geometry', () => {
  it('asks for an even size within 640..4096 × 480..4096', () => {
    expect(requestedSize(1365, 767)).toEqual({ width: 1366, height: 768 });
    expect(requestedSize(300, 200)).toEqual({ width: 640, height: 480 });
    expect(requestedSize(9000, 5000)).toEqual({ width: 4096, height: 4096 });
    expect(requestedSize(Number.NaN, 1001)).toEqual({ width: 640, height: 1002 });
  });

  it('fits the desktop inside the window keeping its aspect ratio', () => {
    expect(fitInside({ width: 1000, height: 1000 }, { width: 1600, height: 900 })).toEqual({ width: 1000, height: 562 });
    expect(fitInside({ width: 800, height: 300 }, { width: 1600, height: 900 })).toEqual({ width: 533, height: 300 });
    expect(fitInside({ width: 800, height: 300 }, { width: 0, height: 0 })).toEqual({ width: 0, height: 0 });
  });

  it('maps pointer positions back to desktop pixels, pinned to the edges', () => {
    const rect = { left: 100, top: 50, width: 800, height: 450 };
    const desktop = { width: 1600, height: 900 };
    expect(toDesktopPoint(100, 50, rect, desktop)).toEqual({ x: 0, y: 0 });
    expect(toDesktopPoint(500, 275, rect, desktop)).toEqual({ x: 800, y: 450 });
    expect(toDesktopPoint(2000, -10, rect, desktop)).toEqual({ x: 1599, y: 0 });
  });
});

describe('cursorStyle', () => {
  it('hides, defaults, or uses the image with its hot spot', () => {
    expect(cursorStyle({ type: 'pointerShape', kind: 'hidden' })).toBe('none');
    expect(cursorStyle({ type: 'pointerShape', kind: 'default' })).toBe('default');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    expect(cursorStyle({ type: 'pointerShape', kind: 'image', hotX: 3, hotY: 7, png })).toBe('url("data:image/png;base64,iVBORw==") 3 7, auto');
  });
});
