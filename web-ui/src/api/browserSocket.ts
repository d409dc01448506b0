// What every browser socket of the proxy shares (docs/web-api.md: terminal, desktop, later
// features): the parts of a WebSocket the pages use, and the proxy's one refusal format, a text
// message {"type":"error","code":"...","message":"..."} then the close, read here so each page
// shows the proxy's own words.

/** The parts of a WebSocket the pages use (a fake in tests). */
export interface BrowserSocket {
  binaryType: BinaryType;
  readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** WebSocket.OPEN, spelled out so tests need no WebSocket global. */
export const SOCKET_OPEN = 1;

/** How a page gets its socket: a real WebSocket, or a fake in tests. */
export type SocketOpener = (url: string) => BrowserSocket;

/**
 * Opens a browser socket the way the proxy's gate wants it: binary messages as ArrayBuffers and
 * the page's auth message first. The cookie rode on the upgrade; the token proves this page (not a
 * cross-site one) asked.
 */
export function openBrowserSocket(
  url: string,
  token: string,
  on: { message(data: unknown): void; closed(event: CloseEvent): void },
  open: SocketOpener = (u) => new WebSocket(u),
): BrowserSocket {
  const socket = open(url);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token }));
  socket.onmessage = (event) => on.message(event.data);
  socket.onclose = (event) => on.closed(event);
  return socket;
}

export interface SocketRefusal {
  code: string;
  message: string;
}

/** A text message from the proxy as a JSON object, or null if it is not one. */
export function controlMessage(data: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The refusal in a control message, or null if the message is something else. */
export function socketRefusal(message: Record<string, unknown> | null, fallback: string): SocketRefusal | null {
  if (message?.type !== 'error') return null;
  const code = typeof message.code === 'string' && message.code ? message.code : 'internal';
  const text = typeof message.message === 'string' && message.message ? message.message : fallback;
  return { code, message: text };
}
