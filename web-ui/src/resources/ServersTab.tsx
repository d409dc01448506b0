import { Button, Group, Pill, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { apiGet } from '../api/client';
import type { Node } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { NodeRow } from './NodeRow';
import { filterNodes } from './nodeFilter';

// Nodes join and go on- and offline while the page is open.
const REFRESH_MS = 5_000;

export function ServersTab() {
  const nodes = useApiQuery(() => apiGet<Node[]>('/nodes'), []);
  const { reload } = nodes;
  useEffect(() => {
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);
  const [search, setSearch] = useState('');
  const [labelFilters, setLabelFilters] = useState<string[]>([]);

  const all = nodes.data ?? [];
  const shown = useMemo(() => filterNodes(all, search, labelFilters), [all, search, labelFilters]);

  const addLabelFilter = (label: string) => setLabelFilters((current) => (current.includes(label) ? current : [...current, label]));
  const removeLabelFilter = (label: string) => setLabelFilters((current) => current.filter((l) => l !== label));

  return (
    <Stack gap="sm">
      <Group gap="sm" align="center">
        <TextInput
          placeholder="Search"
          aria-label="Search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
          data-testid="resource-search"
        />
        <Button variant="default" onClick={reload}>
          Refresh
        </Button>
      </Group>
      {labelFilters.length > 0 && (
        <Group gap="xs" data-testid="label-filters">
          <Text size="sm" c="dimmed">
            Labels:
          </Text>
          {labelFilters.map((label) => (
            <Pill
              key={label}
              withRemoveButton
              onRemove={() => removeLabelFilter(label)}
              // Mantine hides the remove button from keyboards and screen readers by default.
              removeButtonProps={{ 'aria-label': `Remove filter ${label}`, 'aria-hidden': false, tabIndex: 0 }}
              data-testid="label-filter"
              data-label={label}
            >
              {label}
            </Pill>
          ))}
        </Group>
      )}
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
                <NodeRow key={node.name} node={node} onLabelClick={addLabelFilter} />
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
