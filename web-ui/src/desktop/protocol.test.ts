import { describe, expect, it } from 'vitest';
import protocolDocument from '../../../docs/desktop-protocol.md?raw';
import {
  ClientFrameType,
  decodeServerFrame,
  encodeClipboard,
  encodeKey,
  encodeMouseButton,
  encodeMouseMove,
  encodeResize,
  encodeUnicode,
  encodeWheel,
  ServerFrameType,
  type DecodeResult,
} from './protocol';

describe('the frame types', () => {
  // docs/desktop-protocol.md is the source; the Java side (FrameType) is checked against it too.
  it('are exactly the ones the protocol document lists, with its codes', () => {
    const rows = [...protocolDocument.matchAll(/^\| `0x([0-9A-Fa-f]{2})` \| `([A-Z_]+)` \|/gm)];
    const documented = new Map(rows.map((r) => [parseInt(r[1]!, 16), r[2]!]));
    const here = new Map<number, string>([
      ...Object.entries(ServerFrameType).map(([name, code]) => [code, name] as [number, string]),
      ...Object.entries(ClientFrameType).map(([name, code]) => [code, name] as [number, string]),
    ]);
    // OPEN is the proxy's (0x20): the page never sends or reads it.
    documented.delete(0x20);
    expect(here).toEqual(documented);
  });
});

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (type: number, s: string) => {
  const body = new TextEncoder().encode(s);
  const out = new Uint8Array(1 + body.length);
  out[0] = type;
  out.set(body, 1);
  return out;
};
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
const decode = (b: Uint8Array): DecodeResult => decodeServerFrame(b.slice().buffer);

describe('decodeServerFrame', () => {
  it('reads SCREEN', () => {
    expect(decode(bytes(0x01, 0x05, 0x00, 0x03, 0x20))).toEqual({ type: 'screen', width: 1280, height: 800 });
  });

  it('reads TILE with its data as the rest of the frame', () => {
    const f = decode(bytes(0x02, 0, 16, 0, 32, 0, 64, 0, 64, 1, 0x89, 0x50));
    expect(f).toMatchObject({ type: 'tile', x: 16, y: 32, width: 64, height: 64, encoding: 1 });
    expect(f.type === 'tile' && [...f.data]).toEqual([0x89, 0x50]);
  });

  it('reads TILE from a view into a larger buffer', () => {
    const outer = bytes(0xff, 0x02, 0, 1, 0, 2, 0, 3, 0, 4, 2, 9, 0xff);
    const f = decodeServerFrame(outer.subarray(1, 12));
    expect(f).toMatchObject({ type: 'tile', x: 1, y: 2, width: 3, height: 4, encoding: 2 });
    expect(f.type === 'tile' && [...f.data]).toEqual([9]);
  });

  it('reads POINTER_POSITION', () => {
    expect(decode(bytes(0x03, 0x01, 0x00, 0x00, 0x10))).toEqual({ type: 'pointerPosition', x: 256, y: 16 });
  });

  it('reads the three POINTER_SHAPE kinds', () => {
    expect(decode(bytes(0x04, 0))).toEqual({ type: 'pointerShape', kind: 'hidden' });
    expect(decode(bytes(0x04, 1))).toEqual({ type: 'pointerShape', kind: 'default' });
    const image = decode(bytes(0x04, 2, 0, 3, 0, 4, 0x89, 0x50, 0x4e));
    expect(image).toMatchObject({ type: 'pointerShape', kind: 'image', hotX: 3, hotY: 4 });
    expect(image.type === 'pointerShape' && image.kind === 'image' && [...image.png]).toEqual([0x89, 0x50, 0x4e]);
  });

  it('falls back to the default arrow for a pointer kind it does not know', () => {
    expect(decode(bytes(0x04, 9))).toEqual({ type: 'pointerShape', kind: 'default' });
  });

  it('reads CLIPBOARD as UTF-8', () => {
    expect(decode(text(0x05, 'héllo ✓'))).toEqual({ type: 'clipboard', text: 'héllo ✓' });
    expect(decode(bytes(0x05))).toEqual({ type: 'clipboard', text: '' });
  });

  it('reads ERROR, CLOSED and CONNECTED JSON', () => {
    expect(decode(text(0x06, '{"code":"offline","message":"desktop w1 is offline"}'))).toEqual({
      type: 'error',
      code: 'offline',
      message: 'desktop w1 is offline',
    });
    expect(decode(text(0x07, '{"reason":"logged off"}'))).toEqual({ type: 'closed', reason: 'logged off' });
    expect(decode(text(0x08, '{"desktop":"w1","login":"alice","session_id":"s-1"}'))).toEqual({
      type: 'connected',
      desktop: 'w1',
      login: 'alice',
      sessionId: 's-1',
    });
  });

  it('still ends or starts the session when the JSON is malformed', () => {
    expect(decode(text(0x06, 'not json'))).toEqual({ type: 'error', code: 'internal', message: 'The desktop session failed.' });
    expect(decode(text(0x07, '[1]'))).toEqual({ type: 'closed', reason: '' });
    expect(decode(text(0x08, '{"desktop": 5}'))).toEqual({ type: 'connected', desktop: '', login: '', sessionId: '' });
  });

  it('ignores frame types it does not know', () => {
    expect(decode(bytes(0x09, 1, 2, 3))).toEqual({ type: 'unknown', frameType: 0x09 });
    expect(decode(bytes(0x11, 0, 0, 0, 0))).toEqual({ type: 'unknown', frameType: 0x11 });
  });

  it('turns short and empty frames into protocol errors, not exceptions', () => {
    expect(decode(bytes())).toMatchObject({ type: 'protocolError' });
    expect(decode(bytes(0x01, 0, 1, 0))).toEqual({
      type: 'protocolError',
      message: 'The desktop sent a SCREEN frame of 4 bytes; it needs at least 5.',
    });
    expect(decode(bytes(0x02, 0, 0, 0, 0, 0, 1, 0, 1))).toMatchObject({ type: 'protocolError', message: expect.stringContaining('TILE') });
    expect(decode(bytes(0x03, 0))).toMatchObject({ type: 'protocolError' });
    expect(decode(bytes(0x04))).toMatchObject({ type: 'protocolError' });
    expect(decode(bytes(0x04, 2, 0, 1, 0))).toMatchObject({ type: 'protocolError', message: expect.stringContaining('POINTER_SHAPE') });
  });

  it('survives random garbage', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let i = 0; i < 500; i++) {
      const frame = new Uint8Array(random() % 24).map(() => random() % 12);
      expect(() => decode(frame)).not.toThrow();
    }
  });
});

describe('browser frames', () => {
  it('encode MOUSE_MOVE', () => {
    expect(hex(encodeMouseMove(1280, 16))).toBe('11 05 00 00 10');
  });

  it('encode MOUSE_BUTTON', () => {
    expect(hex(encodeMouseButton(2, true, 1, 2))).toBe('12 02 01 00 01 00 02');
    expect(hex(encodeMouseButton(0, false, 0, 0))).toBe('12 00 00 00 00 00 00');
  });

  it('encode WHEEL with a signed delta', () => {
    expect(hex(encodeWheel(0, -120, 10, 20))).toBe('13 00 ff 88 00 0a 00 14');
    expect(hex(encodeWheel(1, 120, 0, 0))).toBe('13 01 00 78 00 00 00 00');
  });

  it('encode KEY with extended scancodes', () => {
    expect(hex(encodeKey(true, 0x1e))).toBe('14 01 00 1e');
    expect(hex(encodeKey(false, 0xe048))).toBe('14 00 e0 48');
  });

  it('encode UNICODE', () => {
    expect(hex(encodeUnicode(true, 0x00e9))).toBe('15 01 00 e9');
  });

  it('encode RESIZE', () => {
    expect(hex(encodeResize(1920, 1080))).toBe('16 07 80 04 38');
  });

  it('encode CLIPBOARD as UTF-8', () => {
    expect(hex(encodeClipboard('é!'))).toBe('17 c3 a9 21');
    expect(hex(encodeClipboard(''))).toBe('17');
  });

  it('clamp coordinates to u16 rather than wrapping', () => {
    expect(hex(encodeMouseMove(-5, 70000))).toBe('11 00 00 ff ff');
    expect(hex(encodeWheel(0, 40000, 0, 0))).toBe('13 00 7f ff 00 00 00 00');
  });
});
