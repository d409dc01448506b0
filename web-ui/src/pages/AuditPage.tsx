import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { apiGet } from '../api/client';
import type { AuditPage as AuditPageData } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { AuditFiltersForm } from '../audit/AuditFiltersForm';
import { AuditTable } from '../audit/AuditTable';
import { auditQuery, defaultFilters, type AuditFilters } from '../audit/auditQuery';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from '../components/usePageTitle';

export function AuditPage() {
  usePageTitle('Audit log');
  const [filters, setFilters] = useState<AuditFilters>(() => defaultFilters());
  const [pageToken, setPageToken] = useState<string | null>(null);
  const [pageNumber, setPageNumber] = useState(1);

  const page = useApiQuery(() => apiGet<AuditPageData>('/audit/events', auditQuery(filters, pageToken)), [filters, pageToken]);
  const events = page.data?.events ?? [];
  const next = page.data?.next_page_token ?? null;

  const { reload } = page;
  const apply = useCallback(
    (f: AuditFilters) => {
      setFilters(f);
      setPageToken(null);
      setPageNumber(1);
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
      <Group gap="sm">
        <Button
          variant="default"
          disabled={pageToken === null}
          onClick={() => {
            setPageToken(null);
            setPageNumber(1);
          }}
        >
          First page
        </Button>
        <Button
          variant="default"
          disabled={next === null || page.loading}
          onClick={() => {
            setPageToken(next);
            setPageNumber((n) => n + 1);
          }}
        >
          Next page
        </Button>
        <Text size="sm" c="dimmed" data-testid="audit-page-number">
          Page {pageNumber}
          {page.loading && page.data ? ' — loading…' : ''}
        </Text>
      </Group>
    </Stack>
  );
}
