import { Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { apiGet } from '../api/client';
import type { Node } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { NodeRow } from './NodeRow';
import { ResourceFilters, useResourceFilters } from './ResourceFilters';

// Nodes join and go on- and offline while the page is open.
const REFRESH_MS = 5_000;
const NONE: Node[] = [];

export function ServersTab() {
  const nodes = useApiQuery(() => apiGet<Node[]>('/nodes'), []);
  const { reload } = nodes;
  useEffect(() => {
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);
  const all = nodes.data ?? NONE;
  const filters = useResourceFilters(all);
  const { shown } = filters;

  return (
    <Stack gap="sm">
      <ResourceFilters filters={filters} onRefresh={reload} />
      {nodes.error != null && <ErrorAlert error={nodes.error} title="Could not list servers" />}
      {nodes.loading && nodes.data === undefined ? (
        <CenteredLoader label="Loading servers…" />
      ) : nodes.data !== undefined && all.length === 0 ? (
        <Text c="dimmed" data-testid="empty-state">
          No servers yet: none that your roles let you log in to is connected to Gatehouse.
        </Text>
      ) : nodes.data !== undefined && shown.length === 0 ? (
        <Text c="dimmed" data-testid="empty-state">
          No server matches the search and label filters.
        </Text>
      ) : (
        shown.length > 0 && (
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="node-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Labels</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Login</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((node) => (
                <NodeRow key={node.name} node={node} onLabelClick={filters.addLabelFilter} />
              ))}
            </Table.Tbody>
          </Table>
        )
      )}
      {nodes.data !== undefined && all.length > 0 && (
        <Text size="xs" c="dimmed">
          {shown.length} of {all.length} servers
        </Text>
      )}
    </Stack>
  );
}
