// The browser side of the desktop WebSocket (docs/desktop-protocol.md): the first message is the
// text auth message, every later one a binary frame. The proxy's own refusals (not logged in, no
// access, offline, the session or access request ended) come as its one text refusal message.

import { controlMessage, openBrowserSocket, SOCKET_OPEN, socketRefusal, type BrowserSocket, type SocketOpener } from '../api/browserSocket';
import { decodeServerFrame, isProtocolError, type Bytes, type ServerFrame } from './protocol';

export type DesktopStatus =
  | { kind: 'connecting' }
  | { kind: 'connected'; sessionId: string }
  /** The session cannot go on: the desktop's ERROR frame, a malformed frame, or a lost connection. */
  | { kind: 'error'; code: string; message: string }
  /** The desktop ended the session normally, or the user disconnected. */
  | { kind: 'closed'; message: string };

export interface DesktopListener {
  /** Every frame but CONNECTED, ERROR and CLOSED, which become statuses. */
  frame(frame: ServerFrame): void;
  status(status: DesktopStatus): void;
}

export class DesktopConnection {
  private readonly socket: BrowserSocket;
  private current: DesktopStatus = { kind: 'connecting' };

  constructor(
    url: string,
    token: string,
    private readonly listener: DesktopListener,
    open?: SocketOpener,
  ) {
    this.socket = openBrowserSocket(url, token, { message: (data) => this.receive(data), closed: (event) => this.closed(event) }, open);
    listener.status(this.current);
  }

  get status(): DesktopStatus {
    return this.current;
  }

  /** Sends input frames; dropped unless the desktop is connected (before CONNECTED there is no screen to aim at). */
  send(...frames: Bytes[]): void {
    if (this.socket.readyState !== SOCKET_OPEN || this.current.kind !== 'connected') return;
    for (const f of frames) this.socket.send(f);
  }

  /** The user ends the session. */
  disconnect(): void {
    this.finish({ kind: 'closed', message: 'You disconnected from the desktop.' });
  }

  /** The page goes away: close without reporting anything. */
  dispose(): void {
    this.socket.onclose = null;
    this.socket.onmessage = null;
    this.socket.close(1000, 'page closed');
  }

  private receive(data: unknown): void {
    if (this.current.kind === 'error' || this.current.kind === 'closed') return;
    if (typeof data === 'string') {
      const refusal = socketRefusal(controlMessage(data), 'The proxy ended the desktop session.');
      if (refusal) this.setStatus({ kind: 'error', ...refusal });
      return;
    }
    if (!(data instanceof ArrayBuffer)) return;
    const frame = decodeServerFrame(data);
    if (isProtocolError(frame)) {
      this.finish({ kind: 'error', code: 'protocol', message: `${frame.message} The session was ended; reconnect to try again.` });
      return;
    }
    switch (frame.type) {
      case 'connected':
        this.setStatus({ kind: 'connected', sessionId: frame.sessionId });
        break;
      case 'error':
        this.setStatus({ kind: 'error', code: frame.code, message: frame.message });
        break;
      case 'closed':
        this.setStatus({ kind: 'closed', message: frame.reason ? `The desktop ended the session: ${frame.reason}` : 'The desktop ended the session.' });
        break;
      case 'unknown':
        break;
      default:
        this.listener.frame(frame);
    }
  }

  private finish(status: DesktopStatus): void {
    this.setStatus(status);
    this.socket.onclose = null;
    this.socket.close(1000, status.kind === 'error' ? 'protocol error' : 'disconnected');
  }

  private closed(event: CloseEvent): void {
    // After ERROR or CLOSED the close adds nothing: keep the more precise status.
    if (this.current.kind === 'error' || this.current.kind === 'closed') return;
    const reason = event.reason.trim();
    const message =
      this.current.kind === 'connecting'
        ? `Could not open the desktop: the connection to the proxy was lost (code ${event.code}${reason ? `: ${reason}` : ''}). Your session may have expired; reload the page to check.`
        : `The connection to the proxy was lost (code ${event.code}${reason ? `: ${reason}` : ''}).`;
    this.setStatus({ kind: 'error', code: 'connection_lost', message });
  }

  private setStatus(status: DesktopStatus): void {
    this.current = status;
    this.listener.status(status);
  }
}
