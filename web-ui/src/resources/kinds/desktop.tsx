import { Button, Group, Menu, Text } from '@mantine/core';
import type { ListedResource } from '../../api/types';
import { desktopPath } from '../../desktop/desktopUrls';
import type { KindRenderer } from '../kindRenderer';

function DesktopIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden="true">
      <rect x="1.5" y="2" width="13" height="9" rx="1" />
      <path d="M6 14h4M8 11v3" />
    </svg>
  );
}

/** Connect with a login to pick; offline: says so instead. */
function DesktopActions({ resource: desktop }: { resource: ListedResource }) {
  if (!desktop.online) {
    return (
      <Text size="xs" c="dimmed" ta="right">
        {`${desktop.name} is offline`}
      </Text>
    );
  }
  // Links, not buttons: a desktop gets a tab of its own (it wants the whole window and the
  // keyboard), and a link can also be middle-clicked or copied.
  return (
    <Group justify="flex-end">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" data-testid="desktop-connect" aria-label={`Connect to ${desktop.name}`}>
            Connect ▾
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Log in as</Menu.Label>
          {desktop.logins.map((login) => (
            <Menu.Item
              key={login}
              component="a"
              href={desktopPath(desktop.name, login)}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="desktop-login"
              data-login={login}
            >
              {login}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

export const renderer: KindRenderer = { kind: 'desktop', label: 'Desktop', plural: 'Desktops', order: 20, Icon: DesktopIcon, Actions: DesktopActions };
