// Wire types of docs/web-api.md, field names as the proxy sends them (snake_case).

export interface Session {
  username: string;
  token: string;
  roles: string[];
  logins: string[];
  expires: string;
  idle_timeout_seconds: number;
  /** Set while the session uses an assumed access request's roles (docs/web-api.md, "Access requests"). */
  active_request?: string | null;
  /** When the assumed access ends and the session falls back to the user's own roles. */
  access_expires?: string | null;
}

export interface Invite {
  username: string;
  totp_secret: string;
  totp_uri: string;
  expires: string;
}

/**
 * GET /v1/webapi/resources: one resource of any kind the user has at least one login on. The
 * kind's own fields (a node's `host_id`, `tunnel`) come flat beside these; the kind's renderer
 * under resources/kinds/ reads them.
 */
export interface ListedResource {
  kind: string;
  name: string;
  labels: Record<string, string>;
  online: boolean;
  logins: string[];
  [field: string]: unknown;
}

export interface ResourcePage {
  items: ListedResource[];
  /** The `start_key` of the next page; null on the last. */
  next_key: string | null;
  /** How many resources match the query on all pages together. */
  total_count: number;
}

export interface ActiveSession {
  session_id: string;
  user: string;
  node: string;
  login: string;
  kind: string;
  started: string;
}

export interface AuditEvent {
  id: string;
  type: string;
  code: string;
  time: string;
  user: string | null;
  resource: string | null;
  outcome: string | null;
  fields: Record<string, unknown> | null;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Older events (the page list is newest first). */
  next_page_token: string | null;
  /** Newer events. */
  prev_page_token?: string | null;
}

export interface Recording {
  session_id: string;
  node: string;
  user: string;
  login: string;
  started: string;
  size: number;
  complete: boolean;
}

export type AccessRequestState = 'pending' | 'approved' | 'denied' | 'cancelled' | 'expired';

/** `reason` is arbitrary user text (markup, escape sequences): show it through inertText(), as text only. */
export interface AccessRequestReview {
  author: string;
  approve: boolean;
  reason: string;
  at: string;
}

/** `reason` and `resolve_reason` are arbitrary user text: show them through inertText(), as text only. */
export interface AccessRequest {
  id: string;
  user: string;
  roles: string[];
  reason: string;
  state: AccessRequestState;
  created: string;
  expires: string;
  reviews: AccessRequestReview[];
  approvals_needed: number;
  resolve_reason?: string | null;
  can_review: boolean;
}

export interface AccessRequestList {
  requests: AccessRequest[];
}
