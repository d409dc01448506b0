import { Button, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiGet } from '../api/client';
import type { ResourcePage } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { ResourceFilters } from './ResourceFilters';
import { ResourcesTable } from './ResourcesTable';
import {
  filterFromParams,
  filterToParams,
  isFiltered,
  listingQuery,
  MAX_SHOWN,
  PAGE_SIZE,
  type ResourceFilter,
  withLabel,
  withoutLabel,
} from './resourceFilter';

// Resources come, go and change state with their agents' heartbeats while the page is open.
const REFRESH_MS = 5_000;
const SEARCH_DELAY_MS = 300;

/** Everything the user can connect to, every kind in one table, filtered and paged by the proxy. */
export function ResourceList() {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const filterKey = params.toString();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const show = (next: ResourceFilter, replace = false) => {
    setParams(filterToParams(next), { replace });
    setLimit(PAGE_SIZE);
  };

  // The box answers every key; the listing follows once typing pauses.
  const [search, setSearch] = useState(filter.search);
  const [typed] = useDebouncedValue(search, SEARCH_DELAY_MS);
  useEffect(() => setSearch(filter.search), [filter.search]);
  useEffect(() => {
    if (typed !== filter.search) show({ ...filter, search: typed }, true);
    // Only a pause in typing moves the filter; a new address moves the box (above).
  }, [typed]);

  const listing = useApiQuery(() => apiGet<ResourcePage>('/resources', listingQuery(filter, limit)), [filterKey, limit]);
  const { reload } = listing;
  useEffect(() => {
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);
  const page = listing.data;

  return (
    <Stack gap="sm">
      <ResourceFilters
        filter={filter}
        search={search}
        onSearch={setSearch}
        onKind={(kind) => show({ ...filter, kind })}
        onRemoveLabel={(label) => show(withoutLabel(filter, label))}
        onRefresh={reload}
      />
      {listing.error != null && <ErrorAlert error={listing.error} title="Could not list resources" />}
      {page === undefined ? (
        listing.loading && <CenteredLoader label="Loading resources…" />
      ) : page.total_count === 0 ? (
        <Text c="dimmed" data-testid="empty-state">
          {isFiltered(filter)
            ? 'No resource matches the kind, search and label filters.'
            : 'No resources yet: nothing your roles let you log in to is connected to Gatehouse.'}
        </Text>
      ) : (
        <>
          <ResourcesTable resources={page.items} onLabelClick={(label) => show(withLabel(filter, label))} />
          <Group gap="sm">
            <Text size="xs" c="dimmed" data-testid="resource-count">
              {page.items.length} of {page.total_count} {page.total_count === 1 ? 'resource' : 'resources'}
            </Text>
            {page.next_key !== null &&
              (limit < MAX_SHOWN ? (
                <Button size="xs" variant="default" onClick={() => setLimit((n) => n + PAGE_SIZE)}>
                  Show more
                </Button>
              ) : (
                <Text size="xs" c="dimmed">
                  Narrow the search or filters to see the rest.
                </Text>
              ))}
          </Group>
        </>
      )}
    </Stack>
  );
}
