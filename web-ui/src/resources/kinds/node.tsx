import { Button, Group, NativeSelect } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ListedResource } from '../../api/types';
import { terminalPath } from '../../terminal/terminalUrls';
import type { KindRenderer } from '../kindRenderer';

function ServerIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden="true">
      <rect x="2" y="2" width="12" height="5" rx="1" />
      <rect x="2" y="9" width="12" height="5" rx="1" />
      <circle cx="5" cy="4.5" r="0.6" fill="currentColor" />
      <circle cx="5" cy="11.5" r="0.6" fill="currentColor" />
    </svg>
  );
}

/** A login to pick and Connect: the terminal opens in this tab. */
function NodeActions({ resource: node }: { resource: ListedResource }) {
  const navigate = useNavigate();
  const [login, setLogin] = useState(node.logins[0] ?? '');
  return (
    <Group gap="xs" justify="flex-end">
      {/* A native <select>: keyboard- and test-friendly, and the list is short. */}
      <NativeSelect
        aria-label={`Login on ${node.name}`}
        data={node.logins}
        value={login}
        onChange={(e) => setLogin(e.currentTarget.value)}
        size="xs"
        w={{ base: 110, sm: 130 }}
        data-testid="login-select"
      />
      <Button
        size="xs"
        disabled={!node.online || !login}
        title={node.online ? undefined : `${node.name} is offline`}
        onClick={() => navigate(terminalPath(node.name, login))}
        data-testid="connect"
      >
        Connect
      </Button>
    </Group>
  );
}

export const renderer: KindRenderer = { kind: 'node', label: 'Server', plural: 'Servers', order: 10, Icon: ServerIcon, Actions: NodeActions };
