// The browser side of the terminal WebSocket (docs/web-api.md, "Terminal"): text frames are
// JSON control messages, binary frames are terminal bytes in both directions.

import { controlMessage, openBrowserSocket, SOCKET_OPEN, socketRefusal, type BrowserSocket, type SocketOpener } from '../api/browserSocket';

export type TerminalStatus =
  | { kind: 'connecting' }
  | { kind: 'connected'; sessionId: string }
  /** The proxy refused or lost the session and said why; a close follows. */
  | { kind: 'error'; code: string; message: string }
  /** The shell exited. */
  | { kind: 'ended'; exitStatus: number }
  /** The socket closed without the proxy saying why. */
  | { kind: 'closed'; message: string };

export interface TerminalListener {
  output(bytes: Uint8Array): void;
  status(status: TerminalStatus): void;
}

/**
 * The proxy closes a socket whose message exceeds 64 KiB (docs/web-api.md, "Terminal"): a large
 * paste goes as several messages, which the shell reads as one stream anyway.
 */
export const INPUT_PIECE_BYTES = 16 * 1024;

/** The bytes in order, in pieces of at most {@code max} bytes (views, no copies). */
export function inPieces(bytes: Uint8Array, max: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += max) pieces.push(bytes.subarray(at, Math.min(bytes.length, at + max)));
  return pieces;
}

export class TerminalConnection {
  private readonly socket: BrowserSocket;
  private readonly encoder = new TextEncoder();
  private current: TerminalStatus = { kind: 'connecting' };

  constructor(
    url: string,
    token: string,
    private readonly listener: TerminalListener,
    open?: SocketOpener,
  ) {
    this.socket = openBrowserSocket(url, token, { message: (data) => this.receive(data), closed: (event) => this.closed(event) }, open);
    listener.status(this.current);
  }

  sendInput(data: string): void {
    if (!this.isOpen()) return;
    for (const piece of inPieces(this.encoder.encode(data), INPUT_PIECE_BYTES)) this.socket.send(piece);
  }

  resize(cols: number, rows: number): void {
    if (this.isOpen()) this.socket.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  close(): void {
    this.socket.onclose = null;
    this.socket.close(1000, 'page closed');
  }

  private isOpen(): boolean {
    return this.socket.readyState === SOCKET_OPEN && (this.current.kind === 'connecting' || this.current.kind === 'connected');
  }

  private receive(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      this.listener.output(new Uint8Array(data));
      return;
    }
    if (typeof data !== 'string') return;
    const message = controlMessage(data);
    const refusal = socketRefusal(message, 'The proxy ended the session.');
    if (refusal) {
      this.setStatus({ kind: 'error', ...refusal });
      return;
    }
    // Not a control message we know: ignore rather than break the session.
    switch (message?.type) {
      case 'connected':
        this.setStatus({ kind: 'connected', sessionId: typeof message.session_id === 'string' ? message.session_id : '' });
        break;
      case 'closed':
        this.setStatus({ kind: 'ended', exitStatus: typeof message.exit_status === 'number' ? message.exit_status : 0 });
        break;
    }
  }

  private closed(event: CloseEvent): void {
    // After an error or the shell's exit the close adds nothing: keep the more precise status.
    if (this.current.kind === 'error' || this.current.kind === 'ended') return;
    const reason = event.reason.trim();
    const message =
      reason ||
      (this.current.kind === 'connecting'
        ? `Could not open the terminal: the connection to the proxy closed (code ${event.code}). Your session may have expired; reload the page to check.`
        : `The connection to the proxy closed (code ${event.code}).`);
    this.setStatus({ kind: 'closed', message });
  }

  private setStatus(status: TerminalStatus): void {
    this.current = status;
    this.listener.status(status);
  }
}

/** The status line's text. */
export function statusText(status: TerminalStatus, login: string, node: string): string {
  switch (status.kind) {
    case 'connecting':
      return `Connecting to ${login}@${node}…`;
    case 'connected':
      return 'Connected';
    case 'error':
    case 'closed':
      return status.message;
    case 'ended':
      return `Session ended (exit status ${status.exitStatus})`;
  }
}
