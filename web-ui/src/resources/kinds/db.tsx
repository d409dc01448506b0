import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { ListedResource } from '../../api/types';
import type { KindRenderer } from '../kindRenderer';

function DatabaseIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden="true">
      <ellipse cx="8" cy="3.5" rx="5.5" ry="2" />
      <path d="M2.5 3.5v9c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2v-9" />
      <path d="M2.5 8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2" />
    </svg>
  );
}

/** The proxy's protocol ids as people call them. */
const PROTOCOLS: Record<string, string> = { postgres: 'PostgreSQL', mysql: 'MySQL' };

export function protocolName(protocol: unknown): string {
  return typeof protocol === 'string' ? (PROTOCOLS[protocol] ?? protocol) : '';
}

/** What a user runs: databases are reached with their own clients through `gate`, not in the browser. */
export function connectCommand(name: string): string {
  return `gate db connect ${name}`;
}

/** The protocol, the command to copy, and the database users the roles allow there. */
function DatabaseActions({ resource: db }: { resource: ListedResource }) {
  const command = connectCommand(db.name);
  const protocol = protocolName(db.protocol);
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs" justify="flex-end" wrap="nowrap">
        {protocol && (
          <Text size="xs" c="dimmed" data-testid="db-protocol">
            {protocol}
          </Text>
        )}
        <Code data-testid="db-command" style={{ whiteSpace: 'nowrap' }}>
          {command}
        </Code>
        <CopyButton value={command}>
          {({ copied, copy }) => (
            <Button size="xs" variant={copied ? 'light' : 'filled'} onClick={copy} data-testid="db-copy" aria-label={`Copy the command that connects to ${db.name}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Text size="xs" c="dimmed" data-testid="db-users">
        {db.online ? `as ${db.logins.join(', ')}` : `${db.name} is offline`}
      </Text>
    </Stack>
  );
}

export const renderer: KindRenderer = { kind: 'db', label: 'Database', plural: 'Databases', order: 30, Icon: DatabaseIcon, Actions: DatabaseActions };
