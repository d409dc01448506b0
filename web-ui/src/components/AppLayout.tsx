import { AppShell, Burger, Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink, Outlet } from 'react-router';
import { AssumedRequestBanner } from '../accessrequests/AssumedRequestBanner';
import { useCurrentSession, useSession } from '../session/SessionContext';
import classes from './AppLayout.module.css';
import { NoticeProvider } from './Notices';

// Every kind (servers, desktops; later databases, apps, Kubernetes) is listed in the one Resources table.
const LINKS = [
  { to: '/web/resources', label: 'Resources' },
  { to: '/web/sessions', label: 'Active sessions' },
  { to: '/web/requests', label: 'Access requests' },
  { to: '/web/audit', label: 'Audit log' },
  { to: '/web/recordings', label: 'Recordings' },
  { to: '/web/account', label: 'Account' },
];

/** Below this width the links move into a menu behind a burger button (a phone: 390 px wide). */
const WIDE = 'lg';

/**
 * The header every logged-in page shares: navigation, who is logged in, and Log out; above
 * the page, the banner of an assumed access request. Notices outlive moving between pages.
 * On a narrow screen the links fold into a menu that opens under the header.
 */
export function AppLayout() {
  const session = useCurrentSession();
  const { signOut } = useSession();
  const [menuOpen, menu] = useDisclosure(false);
  return (
    <NoticeProvider>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: 260, breakpoint: WIDE, collapsed: { mobile: !menuOpen, desktop: true } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap" component="nav" aria-label="Main">
              <Burger opened={menuOpen} onClick={menu.toggle} hiddenFrom={WIDE} size="sm" aria-label="Menu" />
              <Text fw={700} size="lg">
                Gatehouse
              </Text>
              <Group gap="lg" wrap="nowrap" visibleFrom={WIDE}>
                <Links />
              </Group>
            </Group>
            <Group gap="sm" wrap="nowrap" miw={0}>
              <Text size="sm" data-testid="current-user" truncate="end" visibleFrom="xs">
                {session.username}
              </Text>
              <Button size="xs" variant="default" onClick={() => void signOut()} data-testid="logout">
                Log out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        {/* Rendered only while open, so a wide screen never has the links twice. */}
        {menuOpen && (
          <AppShell.Navbar p="md" component="nav" aria-label="Menu">
            <Stack gap="xs" onClick={menu.close}>
              <Text size="sm" c="dimmed" hiddenFrom="xs">
                Logged in as {session.username}
              </Text>
              <Links />
            </Stack>
          </AppShell.Navbar>
        )}
        <AppShell.Main>
          <AssumedRequestBanner />
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </NoticeProvider>
  );
}

function Links() {
  return LINKS.map((link) => (
    <UnstyledButton key={link.to} component={NavLink} to={link.to} className={classes.link}>
      {link.label}
    </UnstyledButton>
  ));
}
