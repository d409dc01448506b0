import { Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AccessRequestState } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { listAccessRequests } from '../accessrequests/accessRequestApi';
import { NewRequestForm } from '../accessrequests/NewRequestForm';
import { RequestsTable } from '../accessrequests/RequestsTable';
import { STATES } from '../accessrequests/requestDisplay';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from '../components/usePageTitle';

// Other people review while the page is open: keep states and approvals current.
const REFRESH_MS = 15_000;

const STATE_FILTERS = [{ value: '', label: 'Any state' }, ...STATES.map((s) => ({ value: s, label: s }))];

export function AccessRequestsPage() {
  usePageTitle('Access requests');
  const [state, setState] = useState<AccessRequestState | ''>('');
  const list = useApiQuery(() => listAccessRequests(state), [state]);
  const { reload } = list;

  useEffect(() => {
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);

  const requests = list.data?.requests ?? [];
  return (
    <Stack gap="md">
      <Title order={2}>Access requests</Title>
      <NewRequestForm onCreated={reload} />
      <Group justify="space-between" align="flex-end">
        <Title order={3}>Requests</Title>
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label="State"
            data={STATE_FILTERS}
            value={state}
            onChange={(e) => setState(e.currentTarget.value as AccessRequestState | '')}
            w={160}
            data-testid="request-state-filter"
          />
          <Button variant="default" onClick={reload}>
            Refresh
          </Button>
        </Group>
      </Group>
      {list.error != null && <ErrorAlert error={list.error} title="Could not list access requests" />}
      {list.loading && !list.data ? (
        <CenteredLoader label="Loading requests…" />
      ) : list.data && requests.length === 0 ? (
        <Text c="dimmed" data-testid="empty-state">
          {state ? `No ${state} requests.` : 'No access requests yet: yours and those you may review show up here.'}
        </Text>
      ) : (
        requests.length > 0 && <RequestsTable requests={requests} onChanged={reload} />
      )}
    </Stack>
  );
}
