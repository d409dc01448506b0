// The desktop protocol, version 1 (docs/desktop-protocol.md): one frame per binary WebSocket
// message, a type byte then big-endian fields. Decoding never throws: a frame too short for its
// type is a ProtocolError value, so the caller closes the session with a message instead of
// failing deep inside a draw.

export const ServerFrameType = {
  SCREEN: 0x01,
  TILE: 0x02,
  POINTER_POSITION: 0x03,
  POINTER_SHAPE: 0x04,
  CLIPBOARD: 0x05,
  ERROR: 0x06,
  CLOSED: 0x07,
  CONNECTED: 0x08,
} as const;

export const ClientFrameType = {
  MOUSE_MOVE: 0x11,
  MOUSE_BUTTON: 0x12,
  WHEEL: 0x13,
  KEY: 0x14,
  UNICODE: 0x15,
  RESIZE: 0x16,
  CLIPBOARD: 0x17,
} as const;

export const TileEncoding = { PNG: 1, ZLIB_RGBA: 2 } as const;

/** Bytes as the decoders hand them on: a view into the received buffer (not copied). */
export type Bytes = Uint8Array<ArrayBuffer>;

export type ServerFrame =
  | { type: 'screen'; width: number; height: number }
  | { type: 'tile'; x: number; y: number; width: number; height: number; encoding: number; data: Bytes }
  | { type: 'pointerPosition'; x: number; y: number }
  | { type: 'pointerShape'; kind: 'hidden' }
  | { type: 'pointerShape'; kind: 'default' }
  | { type: 'pointerShape'; kind: 'image'; hotX: number; hotY: number; png: Bytes }
  | { type: 'clipboard'; text: string }
  | { type: 'error'; code: string; message: string }
  | { type: 'closed'; reason: string }
  | { type: 'connected'; desktop: string; login: string; sessionId: string }
  /** A type this page does not know: later protocol versions may add some; ignored. */
  | { type: 'unknown'; frameType: number };

/** A frame that cannot be read: the session must end (the protocol says so for short frames). */
export interface ProtocolError {
  type: 'protocolError';
  message: string;
}

export type DecodeResult = ServerFrame | ProtocolError;

export function isProtocolError(r: DecodeResult): r is ProtocolError {
  return r.type === 'protocolError';
}

const utf8 = new TextDecoder('utf-8'); // replaces malformed sequences rather than throwing
const utf8Encoder = new TextEncoder();

// Fixed field lengths after the type byte; the variable-length tail (if any) is the rest.
const MIN_LENGTH: Record<number, number> = {
  [ServerFrameType.SCREEN]: 4,
  [ServerFrameType.TILE]: 9,
  [ServerFrameType.POINTER_POSITION]: 4,
  [ServerFrameType.POINTER_SHAPE]: 1,
  [ServerFrameType.CLIPBOARD]: 0,
  [ServerFrameType.ERROR]: 0,
  [ServerFrameType.CLOSED]: 0,
  [ServerFrameType.CONNECTED]: 0,
};

const FRAME_NAMES: Record<number, string> = {
  [ServerFrameType.SCREEN]: 'SCREEN',
  [ServerFrameType.TILE]: 'TILE',
  [ServerFrameType.POINTER_POSITION]: 'POINTER_POSITION',
  [ServerFrameType.POINTER_SHAPE]: 'POINTER_SHAPE',
  [ServerFrameType.CLIPBOARD]: 'CLIPBOARD',
  [ServerFrameType.ERROR]: 'ERROR',
  [ServerFrameType.CLOSED]: 'CLOSED',
  [ServerFrameType.CONNECTED]: 'CONNECTED',
};

function tooShort(name: string, length: number, needed: number): ProtocolError {
  return { type: 'protocolError', message: `The desktop sent a ${name} frame of ${length} bytes; it needs at least ${needed}.` };
}

/** One server → browser frame. */
export function decodeServerFrame(buffer: ArrayBuffer | Bytes): DecodeResult {
  const bytes: Bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length === 0) return { type: 'protocolError', message: 'The desktop sent an empty frame.' };
  const type = bytes[0]!;
  const needed = MIN_LENGTH[type];
  if (needed === undefined) return { type: 'unknown', frameType: type };
  if (bytes.length < 1 + needed) return tooShort(FRAME_NAMES[type]!, bytes.length, 1 + needed);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at);
  const rest = (from: number): Bytes => bytes.subarray(from);
  switch (type) {
    case ServerFrameType.SCREEN:
      return { type: 'screen', width: u16(1), height: u16(3) };
    case ServerFrameType.TILE:
      return { type: 'tile', x: u16(1), y: u16(3), width: u16(5), height: u16(7), encoding: bytes[9]!, data: rest(10) };
    case ServerFrameType.POINTER_POSITION:
      return { type: 'pointerPosition', x: u16(1), y: u16(3) };
    case ServerFrameType.POINTER_SHAPE:
      return decodePointerShape(bytes, u16);
    case ServerFrameType.CLIPBOARD:
      return { type: 'clipboard', text: utf8.decode(rest(1)) };
    case ServerFrameType.ERROR: {
      const json = jsonObject(rest(1));
      return { type: 'error', code: stringField(json, 'code') || 'internal', message: stringField(json, 'message') || 'The desktop session failed.' };
    }
    case ServerFrameType.CLOSED:
      return { type: 'closed', reason: stringField(jsonObject(rest(1)), 'reason') };
    default: {
      const json = jsonObject(rest(1));
      return { type: 'connected', desktop: stringField(json, 'desktop'), login: stringField(json, 'login'), sessionId: stringField(json, 'session_id') };
    }
  }
}

function decodePointerShape(bytes: Bytes, u16: (at: number) => number): DecodeResult {
  const kind = bytes[1]!;
  if (kind === 0) return { type: 'pointerShape', kind: 'hidden' };
  if (kind === 1) return { type: 'pointerShape', kind: 'default' };
  // A kind this page does not know (a later version's): the plain arrow beats ending the session.
  if (kind !== 2) return { type: 'pointerShape', kind: 'default' };
  if (bytes.length < 6) return tooShort('POINTER_SHAPE', bytes.length, 6);
  return { type: 'pointerShape', kind: 'image', hotX: u16(2), hotY: u16(4), png: bytes.subarray(6) };
}

// ERROR, CLOSED and CONNECTED carry JSON; a malformed body still ends or starts the session,
// only without the details, so it is not a protocol error.
function jsonObject(bytes: Bytes): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringField(json: Record<string, unknown>, key: string): string {
  const v = json[key];
  return typeof v === 'string' ? v : '';
}

// ---- Browser → server ----

function frame(type: number, length: number, fill: (view: DataView) => void): Bytes {
  const bytes = new Uint8Array(1 + length);
  bytes[0] = type;
  fill(new DataView(bytes.buffer));
  return bytes;
}

/** Coordinates and sizes are u16 on the wire: clamp rather than wrap. */
function u16(n: number): number {
  return Math.max(0, Math.min(0xffff, Math.round(n)));
}

function i16(n: number): number {
  return Math.max(-0x8000, Math.min(0x7fff, Math.round(n)));
}

export function encodeMouseMove(x: number, y: number): Bytes {
  return frame(ClientFrameType.MOUSE_MOVE, 4, (v) => {
    v.setUint16(1, u16(x));
    v.setUint16(3, u16(y));
  });
}

export type MouseButton = 0 | 1 | 2;

export function encodeMouseButton(button: MouseButton, down: boolean, x: number, y: number): Bytes {
  return frame(ClientFrameType.MOUSE_BUTTON, 6, (v) => {
    v.setUint8(1, button);
    v.setUint8(2, down ? 1 : 0);
    v.setUint16(3, u16(x));
    v.setUint16(5, u16(y));
  });
}

export const WheelAxis = { VERTICAL: 0, HORIZONTAL: 1 } as const;

/** `delta` in RDP wheel units (120 = one notch), positive = away from the user (up / right). */
export function encodeWheel(axis: 0 | 1, delta: number, x: number, y: number): Bytes {
  return frame(ClientFrameType.WHEEL, 7, (v) => {
    v.setUint8(1, axis);
    v.setInt16(2, i16(delta));
    v.setUint16(4, u16(x));
    v.setUint16(6, u16(y));
  });
}

/** `scancode` is PS/2 set 1, extended keys with 0xE0 in the high byte (see scancodes.ts). */
export function encodeKey(down: boolean, scancode: number): Bytes {
  return frame(ClientFrameType.KEY, 3, (v) => {
    v.setUint8(1, down ? 1 : 0);
    v.setUint16(2, scancode & 0xffff);
  });
}

/** One UTF-16 code unit: a character outside the BMP is sent as its two surrogates. */
export function encodeUnicode(down: boolean, codeUnit: number): Bytes {
  return frame(ClientFrameType.UNICODE, 3, (v) => {
    v.setUint8(1, down ? 1 : 0);
    v.setUint16(2, codeUnit & 0xffff);
  });
}

export function encodeResize(width: number, height: number): Bytes {
  return frame(ClientFrameType.RESIZE, 4, (v) => {
    v.setUint16(1, u16(width));
    v.setUint16(3, u16(height));
  });
}

/** The proxy closes a desktop socket whose message exceeds 64 KiB (docs/desktop-protocol.md). */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

export function encodeClipboard(text: string): Bytes {
  const body = utf8Encoder.encode(text);
  const bytes = new Uint8Array(1 + body.length);
  bytes[0] = ClientFrameType.CLIPBOARD;
  bytes.set(body, 1);
  return bytes;
}
