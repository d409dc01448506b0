/** The page of a terminal on `node` as `login`. */
export function terminalPath(node: string, login: string): string {
  return `/web/terminal/${encodeURIComponent(node)}/${encodeURIComponent(login)}`;
}

/** The proxy's terminal WebSocket (docs/web-api.md, "Terminal"), on the page's own origin. */
export function terminalSocketUrl(where: Location, node: string, login: string, cols: number, rows: number): string {
  // wss in production; the Vite dev server is plain http and proxies ws on to the proxy's wss.
  const scheme = where.protocol === 'https:' ? 'wss' : 'ws';
  const query = new URLSearchParams({ node, login, cols: String(cols), rows: String(rows) });
  return `${scheme}://${where.host}/v1/webapi/terminal?${query.toString()}`;
}
