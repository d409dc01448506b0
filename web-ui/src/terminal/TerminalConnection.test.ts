import { describe, expect, it } from 'vitest';
import { INPUT_PIECE_BYTES, inPieces } from './TerminalConnection';

describe('terminal input', () => {
  it('sends a large paste as pieces the proxy accepts, in order, nothing lost', () => {
    const paste = new Uint8Array(INPUT_PIECE_BYTES * 2 + 5).map((_, i) => i % 251);
    const pieces = inPieces(paste, INPUT_PIECE_BYTES);
    expect(pieces.map((p) => p.length)).toEqual([INPUT_PIECE_BYTES, INPUT_PIECE_BYTES, 5]);
    const joined = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pieces) {
      joined.set(p, at);
      at += p.length;
    }
    expect(joined).toEqual(paste);
  });

  it('sends a keystroke as one message and nothing for no input', () => {
    expect(inPieces(new TextEncoder().encode('a'), INPUT_PIECE_BYTES)).toHaveLength(1);
    expect(inPieces(new Uint8Array(0), INPUT_PIECE_BYTES)).toHaveLength(0);
  });
});
