import { Button, Group, Pill, SegmentedControl, Text, TextInput } from '@mantine/core';
import { KIND_RENDERERS } from './kindRenderers';
import type { ResourceFilter } from './resourceFilter';

/** The one filter bar: kind, search text, Refresh, and the label filters in force (each removable). */
export function ResourceFilters({
  filter,
  search,
  onSearch,
  onKind,
  onRemoveLabel,
  onRefresh,
}: {
  filter: ResourceFilter;
  /** What the search box shows now (the filter follows it a moment later). */
  search: string;
  onSearch(search: string): void;
  onKind(kind: string): void;
  onRemoveLabel(label: string): void;
  onRefresh(): void;
}) {
  const kinds = [{ value: '', label: 'All' }, ...KIND_RENDERERS.map((r) => ({ value: r.kind, label: r.plural }))];
  return (
    <>
      <Group gap="sm" align="center">
        <SegmentedControl size="sm" data={kinds} value={filter.kind} onChange={onKind} aria-label="Kind" data-testid="kind-filter" />
        <TextInput
          placeholder="Search names and labels"
          aria-label="Search"
          value={search}
          onChange={(e) => onSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 280 }}
          data-testid="resource-search"
        />
        <Button variant="default" onClick={onRefresh}>
          Refresh
        </Button>
      </Group>
      {filter.labels.length > 0 && (
        <Group gap="xs" data-testid="label-filters">
          <Text size="sm" c="dimmed">
            Labels:
          </Text>
          {filter.labels.map((label) => (
            <Pill
              key={label}
              withRemoveButton
              onRemove={() => onRemoveLabel(label)}
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
    </>
  );
}
