// The one way the UI talks to the proxy's /v1/webapi. Every call sends the bearer token once
// there is one: with the session cookie alone the proxy answers 403 (its CSRF defence).

/** An error the proxy answered with (its `{"error": {code, message}}` envelope), or a transport failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The error's `retry_at`: when trying again makes sense (a refused login, a rate limit), or null. */
  readonly retryAt: Date | null;

  constructor(status: number, code: string, message: string, retryAt: Date | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAt = retryAt;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

// In memory only (never localStorage): a reload recovers it with GET /sessions/current.
let bearerToken: string | null = null;

export function setBearerToken(token: string | null): void {
  bearerToken = token;
}

export function bearerTokenOrNull(): string | null {
  return bearerToken;
}

/** A query string: an array gives the parameter once per element (`labels=a=1&labels=b=2`). */
type Query = Record<string, string | number | readonly string[] | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
}

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (Array.isArray(value)) value.forEach((v: string) => params.append(key, v));
    else if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/v1/webapi${path}${qs ? `?${qs}` : ''}`;
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (bearerToken) headers.Authorization = `Bearer ${bearerToken}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', `Could not reach the Gatehouse proxy (${errorMessage(e)}). Check your connection and try again.`);
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, 'internal', `The proxy sent an answer that is not JSON for ${method} ${path}.`);
  }
}

export const apiGet = <T>(path: string, query?: Query) => api<T>('GET', path, { query });

/** A GET whose body is read as it arrives (a recording's content), not as one string. */
export async function apiStream(path: string): Promise<ReadableStream<Uint8Array>> {
  const headers: Record<string, string> = {};
  if (bearerToken) headers.Authorization = `Bearer ${bearerToken}`;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { headers, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', `Could not reach the Gatehouse proxy (${errorMessage(e)}). Check your connection and try again.`);
  }
  if (!response.ok) throw await errorFrom(response);
  if (!response.body) throw new ApiError(response.status, 'internal', `The proxy sent no content for GET ${path}.`);
  return response.body;
}
export const apiPost = <T>(path: string, body: unknown) => api<T>('POST', path, { body });
export const apiPut = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const apiDelete = <T>(path: string) => api<T>('DELETE', path);

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not our envelope (a load balancer's HTML page, say): fall through to the status line.
  }
  const envelope = (body as { error?: { code?: unknown; message?: unknown; retry_at?: unknown } } | null)?.error;
  if (envelope && typeof envelope.message === 'string') {
    const code = typeof envelope.code === 'string' ? envelope.code : 'internal';
    return new ApiError(response.status, code, envelope.message, instantOrNull(envelope.retry_at));
  }
  const status = `${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, 'internal', `The proxy answered ${status} without an explanation.`);
}

function instantOrNull(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
