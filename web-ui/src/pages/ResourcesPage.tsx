import { Stack, Tabs, Title } from '@mantine/core';
import { usePageTitle } from '../components/usePageTitle';
import { DesktopsTab } from '../resources/DesktopsTab';
import { ServersTab } from '../resources/ServersTab';

/**
 * Everything the user can connect to, one tab per kind. Servers and desktops exist today;
 * databases, apps and Kubernetes clusters get their own tab when they land.
 */
export function ResourcesPage() {
  usePageTitle('Resources');
  return (
    <Stack gap="md">
      <Title order={2}>Resources</Title>
      <Tabs defaultValue="servers" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="servers">Servers</Tabs.Tab>
          <Tabs.Tab value="desktops" data-testid="desktops-tab">
            Desktops
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="servers" pt="md">
          <ServersTab />
        </Tabs.Panel>
        <Tabs.Panel value="desktops" pt="md">
          <DesktopsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
