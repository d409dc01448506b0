import { Alert, Box, Button, Group, Text } from '@mantine/core';
import { ErrorAlert } from '../components/ErrorAlert';
import { useNotify } from '../components/Notices';
import { formatTime } from '../components/format';
import { inertText } from '../components/inertText';
import { useApiAction } from '../api/useApiAction';
import { useCurrentSession, useSession } from '../session/SessionContext';
import { useAccessExpiryRefresh } from '../session/useAccessExpiryRefresh';
import { dropAccessRequest } from './accessRequestApi';

/** Shown on every page while the session uses an assumed access request's roles. */
export function AssumedRequestBanner() {
  useAccessExpiryRefresh();
  const session = useCurrentSession();
  const { replaceSession } = useSession();
  const notify = useNotify();
  const drop = useApiAction();

  const requestId = session.active_request;
  if (!requestId) return null;

  async function returnToOwnRoles() {
    const own = await drop.run('drop', dropAccessRequest);
    if (!own) return;
    replaceSession(own);
    notify({ title: 'Back on your own roles', message: `Roles: ${own.roles.join(', ') || 'none'}.`, color: 'blue' });
  }

  return (
    <>
      <Alert color="orange" variant="light" mb="md" data-testid="assumed-banner" data-request-id={requestId}>
        <Group justify="space-between" wrap="nowrap" gap="md">
          <Text size="sm">
            Using access request{' '}
            <Text span ff="monospace" size="sm">
              {requestId}
            </Text>{' '}
            (roles {inertText(session.roles.join(', ')) || 'none'}) until {formatTime(session.access_expires)}
            .
          </Text>
          <Button size="xs" variant="white" color="orange" loading={drop.running === 'drop'} onClick={() => void returnToOwnRoles()} data-testid="drop-request">
            Return to my roles
          </Button>
        </Group>
      </Alert>
      {drop.error != null && (
        <Box mb="md" data-testid="drop-error">
          <ErrorAlert error={drop.error} title="Could not return to your own roles" />
        </Box>
      )}
    </>
  );
}
