import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { apiGet } from '../api/client';
import type { Recording } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatBytes, formatTime } from '../components/format';
import { usePageTitle } from '../components/usePageTitle';

const LIMIT = 200;

export function RecordingsPage() {
  usePageTitle('Recordings');
  const recordings = useApiQuery(() => apiGet<Recording[]>('/recordings', { limit: LIMIT }), []);
  const list = recordings.data ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Recordings</Title>
        <Button variant="default" onClick={recordings.reload}>
          Refresh
        </Button>
      </Group>
      {recordings.error != null && <ErrorAlert error={recordings.error} title="Could not list recordings" />}
      {recordings.loading && !recordings.data ? (
        <CenteredLoader label="Loading recordings…" />
      ) : recordings.data && list.length === 0 ? (
        <Text c="dimmed" data-testid="empty-state">
          No recordings yet: every terminal session is recorded once it starts.
        </Text>
      ) : (
        list.length > 0 && (
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>User</Table.Th>
                <Table.Th>Node</Table.Th>
                <Table.Th>Login</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((r) => (
                <Table.Tr key={r.session_id} data-testid="recording-row" data-session={r.session_id}>
                  <Table.Td>{formatTime(r.started)}</Table.Td>
                  <Table.Td>{r.user}</Table.Td>
                  <Table.Td>{r.node}</Table.Td>
                  <Table.Td>{r.login}</Table.Td>
                  <Table.Td>
                    {formatBytes(r.size)}
                    {!r.complete && (
                      <Badge ml="xs" size="xs" color="yellow" variant="light">
                        in progress
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/web/recordings/${encodeURIComponent(r.session_id)}`}>
                      Play
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )
      )}
      {list.length >= LIMIT && (
        <Text size="xs" c="dimmed">
          Showing at most {LIMIT} recordings.
        </Text>
      )}
    </Stack>
  );
}
