import { describe, expect, it } from 'vitest';
import { scancodeFor } from './scancodes';

describe('scancodeFor', () => {
  it('knows the well-known set-1 codes', () => {
    expect(scancodeFor('KeyA')).toBe(0x1e);
    expect(scancodeFor('Enter')).toBe(0x1c);
    expect(scancodeFor('ArrowUp')).toBe(0xe048);
    expect(scancodeFor('ControlRight')).toBe(0xe01d);
    expect(scancodeFor('MetaLeft')).toBe(0xe05b);
    expect(scancodeFor('NumpadEnter')).toBe(0xe01c);
    expect(scancodeFor('Escape')).toBe(0x01);
    expect(scancodeFor('F12')).toBe(0x58);
    expect(scancodeFor('Space')).toBe(0x39);
    expect(scancodeFor('ContextMenu')).toBe(0xe05d);
  });

  it('covers every letter, digit and function key with a distinct code', () => {
    const codes = [
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => `Key${c}`),
      ...'0123456789'.split('').map((d) => `Digit${d}`),
      ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
      ...Array.from({ length: 10 }, (_, i) => `Numpad${i}`),
    ];
    const values = codes.map(scancodeFor);
    expect(values.every((v) => v !== undefined)).toBe(true);
    expect(new Set(values).size).toBe(codes.length);
  });

  it('marks navigation keys as extended and keeps keypad keys plain', () => {
    for (const code of ['Home', 'End', 'PageUp', 'PageDown', 'Insert', 'Delete', 'ArrowLeft', 'ArrowRight', 'ArrowDown', 'AltRight']) {
      expect(scancodeFor(code)! >> 8, code).toBe(0xe0);
    }
    expect(scancodeFor('Numpad7')).toBe(0x47);
    expect(scancodeFor('NumpadDivide')).toBe(0xe035);
  });

  it('has nothing for keys without a scancode, nor for inherited names', () => {
    expect(scancodeFor('Unidentified')).toBeUndefined();
    expect(scancodeFor('Fn')).toBeUndefined();
    expect(scancodeFor('toString')).toBeUndefined();
  });
});
