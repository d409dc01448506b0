import { apiGet, apiUrl } from '../api/client';

/** An OIDC connector the login page offers a button for (docs/web-api.md, "SSO"). */
export interface SsoConnector {
  /** The connector's resource name: the path segment of its login URL. */
  name: string;
  /** What the button calls it ("Log in with <display>"). */
  display: string;
}

/** The connectors the proxy offers; asked without a session. */
export async function fetchSsoConnectors(): Promise<SsoConnector[]> {
  return connectorsFrom(await apiGet<unknown>('/sso/connectors'));
}

/**
 * The usable connectors of the proxy's `{connectors: [{name, display}]}` answer. Anything else
 * (an older proxy, a proxy's error page) means no connectors, never a broken login page.
 */
export function connectorsFrom(answer: unknown): SsoConnector[] {
  const list = (answer as { connectors?: unknown } | null)?.connectors;
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const connectors: SsoConnector[] = [];
  for (const entry of list) {
    const name = (entry as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !isUsableName(name) || seen.has(name)) continue;
    const display = (entry as { display?: unknown }).display;
    seen.add(name);
    connectors.push({ name, display: typeof display === 'string' && display.trim() ? display.trim() : name });
  }
  return connectors;
}

/** The proxy URL that starts a login with `name` (a full-page navigation: the proxy answers with a redirect). */
export function ssoLoginPath(name: string): string {
  if (!isUsableName(name)) throw new Error(`The SSO connector name '${name}' cannot be part of a URL; check the connector's name with gatectl.`);
  return apiUrl(`/sso/${encodeURIComponent(name)}/login`);
}

function isUsableName(name: string): boolean {
  // encodeURIComponent leaves dots alone, and a URL parser resolves a "." or ".." segment:
  // /sso/../login would leave the SSO routes. It throws on a lone UTF-16 surrogate.
  if (name === '' || name === '.' || name === '..') return false;
  try {
    encodeURIComponent(name);
    return true;
  } catch {
    return false;
  }
}
