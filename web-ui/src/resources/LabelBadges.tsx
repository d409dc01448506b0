import { Badge, Group } from '@mantine/core';
import { nodeLabels, type Labelled } from './nodeFilter';

/** A resource's labels as `key=value` badges; a click filters the tab by that label. */
export function LabelBadges({ resource, plural, onLabelClick }: { resource: Labelled; plural: string; onLabelClick(label: string): void }) {
  return (
    <Group gap={4}>
      {nodeLabels(resource).map((label) => (
        <Badge
          key={label}
          component="button"
          type="button"
          variant="light"
          size="sm"
          tt="none"
          style={{ cursor: 'pointer' }}
          title={`Show only ${plural} labelled ${label}`}
          onClick={() => onLabelClick(label)}
          data-testid="node-label"
        >
          {label}
        </Badge>
      ))}
    </Group>
  );
}
