import type { ListedResource } from '../api/types';

/** A label as the UI shows it and the proxy filters by it: `key=value`. */
export function labelText(key: string, value: string): string {
  return `${key}=${value}`;
}

/** A resource's labels as `key=value`, sorted by key, so they read the same in every row. */
export function resourceLabels(resource: Pick<ListedResource, 'labels'>): string[] {
  return Object.entries(resource.labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => labelText(k, v));
}
