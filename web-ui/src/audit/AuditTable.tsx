import { Badge, Code, Table, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { AuditEvent } from '../api/types';
import { formatTime } from '../components/format';
import { shortJson } from './auditQuery';

/** Audit events; every server string is rendered as text, so markup in a field shows as typed. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <Table striped verticalSpacing="xs" data-testid="audit-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Time</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>User</Table.Th>
          <Table.Th>Resource</Table.Th>
          <Table.Th>Outcome</Table.Th>
          <Table.Th>Details</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.map((event) => (
          <AuditRow key={event.id} event={event} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  const [expanded, setExpanded] = useState(false);
  return (
    <Table.Tr data-testid="audit-row" data-type={event.type} data-code={event.code}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(event.time)}</Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {event.type}
        </Text>
        <Text size="xs" c="dimmed">
          {event.code}
        </Text>
      </Table.Td>
      <Table.Td>{event.user ?? '—'}</Table.Td>
      <Table.Td>{event.resource ?? '—'}</Table.Td>
      <Table.Td>
        <OutcomeBadge outcome={event.outcome} />
      </Table.Td>
      <Table.Td maw={480}>
        <UnstyledButton
          onClick={() => setExpanded((v) => !v)}
          aria-expanded={expanded}
          title={expanded ? 'Show less' : 'Show all fields'}
          data-testid="audit-details"
        >
          {expanded ? (
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {JSON.stringify(event.fields ?? {}, null, 2)}
            </Code>
          ) : (
            <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {shortJson(event.fields)}
            </Text>
          )}
        </UnstyledButton>
      </Table.Td>
    </Table.Tr>
  );
}

function OutcomeBadge({ outcome }: { outcome: string | null }) {
  if (!outcome) return <>—</>;
  const good = /^(success|ok|allowed|granted)$/i.test(outcome);
  const bad = /(fail|denied|refused|error|locked)/i.test(outcome);
  return (
    <Badge size="sm" variant="light" color={good ? 'green' : bad ? 'red' : 'gray'} tt="none">
      {outcome}
    </Badge>
  );
}
