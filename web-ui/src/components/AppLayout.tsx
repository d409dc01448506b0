import { AppShell, Button, Group, Text, UnstyledButton } from '@mantine/core';
import { NavLink, Outlet } from 'react-router';
import { AssumedRequestBanner } from '../accessrequests/AssumedRequestBanner';
import { useCurrentSession, useSession } from '../session/SessionContext';
import classes from './AppLayout.module.css';
import { NoticeProvider } from './Notices';

// Later kinds (desktops, databases, apps, Kubernetes) live under Resources as tabs.
const LINKS = [
  { to: '/web/resources', label: 'Resources' },
  { to: '/web/sessions', label: 'Active sessions' },
  { to: '/web/requests', label: 'Access requests' },
  { to: '/web/audit', label: 'Audit log' },
  { to: '/web/recordings', label: 'Recordings' },
  { to: '/web/account', label: 'Account' },
];

/**
 * The header every logged-in page shares: navigation, who is logged in, and Log out; above
 * the page, the banner of an assumed access request. Notices outlive moving between pages.
 */
export function AppLayout() {
  const session = useCurrentSession();
  const { signOut } = useSession();
  return (
    <NoticeProvider>
      <AppShell header={{ height: 56 }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap" component="nav" aria-label="Main">
              <Text fw={700} size="lg">
                Gatehouse
              </Text>
              {LINKS.map((link) => (
                <UnstyledButton key={link.to} component={NavLink} to={link.to} className={classes.link}>
                  {link.label}
                </UnstyledButton>
              ))}
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" data-testid="current-user">
                {session.username}
              </Text>
              <Button size="xs" variant="default" onClick={() => void signOut()} data-testid="logout">
                Log out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Main>
          <AssumedRequestBanner />
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </NoticeProvider>
  );
}
