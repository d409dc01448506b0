import { describe, expect, it } from 'vitest';
import { FakeBrowserSocket } from '../api/browserSocket.fake';
import { INPUT_PIECE_BYTES, inPieces, statusText, TerminalConnection, type TerminalStatus } from './TerminalConnection';

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

function connect() {
  const socket = new FakeBrowserSocket();
  const statuses: TerminalStatus[] = [];
  new TerminalConnection('wss://proxy/v1/webapi/terminal', 'tok', { output: () => {}, status: (s) => statuses.push(s) }, () => socket);
  return { socket, statuses };
}

describe('TerminalConnection', () => {
  it("shows the proxy's refusal, in the one format of every browser socket, and keeps it over the close", () => {
    const { socket, statuses } = connect();
    socket.open();
    expect(socket.sent).toEqual(['{"type":"auth","token":"tok"}']);
    socket.receiveText({ type: 'error', code: 'session_expired', message: 'you logged out: this terminal is closed' });
    socket.drop(1000, 'error');
    expect(statuses.at(-1)).toEqual({ kind: 'error', code: 'session_expired', message: 'you logged out: this terminal is closed' });
    expect(statusText(statuses.at(-1)!, 'root', 'n1')).toBe('you logged out: this terminal is closed');
  });

  it('reports connected and the exit status', () => {
    const { socket, statuses } = connect();
    socket.open();
    socket.receiveText({ type: 'connected', node: 'n1', login: 'root' });
    socket.receiveText({ type: 'closed', exit_status: 3 });
    expect(statuses.map((s) => s.kind)).toEqual(['connecting', 'connected', 'ended']);
    expect(statuses.at(-1)).toEqual({ kind: 'ended', exitStatus: 3 });
  });
});
