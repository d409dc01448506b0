import { Badge, Group } from '@mantine/core';
import type { ListedResource } from '../api/types';
import { resourceLabels } from './labels';

/** A resource's labels as `key=value` badges; a click adds that label to the filters. */
export function LabelBadges({ resource, onLabelClick }: { resource: ListedResource; onLabelClick(label: string): void }) {
  return (
    <Group gap={4}>
      {resourceLabels(resource).map((label) => (
        <Badge
          key={label}
          component="button"
          type="button"
          variant="light"
          size="sm"
          tt="none"
          style={{ cursor: 'pointer' }}
          title={`Show only resources labelled ${label}`}
          onClick={() => onLabelClick(label)}
          data-testid="resource-label"
        >
          {label}
        </Badge>
      ))}
    </Group>
  );
}
