import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { AccessRequest } from '../api/types';
import { formatTime } from '../components/format';
import { inertText } from '../components/inertText';
import { formatRelative } from '../components/relativeTime';
import { RequestDetails } from './RequestDetails';
import { approvalCount, canAssume, canCancel, shortId, stateColor } from './requestDisplay';

export const REQUEST_COLUMNS = 8;

export interface RowActions {
  review(request: AccessRequest, approve: boolean): void;
  cancel(request: AccessRequest): void;
  assume(request: AccessRequest): void;
  /** The action key running now ("cancel:<id>", "assume:<id>"), or null. */
  running: string | null;
}

interface Props {
  request: AccessRequest;
  username: string;
  now: number;
  actions: RowActions;
}

/** One request, and under it (when opened) its reviews. User text is only ever a text child. */
export function RequestRow({ request, username, now, actions }: Props) {
  const [open, setOpen] = useState(false);
  const { id, state } = request;
  const busy = actions.running !== null;
  return (
    <>
      <Table.Tr data-testid="request-row" data-request-id={id} data-state={state}>
        <Table.Td>
          <Text size="xs" ff="monospace">
            {shortId(id)}
          </Text>
        </Table.Td>
        <Table.Td>{inertText(request.user)}</Table.Td>
        <Table.Td>
          <Group gap={4}>
            {request.roles.map((role) => (
              <Badge key={role} size="sm" variant="outline" tt="none">
                {inertText(role)}
              </Badge>
            ))}
          </Group>
        </Table.Td>
        <Table.Td>
          <Badge size="sm" variant="light" color={stateColor(state)} tt="none" data-testid="request-state">
            {state}
          </Badge>
        </Table.Td>
        <Table.Td maw={320}>
          <Text size="sm" lineClamp={open ? undefined : 3} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="request-reason-text">
            {inertText(request.reason)}
          </Text>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Text size="sm">{formatRelative(request.expires, now)}</Text>
          <Text size="xs" c="dimmed">
            {formatTime(request.expires)}
          </Text>
        </Table.Td>
        <Table.Td data-testid="request-approvals">
          {approvalCount(request)} / {request.approvals_needed}
        </Table.Td>
        <Table.Td>
          <Group gap={6} wrap="nowrap">
            {request.can_review && state === 'pending' && (
              <>
                <Button size="xs" color="green" variant="light" disabled={busy} onClick={() => actions.review(request, true)} data-testid="request-approve">
                  Approve
                </Button>
                <Button size="xs" color="red" variant="light" disabled={busy} onClick={() => actions.review(request, false)} data-testid="request-deny">
                  Deny
                </Button>
              </>
            )}
            {canAssume(request, username, now) && (
              <Button size="xs" disabled={busy} loading={actions.running === `assume:${id}`} onClick={() => actions.assume(request)} data-testid="request-assume">
                Assume
              </Button>
            )}
            {canCancel(request, username) && (
              <Button size="xs" variant="default" disabled={busy} loading={actions.running === `cancel:${id}`} onClick={() => actions.cancel(request)} data-testid="request-cancel">
                Cancel
              </Button>
            )}
            <Button size="xs" variant="subtle" onClick={() => setOpen((v) => !v)} aria-expanded={open} data-testid="request-details">
              {open ? 'Hide' : 'Details'}
            </Button>
          </Group>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr data-testid="request-details-row" data-request-id={id}>
          <Table.Td colSpan={REQUEST_COLUMNS}>
            <RequestDetails request={request} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
