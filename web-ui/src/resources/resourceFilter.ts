/**
 * What the resources page is filtered by, kept in the page's address (`?kind=desktop&search=web&labels=env=prod`)
 * so a filtered view can be bookmarked, shared and gone back to; the proxy does the filtering.
 */
export interface ResourceFilter {
  /** Empty: every kind. */
  kind: string;
  search: string;
  /** `key=value`, each of which a resource must carry. */
  labels: string[];
}

export const PAGE_SIZE = 100;
/** The proxy's largest page: past it, the page asks for a narrower search. */
export const MAX_SHOWN = 1000;

export function filterFromParams(params: URLSearchParams): ResourceFilter {
  return { kind: params.get('kind') ?? '', search: params.get('search') ?? '', labels: params.getAll('labels') };
}

export function filterToParams(filter: ResourceFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.kind) params.set('kind', filter.kind);
  if (filter.search.trim()) params.set('search', filter.search);
  filter.labels.forEach((l) => params.append('labels', l));
  return params;
}

/** The query of GET /v1/webapi/resources for this filter and this many resources. */
export function listingQuery(filter: ResourceFilter, limit: number) {
  return {
    kind: filter.kind || null,
    search: filter.search.trim() || null,
    labels: filter.labels,
    limit: Math.min(limit, MAX_SHOWN),
  };
}

export function withLabel(filter: ResourceFilter, label: string): ResourceFilter {
  return filter.labels.includes(label) ? filter : { ...filter, labels: [...filter.labels, label] };
}

export function withoutLabel(filter: ResourceFilter, label: string): ResourceFilter {
  return { ...filter, labels: filter.labels.filter((l) => l !== label) };
}

export function isFiltered(filter: ResourceFilter): boolean {
  return filter.kind !== '' || filter.search.trim() !== '' || filter.labels.length > 0;
}
