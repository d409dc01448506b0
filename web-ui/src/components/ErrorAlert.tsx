import { Alert } from '@mantine/core';
import { ApiError, errorMessage } from '../api/client';

/** Shows the proxy's message as is (it is written for a person), always as text. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const denied = error instanceof ApiError && error.code === 'access_denied';
  return (
    <Alert role="alert" color="red" variant="light" title={title ?? (denied ? 'Access denied' : 'Something went wrong')}>
      {errorMessage(error)}
    </Alert>
  );
}
