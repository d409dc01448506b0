import { Badge, Group, Table, Text } from '@mantine/core';
import type { ListedResource } from '../api/types';
import { rendererFor } from './kindRenderers';
import { LabelBadges } from './LabelBadges';

/** One resource of any kind: the cells every kind has, then its kind's actions. */
export function ResourceRow({ resource, onLabelClick }: { resource: ListedResource; onLabelClick(label: string): void }) {
  const renderer = rendererFor(resource.kind);
  return (
    <Table.Tr data-testid="resource-row" data-kind={resource.kind} data-name={resource.name}>
      <Table.Td>
        <Group gap={6} wrap="nowrap" c="dimmed">
          {renderer && <renderer.Icon />}
          <Text size="sm" data-testid="resource-kind">
            {renderer?.label ?? resource.kind}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td fw={500} data-testid="resource-name">
        {resource.name}
      </Table.Td>
      <Table.Td>
        <LabelBadges resource={resource} onLabelClick={onLabelClick} />
      </Table.Td>
      <Table.Td>
        <Badge color={resource.online ? 'green' : 'gray'} variant="filled" size="sm" tt="none" data-testid="resource-status">
          {resource.online ? 'online' : 'offline'}
        </Badge>
      </Table.Td>
      <Table.Td>
        {renderer ? (
          <renderer.Actions resource={resource} />
        ) : (
          <Text size="xs" c="dimmed" ta="right">
            this page cannot connect to a {resource.kind} yet: reload it
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
