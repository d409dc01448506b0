/** Anything listed on the resources page: servers, desktops. */
export interface Labelled {
  name: string;
  labels: Record<string, string>;
}

/** A label as the UI shows and filters it: `key=value`. */
export function labelText(key: string, value: string): string {
  return `${key}=${value}`;
}

export function nodeLabels(node: Labelled): string[] {
  return Object.entries(node.labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => labelText(k, v));
}

/**
 * The resources whose name or label text contains `search` (any case) and that carry every
 * label in `labelFilters`.
 */
export function filterNodes<T extends Labelled>(nodes: T[], search: string, labelFilters: string[]): T[] {
  const needle = search.trim().toLowerCase();
  return nodes.filter((node) => {
    const labels = nodeLabels(node);
    if (!labelFilters.every((wanted) => labels.includes(wanted))) return false;
    if (!needle) return true;
    return node.name.toLowerCase().includes(needle) || labels.some((l) => l.toLowerCase().includes(needle));
  });
}
