import { Anchor, Stack, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { AuthCard } from '../components/AuthCard';
import { HOME_PATH } from '../session/loginState';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <AuthCard title="Page not found">
      <Stack gap="xs">
        <Text>
          There is no page at <Text span ff="monospace">{pathname}</Text>.
        </Text>
        <Anchor component={Link} to={HOME_PATH}>
          Go to Resources
        </Anchor>
      </Stack>
    </AuthCard>
  );
}
