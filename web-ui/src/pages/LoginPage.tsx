import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { apiPost } from '../api/client';
import type { Session } from '../api/types';
import { AuthCard } from '../components/AuthCard';
import { usePageTitle } from '../components/usePageTitle';
import { SsoErrorAlert, SsoSection } from '../login/SsoSection';
import { loginRefusalText } from '../login/loginRefusal';
import { ssoErrorFrom } from '../login/ssoError';
import { useSsoConnectors } from '../login/useSsoConnectors';
import { useSession } from '../session/SessionContext';
import { HOME_PATH, loginPageState } from '../session/loginState';

export function LoginPage() {
  usePageTitle('Log in');
  const location = useLocation();
  const navigate = useNavigate();
  const { signIn } = useSession();
  const arrival = loginPageState(location.state);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const ssoConnectors = useSsoConnectors();

  // The reason we were sent here shows until the user tries to log in.
  const shownError = error ?? (submitting ? null : arrival.reason ?? null);
  const notice = error ? undefined : arrival.notice;
  // Likewise the reason an SSO round trip failed (the proxy sends us here with ?sso_error=).
  const ssoError = error || submitting ? null : ssoErrorFrom(location.search);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password || !totpCode.trim()) {
      setError('Enter your username, password and the code your authenticator app shows.');
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const session = await apiPost<Session>('/sessions', {
        username: username.trim(),
        password,
        totp_code: totpCode.trim(),
      });
      signIn(session);
      navigate(arrival.from ?? HOME_PATH, { replace: true });
    } catch (e) {
      // Any refusal (401: wrong, unknown or locked alike), too many attempts (429), auth unavailable (503).
      setError(loginRefusalText(e));
      setTotpCode('');
      setSubmitting(false);
    }
  }

  return (
    <AuthCard title="Log in">
      {ssoError && <SsoErrorAlert message={ssoError} />}
      {notice && (
        <Alert color="green" variant="light" data-testid="login-notice">
          {notice}
        </Alert>
      )}
      {shownError && (
        <Alert role="alert" color="red" variant="light" title="Could not log in" data-testid="login-error">
          {shownError}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Username"
            name="username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <TextInput
            label="Authenticator code"
            name="totp_code"
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={10}
            value={totpCode}
            onChange={(e) => setTotpCode(e.currentTarget.value)}
          />
          <Button type="submit" loading={submitting}>
            Log in
          </Button>
        </Stack>
      </form>
      <SsoSection connectors={ssoConnectors} disabled={submitting} />
    </AuthCard>
  );
}
