import type { Node } from '../api/types';

/** A label as the UI shows and filters it: `key=value`. */
export function labelText(key: string, value: string): string {
  return `${key}=${value}`;
}

export function nodeLabels(node: Node): string[] {
  return Object.entries(node.labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => labelText(k, v));
}

/**
 * The nodes whose name or label text contains `search` (any case) and that carry every
 * label in `labelFilters`.
 */
export function filterNodes(nodes: Node[], search: string, labelFilters: string[]): Node[] {
  const needle = search.trim().toLowerCase();
  return nodes.filter((node) => {
    const labels = nodeLabels(node);
    if (!labelFilters.every((wanted) => labels.includes(wanted))) return false;
    if (!needle) return true;
    return node.name.toLowerCase().includes(needle) || labels.some((l) => l.toLowerCase().includes(needle));
  });
}
