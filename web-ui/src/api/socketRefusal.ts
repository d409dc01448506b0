// The proxy's one refusal format on every browser socket (docs/web-api.md, "Browser sockets"):
// a text message {"type":"error","code":"...","message":"..."}, then the close. The terminal, the
// desktop and every later browser feature read it here, so each shows the proxy's own words.

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
