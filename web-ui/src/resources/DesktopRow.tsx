import { Badge, Button, Menu, Table, Text } from '@mantine/core';
import type { Desktop } from '../api/types';
import { desktopPath } from '../desktop/desktopUrls';
import { LabelBadges } from './LabelBadges';

/** One desktop: its labels (click one to filter by it), status, and Connect with a login to pick. */
export function DesktopRow({ desktop, onLabelClick }: { desktop: Desktop; onLabelClick(label: string): void }) {
  return (
    <Table.Tr data-testid="desktop-row" data-desktop={desktop.name}>
      <Table.Td fw={500} data-testid="desktop-name">
        {desktop.name}
      </Table.Td>
      <Table.Td>
        <Badge variant="outline" color="gray" size="sm" tt="none">
          Desktop
        </Badge>
      </Table.Td>
      <Table.Td>
        <LabelBadges resource={desktop} plural="desktops" onLabelClick={onLabelClick} />
      </Table.Td>
      <Table.Td>
        <Badge color={desktop.online ? 'green' : 'gray'} variant="filled" size="sm" tt="none" data-testid="desktop-status">
          {desktop.online ? 'online' : 'offline'}
        </Badge>
      </Table.Td>
      <Table.Td>{desktop.online ? <ConnectMenu desktop={desktop} /> : <Text size="xs" c="dimmed">{`${desktop.name} is offline`}</Text>}</Table.Td>
    </Table.Tr>
  );
}

// Links, not buttons: a desktop gets a tab of its own (it wants the whole window and the
// keyboard), and a link can also be middle-clicked or copied.
function ConnectMenu({ desktop }: { desktop: Desktop }) {
  return (
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
  );
}
