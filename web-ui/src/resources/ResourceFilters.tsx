import { Button, Group, Pill, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { filterNodes, type Labelled } from './nodeFilter';

export interface ResourceFilterState<T> {
  search: string;
  setSearch(search: string): void;
  labelFilters: string[];
  addLabelFilter(label: string): void;
  removeLabelFilter(label: string): void;
  /** The resources that pass the search and every label filter. */
  shown: T[];
}

/** The search text and label filters of one resources tab. */
export function useResourceFilters<T extends Labelled>(all: T[]): ResourceFilterState<T> {
  const [search, setSearch] = useState('');
  const [labelFilters, setLabelFilters] = useState<string[]>([]);
  const shown = useMemo(() => filterNodes(all, search, labelFilters), [all, search, labelFilters]);
  const addLabelFilter = (label: string) => setLabelFilters((current) => (current.includes(label) ? current : [...current, label]));
  const removeLabelFilter = (label: string) => setLabelFilters((current) => current.filter((l) => l !== label));
  return { search, setSearch, labelFilters, addLabelFilter, removeLabelFilter, shown };
}

/** The search box, the Refresh button and the label filters in force (each removable). */
export function ResourceFilters<T>({ filters, onRefresh }: { filters: ResourceFilterState<T>; onRefresh(): void }) {
  return (
    <>
      <Group gap="sm" align="center">
        <TextInput
          placeholder="Search"
          aria-label="Search"
          value={filters.search}
          onChange={(e) => filters.setSearch(e.currentTarget.value)}
          w={320}
          data-testid="resource-search"
        />
        <Button variant="default" onClick={onRefresh}>
          Refresh
        </Button>
      </Group>
      {filters.labelFilters.length > 0 && (
        <Group gap="xs" data-testid="label-filters">
          <Text size="sm" c="dimmed">
            Labels:
          </Text>
          {filters.labelFilters.map((label) => (
            <Pill
              key={label}
              withRemoveButton
              onRemove={() => filters.removeLabelFilter(label)}
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
