// Filters of the audit page and their translation to GET /v1/webapi/audit/events.

// Event types offered as suggestions; any other text is sent as is.
// Mirrors io.gatehouse.shared.audit.EventType (src-shared); a type missing here can still be typed in.
export const KNOWN_EVENT_TYPES = [
  'user.login',
  'user.logout',
  'user.locked',
  'user.login_throttled',
  'user.unlock',
  'user.create',
  'user.update',
  'user.delete',
  'user.reset',
  'user.password_set',
  'user.invite_open',
  'access_request.create',
  'access_request.review',
  'access_request.assume',
  'access_request.expire',
  'access_request.cancel',
  'oidc_connector.create',
  'oidc_connector.update',
  'oidc_connector.delete',
  'role.create',
  'role.update',
  'role.delete',
  'token.create',
  'token.delete',
  'token.use',
  'node.create',
  'node.update',
  'node.delete',
  'desktop.create',
  'desktop.update',
  'desktop.delete',
  'desktop.start',
  'desktop.end',
  'desktop.refused',
  'cert.create',
  'ca.create',
  'access.denied',
  'audit.query',
  'session.start',
  'session.end',
  'exec',
  'port-forward',
  'sftp',
  'ssh.login_refused',
];

export const PAGE_SIZE = 100;

export interface AuditFilters {
  /** `<input type="datetime-local">` values, local time. An empty `to` means "now". */
  from: string;
  to: string;
  type: string;
  user: string;
}

/** A Date as a datetime-local input value (local time, minutes). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function defaultFilters(now: Date = new Date()): AuditFilters {
  return { from: toLocalInput(new Date(now.getTime() - 24 * 3600 * 1000)), to: '', type: '', user: '' };
}

/** An ISO-8601 instant for a datetime-local value, or undefined when empty or unreadable. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value); // a date-time without offset is local time
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The token of the last page (the oldest events), newest first like every page here. */
export const OLDEST_PAGE = 'oldest';

/** The page's query: newest events first (order=desc); `pageToken` comes from the previous answer or is OLDEST_PAGE. */
export function auditQuery(filters: AuditFilters, pageToken: string | null): Record<string, string | number | undefined> {
  return {
    order: 'desc',
    from: localInputToIso(filters.from),
    // No `to` when empty, so events written after the page opened still show up on refresh.
    to: localInputToIso(filters.to),
    type: filters.type.trim() || undefined,
    user: filters.user.trim() || undefined,
    limit: PAGE_SIZE,
    page_token: pageToken ?? undefined,
  };
}

/** The fields as one JSON line, cut to `max` characters for the table. */
export function shortJson(fields: unknown, max = 80): string {
  const text = JSON.stringify(fields ?? {});
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
