import { Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { apiGet } from '../api/client';
import type { Desktop } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { DesktopRow } from './DesktopRow';
import { ResourceFilters, useResourceFilters } from './ResourceFilters';

// Desktops come and go with their agents' heartbeats while the page is open.
const REFRESH_MS = 5_000;
const NONE: Desktop[] = [];

export function DesktopsTab() {
  const desktops = useApiQuery(() => apiGet<Desktop[]>('/desktops'), []);
  const { reload } = desktops;
  useEffect(() => {
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);
  const all = desktops.data ?? NONE;
  const filters = useResourceFilters(all);
  const { shown } = filters;

  return (
    <Stack gap="sm">
      <ResourceFilters filters={filters} onRefresh={reload} />
      {desktops.error != null && <ErrorAlert error={desktops.error} title="Could not list desktops" />}
      {desktops.loading && desktops.data === undefined ? (
        <CenteredLoader label="Loading desktops…" />
      ) : desktops.data !== undefined && all.length === 0 ? (
        <Text c="dimmed" data-testid="empty-state">
          No desktops you can connect to
        </Text>
      ) : desktops.data !== undefined && shown.length === 0 ? (
        <Text c="dimmed" data-testid="empty-state">
          No desktop matches the search and label filters.
        </Text>
      ) : (
        shown.length > 0 && (
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="desktop-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Labels</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((desktop) => (
                <DesktopRow key={desktop.name} desktop={desktop} onLabelClick={filters.addLabelFilter} />
              ))}
            </Table.Tbody>
          </Table>
        )
      )}
      {desktops.data !== undefined && all.length > 0 && (
        <Text size="xs" c="dimmed">
          {shown.length} of {all.length} desktops
        </Text>
      )}
    </Stack>
  );
}
