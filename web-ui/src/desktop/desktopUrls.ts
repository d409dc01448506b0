/** The page of a desktop session on `desktop` as `login`. */
export function desktopPath(desktop: string, login: string): string {
  return `/web/desktop/${encodeURIComponent(desktop)}/${encodeURIComponent(login)}`;
}

/** The proxy's desktop WebSocket (docs/desktop-protocol.md, "Transport"), on the page's own origin. */
export function desktopSocketUrl(where: Location, desktop: string, login: string, width: number, height: number): string {
  // wss in production; the Vite dev server is plain http and proxies ws on to the proxy's wss.
  const scheme = where.protocol === 'https:' ? 'wss' : 'ws';
  const query = new URLSearchParams({ desktop, login, width: String(width), height: String(height) });
  return `${scheme}://${where.host}/v1/webapi/desktop?${query.toString()}`;
}
