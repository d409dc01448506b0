import { Table } from '@mantine/core';
import type { ListedResource } from '../api/types';
import { ResourceRow } from './ResourceRow';

/** Every kind in one table; on a phone the row folds its labels and status under the name (ResourceRow). */
export function ResourcesTable({ resources, onLabelClick }: { resources: ListedResource[]; onLabelClick(label: string): void }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="resource-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th visibleFrom="sm">Labels</Table.Th>
            <Table.Th visibleFrom="sm">Status</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {resources.map((r) => (
            <ResourceRow key={`${r.kind}/${r.name}`} resource={r} onLabelClick={onLabelClick} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
