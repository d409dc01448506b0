import { useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ApiError, apiGet } from '../api/client';
import type { Session } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { CenteredLoader } from '../components/CenteredLoader';
import { useSession } from './SessionContext';
import { LOGIN_PATH, type LoginPageState } from './loginState';
import { Button, Container, Stack } from '@mantine/core';

type Recovery =
  | { state: 'checking' }
  | { state: 'login'; reason?: string }
  | { state: 'failed'; error: unknown };

/**
 * Renders the logged-in pages. After a reload the token is gone from memory, so it is
 * recovered with GET /sessions/current (the one call the cookie alone may make).
 */
export function RequireSession() {
  const { session, signIn } = useSession();
  const location = useLocation();
  const [recovery, setRecovery] = useState<Recovery>({ state: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (session) return;
    let cancelled = false;
    setRecovery({ state: 'checking' });
    apiGet<Session>('/sessions/current')
      .then((s) => {
        if (!cancelled) signIn(s);
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        if (e instanceof ApiError && e.isUnauthenticated) {
          // No cookie at all is an ordinary first visit: no error to show for it.
          setRecovery({ state: 'login', reason: e.code === 'session_expired' ? e.message : undefined });
        } else {
          setRecovery({ state: 'failed', error: e });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [session, signIn, attempt]);

  if (session) return <Outlet />;
  if (recovery.state === 'login') {
    const state: LoginPageState = { reason: recovery.reason, from: location.pathname + location.search };
    return <Navigate to={LOGIN_PATH} replace state={state} />;
  }
  if (recovery.state === 'failed') {
    return (
      <Container size="sm" py="xl">
        <Stack>
          <ErrorAlert error={recovery.error} title="Could not check your session" />
          <Button variant="light" onClick={() => setAttempt((n) => n + 1)} w="fit-content">
            Try again
          </Button>
        </Stack>
      </Container>
    );
  }
  return <CenteredLoader label="Checking your session…" />;
}
