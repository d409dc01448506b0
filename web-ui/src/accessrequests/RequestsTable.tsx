import { Box, Table } from '@mantine/core';
import type { AccessRequest } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { useCurrentSession } from '../session/SessionContext';
import { RequestRow } from './RequestRow';
import { ReviewModal } from './ReviewModal';
import { newestFirst } from './requestDisplay';
import { useRequestActions } from './useRequestActions';

/** The list with its actions: review (in a modal), cancel, assume. */
export function RequestsTable({ requests, onChanged }: { requests: AccessRequest[]; onChanged(): void }) {
  const { username } = useCurrentSession();
  const actions = useRequestActions(onChanged);
  const now = Date.now(); // the list refreshes often enough for "expires in …" and Assume to stay right

  return (
    <>
      {actions.error != null && (
        <Box data-testid="request-action-error">
          <ErrorAlert error={actions.error} title="The request could not be changed" />
        </Box>
      )}
      <Table verticalSpacing="xs" highlightOnHover data-testid="request-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>ID</Table.Th>
            <Table.Th>User</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Approvals</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst(requests).map((request) => (
            <RequestRow key={request.id} request={request} username={username} now={now} actions={actions} />
          ))}
        </Table.Tbody>
      </Table>
      <ReviewModal target={actions.reviewing} onClose={actions.closeReview} onReviewed={actions.reviewed} />
    </>
  );
}
