export const LOGIN_PATH = '/web/login';
export const HOME_PATH = '/web/resources';

/** What other pages pass to the login page through the router's location state. */
export interface LoginPageState {
  /** Why the user has to log in (again): shown as an error. */
  reason?: string;
  /** A success message, e.g. after creating an account. */
  notice?: string;
  /** Where to go after logging in. */
  from?: string;
}

export function loginPageState(raw: unknown): LoginPageState {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { reason: text(r.reason), notice: text(r.notice), from: safeFrom(text(r.from)) };
}

// Only ever return to one of our own pages (never to an absolute or protocol-relative URL).
function safeFrom(from: string | undefined): string | undefined {
  if (!from || !from.startsWith('/web/') || from.startsWith('//') || from.startsWith(LOGIN_PATH)) return undefined;
  return from;
}
