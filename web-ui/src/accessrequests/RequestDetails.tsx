import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { AccessRequest } from '../api/types';
import { formatTime } from '../components/format';
import { inertText } from '../components/inertText';

// Every user-written string here goes through inertText() and is a text child, never an attribute.
const USER_TEXT = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/** The expanded part of a request row: full id, times, why it was decided, and every review. */
export function RequestDetails({ request }: { request: AccessRequest }) {
  const reviews = request.reviews ?? [];
  return (
    <Stack gap="xs" py="xs" data-testid="request-details-panel">
      <Group gap="lg">
        <Text size="xs" c="dimmed">
          ID{' '}
          <Text span ff="monospace" size="xs">
            {request.id}
          </Text>
        </Text>
        <Text size="xs" c="dimmed">
          Created {formatTime(request.created)}
        </Text>
      </Group>
      {request.resolve_reason && (
        <Text size="sm" style={USER_TEXT} data-testid="request-resolve-reason">
          Decision: {inertText(request.resolve_reason)}
        </Text>
      )}
      {reviews.length === 0 ? (
        <Text size="sm" c="dimmed">
          No reviews yet.
        </Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={4} data-testid="request-reviews">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Reviewer</Table.Th>
              <Table.Th>Decision</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Time</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reviews.map((review, i) => (
              <Table.Tr key={`${review.author}:${review.at}:${i}`} data-testid="review-row">
                <Table.Td>{inertText(review.author)}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={review.approve ? 'green' : 'red'} tt="none">
                    {review.approve ? 'approved' : 'denied'}
                  </Badge>
                </Table.Td>
                <Table.Td maw={480}>
                  <Text size="sm" style={USER_TEXT} data-testid="review-text">
                    {inertText(review.reason) || '—'}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(review.at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
