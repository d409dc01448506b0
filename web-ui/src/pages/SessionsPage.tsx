import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { apiGet } from '../api/client';
import type { ActiveSession } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatTime } from '../components/format';
import { usePageTitle } from '../components/usePageTitle';

const REFRESH_MS = 10_000;

export function SessionsPage() {
  usePageTitle('Active sessions');
  const sessions = useApiQuery(() => apiGet<ActiveSession[]>('/sessions/active'), []);
  const { reload } = sessions;

  // Sessions come and go: keep the list current while the page is open.
  useEffect(() => {
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);

  const list = sessions.data ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Active sessions</Title>
        <Button variant="default" onClick={reload}>
          Refresh
        </Button>
      </Group>
      {sessions.error != null && <ErrorAlert error={sessions.error} title="Could not list active sessions" />}
      {sessions.loading && !sessions.data ? (
        <CenteredLoader label="Loading sessions…" />
      ) : sessions.data && list.length === 0 ? (
        <Text c="dimmed" data-testid="empty-state">
          No session is running now.
        </Text>
      ) : (
        list.length > 0 && (
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>User</Table.Th>
                <Table.Th>Resource</Table.Th>
                <Table.Th>Login</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>Session ID</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((s) => (
                <Table.Tr
                  key={s.session_id}
                  data-testid="session-row"
                  data-session={s.session_id}
                  data-kind={s.kind}
                >
                  <Table.Td>{s.user}</Table.Td>
                  <Table.Td>{s.node}</Table.Td>
                  <Table.Td>{s.login}</Table.Td>
                  <Table.Td>{s.kind}</Table.Td>
                  <Table.Td>{formatTime(s.started)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {s.session_id}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )
      )}
    </Stack>
  );
}
