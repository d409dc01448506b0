import { Alert, Button, Code, Image, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, apiGet, apiPost, errorMessage } from '../api/client';
import type { Invite } from '../api/types';
import { AuthCard } from '../components/AuthCard';
import { CenteredLoader } from '../components/CenteredLoader';
import { formatTime } from '../components/format';
import { usePageTitle } from '../components/usePageTitle';
import { MIN_PASSWORD_LENGTH, checkNewPassword } from '../account/passwordRules';
import { LOGIN_PATH, type LoginPageState } from '../session/loginState';

type Loaded = { state: 'loading' } | { state: 'ready'; invite: Invite; qr: string | null } | { state: 'failed'; error: unknown };

export function InvitePage() {
  usePageTitle('Create your account');
  const { token = '' } = useParams();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    let cancelled = false;
    apiGet<Invite>(`/invites/${encodeURIComponent(token)}`)
      .then(async (invite) => {
        // A QR code the app cannot scan is not fatal: the secret is shown as text too.
        // Loaded here only: no other page needs the QR encoder.
        const qr = await import('qrcode')
          .then((QRCode) => QRCode.toDataURL(invite.totp_uri, { margin: 1, width: 200 }))
          .catch(() => null);
        if (!cancelled) setLoaded({ state: 'ready', invite, qr });
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoaded({ state: 'failed', error });
      });
    return () => {
      cancelled = true;
    };
  }, [token]);

  if (loaded.state === 'loading') return <CenteredLoader label="Opening your invite…" />;
  if (loaded.state === 'failed') return <InviteUnusable error={loaded.error} />;
  return <SignupForm token={token} invite={loaded.invite} qr={loaded.qr} />;
}

function InviteUnusable({ error }: { error: unknown }) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <AuthCard title="This invite cannot be used">
      <Alert role="alert" color="red" variant="light" title={notFound ? 'Unknown or expired invite' : 'Could not open the invite'}>
        {notFound
          ? 'This invite link is unknown, was already used, or has expired. Ask your Gatehouse administrator for a new one.'
          : errorMessage(error)}
      </Alert>
      {notFound && (
        <Text size="sm" c="dimmed">
          {errorMessage(error)}
        </Text>
      )}
    </AuthCard>
  );
}

function SignupForm({ token, invite, qr }: { token: string; invite: Invite; qr: string | null }) {
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkNewPassword(password, confirm) ?? (totpCode.trim() ? null : 'Enter the code your authenticator app shows.');
    if (problem) {
      setError(problem);
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await apiPost('/invites/complete', { token, password, totp_code: totpCode.trim() });
      const state: LoginPageState = { notice: 'Account created — log in' };
      navigate(LOGIN_PATH, { replace: true, state });
    } catch (e) {
      setError(errorMessage(e));
      setSubmitting(false);
    }
  }

  return (
    <AuthCard title={`Welcome, ${invite.username}`}>
      <Text size="sm">
        Scan this code with an authenticator app (or type the secret below), then choose a password. The invite
        expires {formatTime(invite.expires)}.
      </Text>
      {qr && <Image src={qr} alt="QR code for your authenticator app" w={200} h={200} data-testid="totp-qr" />}
      <div>
        <Text size="xs" c="dimmed">
          Secret
        </Text>
        <Code data-testid="totp-secret" fz="sm">
          {invite.totp_secret}
        </Code>
      </div>
      {error && (
        <Alert role="alert" color="red" variant="light" title="Could not create the account">
          {error}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="new-password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters`}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label="Confirm password"
            name="confirm_password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
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
            Create account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
