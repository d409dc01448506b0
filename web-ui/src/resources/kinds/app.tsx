import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { ListedResource } from '../../api/types';
import type { KindRenderer } from '../kindRenderer';

function AppIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden="true">
      <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" />
      <path d="M1.5 5.5h13" />
      <path d="M5 9l-1.5 1.5L5 12M11 9l1.5 1.5L11 12" />
    </svg>
  );
}

/** How the app is reached: `tcp` through `gate proxy app`, `http` (and https) in the browser. */
export function uriKindName(uriKind: unknown): string {
  if (uriKind === 'tcp') return 'TCP';
  if (uriKind === 'http') return 'HTTP';
  return typeof uriKind === 'string' ? uriKind : '';
}

/** What a user runs: a local listener on a free port, printed by gate. */
export function proxyCommand(name: string): string {
  return `gate proxy app ${name} --port 0`;
}

/** The address kind and the command to copy. */
function AppActions({ resource: app }: { resource: ListedResource }) {
  const command = proxyCommand(app.name);
  const kind = uriKindName(app.uri_kind);
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs" justify="flex-end" wrap="nowrap">
        {kind && (
          <Text size="xs" c="dimmed" data-testid="app-kind">
            {kind}
          </Text>
        )}
        <Code data-testid="app-command" style={{ whiteSpace: 'nowrap' }}>
          {command}
        </Code>
        <CopyButton value={command}>
          {({ copied, copy }) => (
            <Button size="xs" variant={copied ? 'light' : 'filled'} onClick={copy} data-testid="app-copy" aria-label={`Copy the command that reaches ${app.name}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      {!app.online && (
        <Text size="xs" c="dimmed" data-testid="app-status">
          {`${app.name} is offline`}
        </Text>
      )}
    </Stack>
  );
}

export const renderer: KindRenderer = { kind: 'app', label: 'App', plural: 'Apps', order: 40, Icon: AppIcon, Actions: AppActions };
