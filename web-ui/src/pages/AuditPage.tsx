import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { apiGet } from '../api/client';
import type { AuditPage as AuditPageData } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { AuditFiltersForm } from '../audit/AuditFiltersForm';
import { AuditTable } from '../audit/AuditTable';
import { auditQuery, defaultFilters, OLDEST_PAGE, type AuditFilters } from '../audit/auditQuery';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from '../components/usePageTitle';

/** Newest events first; First/Previous/Next/Last walk towards older events and back. */
export function AuditPage() {
  usePageTitle('Audit log');
  const [filters, setFilters] = useState<AuditFilters>(() => defaultFilters());
  const [pageToken, setPageToken] = useState<string | null>(null);

  const page = useApiQuery(() => apiGet<AuditPageData>('/audit/events', auditQuery(filters, pageToken)), [filters, pageToken]);
  const events = page.data?.events ?? [];
  const older = page.data?.next_page_token ?? null;
  const newer = page.data?.prev_page_token ?? null;
  const busy = page.loading;

  const { reload } = page;
  const apply = useCallback(
    (f: AuditFilters) => {
      setFilters(f);
      setPageToken(null);
      reload(); // even when nothing changed: "Apply" doubles as refresh
    },
    [reload],
  );

  return (
    <Stack gap="md">
      <Title order={2}>Audit log</Title>
      <AuditFiltersForm initial={filters} onApply={apply} />
      {page.error != null && <ErrorAlert error={page.error} title="Could not read the audit log" />}
      {page.loading && !page.data ? (
        <CenteredLoader label="Loading events…" />
      ) : page.data && events.length === 0 ? (
        <Text c="dimmed" data-testid="empty-state">
          No events match these filters.
        </Text>
      ) : (
        events.length > 0 && <AuditTable events={events} />
      )}
      <Group gap="sm" data-testid="audit-paging">
        <Button variant="default" disabled={busy || newer === null} onClick={() => setPageToken(null)}>
          First
        </Button>
        <Button variant="default" disabled={busy || newer === null} onClick={() => setPageToken(newer)}>
          Previous
        </Button>
        <Button variant="default" disabled={busy || older === null} onClick={() => setPageToken(older)}>
          Next
        </Button>
        <Button variant="default" disabled={busy || older === null} onClick={() => setPageToken(OLDEST_PAGE)}>
          Last
        </Button>
        <Text size="sm" c="dimmed" data-testid="audit-page-range">
          {pageRange(events)}
          {page.loading && page.data ? ' — loading…' : ''}
        </Text>
      </Group>
    </Stack>
  );
}

/** "Newest first: 12:01:03 – 11:58:40", from the page's first and last events. */
function pageRange(events: AuditPageData['events']): string {
  const newest = events[0];
  const oldest = events[events.length - 1];
  if (!newest || !oldest) return '';
  const time = (iso: string) => new Date(iso).toLocaleString();
  return `Newest first: ${time(newest.time)} – ${time(oldest.time)}`;
}
