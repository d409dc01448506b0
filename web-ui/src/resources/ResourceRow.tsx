import { Badge, Box, Group, Stack, Table, Text } from '@mantine/core';
import type { ListedResource } from '../api/types';
import { rendererFor } from './kindRenderers';
import { LabelBadges } from './LabelBadges';

/**
 * One resource of any kind: the cells every kind has, then its kind's actions. Below the `sm`
 * breakpoint (a phone) the Labels and Status columns fold under the name and the kind shows as its
 * icon, so Connect stays on screen without scrolling sideways.
 */
export function ResourceRow({ resource, onLabelClick }: { resource: ListedResource; onLabelClick(label: string): void }) {
  const renderer = rendererFor(resource.kind);
  const label = renderer?.label ?? resource.kind;
  return (
    <Table.Tr data-testid="resource-row" data-kind={resource.kind} data-name={resource.name}>
      <Table.Td c="dimmed">
        <Group gap={6} wrap="nowrap" visibleFrom="sm">
          {renderer && <renderer.Icon />}
          <Text size="sm" data-testid="resource-kind">
            {label}
          </Text>
        </Group>
        <Box hiddenFrom="sm" role="img" aria-label={label} title={label}>
          {renderer ? <renderer.Icon /> : <Text size="xs">{label}</Text>}
        </Box>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} data-testid="resource-name" style={{ overflowWrap: 'anywhere' }}>
          {resource.name}
        </Text>
        <Stack hiddenFrom="sm" gap={4} mt={4} align="flex-start">
          <Status online={resource.online} testId="resource-status-compact" />
          <LabelBadges resource={resource} onLabelClick={onLabelClick} />
        </Stack>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <LabelBadges resource={resource} onLabelClick={onLabelClick} />
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Status online={resource.online} testId="resource-status" />
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

function Status({ online, testId }: { online: boolean; testId: string }) {
  return (
    <Badge color={online ? 'green' : 'gray'} variant="filled" size="sm" tt="none" data-testid={testId}>
      {online ? 'online' : 'offline'}
    </Badge>
  );
}
