import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { inertText } from '../components/inertText';
import type { DesktopStatus } from './DesktopConnection';
import classes from './Desktop.module.css';

const TITLES: Record<string, string> = {
  access_denied: 'Access denied',
  not_found: 'No such desktop',
  offline: 'The desktop is offline',
  unreachable: 'The desktop cannot be reached',
  bad_credential: 'The desktop refused the login',
  untrusted: "The desktop's identity could not be verified",
  protocol: 'The session broke down',
  session_expired: 'Your session expired',
  access_expired: 'Your temporary access ended',
  unauthenticated: 'You are not logged in',
  connection_lost: 'Connection lost',
};

/** Over the screen while connecting, and after the session ended with why and a way back in. */
export function DesktopOverlay({ status, target, onReconnect }: { status: DesktopStatus; target: string; onReconnect(): void }) {
  if (status.kind === 'connected') return null;
  if (status.kind === 'connecting') {
    return (
      <div className={classes.overlay} role="status">
        <Group gap="sm">
          <Loader size="sm" />
          <Text c="gray.2">Connecting to {target}…</Text>
        </Group>
      </div>
    );
  }
  const title = status.kind === 'closed' ? 'Session ended' : (TITLES[status.code] ?? 'The desktop session failed');
  return (
    <div className={classes.overlay}>
      <Paper p="lg" radius="md" maw={520} data-testid="desktop-error" data-kind={status.kind} data-code={status.kind === 'error' ? status.code : undefined}>
        <Stack gap="md">
          {/* Server text: inert, as text only. */}
          <Alert role="alert" color={status.kind === 'closed' ? 'gray' : 'red'} variant="light" title={title}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {inertText(status.message)}
            </Text>
          </Alert>
          <Group justify="space-between">
            <Button onClick={onReconnect} data-testid="desktop-reconnect">
              Reconnect
            </Button>
            <Anchor component={Link} to="/web/resources" size="sm">
              Back to resources
            </Anchor>
          </Group>
        </Stack>
      </Paper>
    </div>
  );
}
