import { Stack, Title } from '@mantine/core';
import { usePageTitle } from '../components/usePageTitle';
import { ResourceList } from '../resources/ResourceList';

/** Everything the user can connect to: servers, desktops and every later kind in one table. */
export function ResourcesPage() {
  usePageTitle('Resources');
  return (
    <Stack gap="md">
      <Title order={2}>Resources</Title>
      <ResourceList />
    </Stack>
  );
}
