import { Badge, Button, Card, Divider, Group, Stack, Table, Text, Title } from '@mantine/core';
import { ChangePasswordForm } from '../account/ChangePasswordForm';
import { formatTime } from '../components/format';
import { usePageTitle } from '../components/usePageTitle';
import { useCurrentSession, useSession } from '../session/SessionContext';

export function AccountPage() {
  usePageTitle('Account');
  const session = useCurrentSession();
  const { signOut } = useSession();
  const idleMinutes = Math.round(session.idle_timeout_seconds / 60);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Account</Title>
        <Button variant="default" onClick={() => void signOut()} data-testid="account-logout">
          Log out
        </Button>
      </Group>
      <Card withBorder maw={640}>
        <Table variant="vertical" withRowBorders={false} verticalSpacing={6}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={160}>Username</Table.Th>
              <Table.Td data-testid="account-username">{session.username}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Roles</Table.Th>
              <Table.Td data-testid="account-roles">
                <BadgeList items={session.roles} none="No roles" />
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Logins</Table.Th>
              <Table.Td data-testid="account-logins">
                <BadgeList items={session.logins} none="No logins" />
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Session expires</Table.Th>
              <Table.Td data-testid="account-expires">
                {formatTime(session.expires)}
                {idleMinutes > 0 && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    (or after {idleMinutes} minute{idleMinutes === 1 ? '' : 's'} without activity)
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Card>
      <Divider />
      <ChangePasswordForm />
    </Stack>
  );
}

function BadgeList({ items, none }: { items: string[]; none: string }) {
  if (items.length === 0) return <Text c="dimmed">{none}</Text>;
  return (
    <Group gap={4}>
      {items.map((item) => (
        <Badge key={item} variant="light" tt="none">
          {item}
        </Badge>
      ))}
    </Group>
  );
}
