import { Badge, createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  components: {
    // Badges show server strings (labels, logins, roles, statuses): keep them as written,
    // not upper-cased, so what the user reads is what they would type.
    Badge: Badge.extend({ defaultProps: { tt: 'none' } }),
  },
});
