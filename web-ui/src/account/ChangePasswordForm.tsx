import { Alert, Button, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, apiPut, errorMessage } from '../api/client';
import { useSession } from '../session/SessionContext';
import { MIN_PASSWORD_LENGTH, checkNewPassword } from './passwordRules';

const EMPTY = { oldPassword: '', newPassword: '', confirm: '', totpCode: '' };

export function ChangePasswordForm() {
  const { expire, ended } = useSession();
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const set = (key: keyof typeof EMPTY) => (e: { currentTarget: HTMLInputElement }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const problem =
      (form.oldPassword ? null : 'Enter your current password.') ??
      checkNewPassword(form.newPassword, form.confirm) ??
      (form.totpCode.trim() ? null : 'Enter the code your authenticator app shows.');
    if (problem) {
      setError(problem);
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await apiPut('/users/password', {
        old_password: form.oldPassword,
        new_password: form.newPassword,
        totp_code: form.totpCode.trim(),
      });
      setForm(EMPTY);
      setDone(true);
      // The proxy ends every session of the user on a password change (this one too).
      ended('Password changed — log in with the new one.');
    } catch (e) {
      // Here a plain 401 means a wrong old password or code, not a dead session.
      if (e instanceof ApiError && e.code === 'session_expired') expire(e.message);
      else setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <Title order={4}>Change password</Title>
        {done && (
          <Alert color="green" variant="light" data-testid="password-changed">
            Password changed. Use the new one next time you log in.
          </Alert>
        )}
        {error && (
          <Alert role="alert" color="red" variant="light" title="Could not change the password">
            {error}
          </Alert>
        )}
        <PasswordInput label="Old password" name="old_password" autoComplete="current-password" value={form.oldPassword} onChange={set('oldPassword')} />
        <PasswordInput
          label="New password"
          name="new_password"
          autoComplete="new-password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters`}
          value={form.newPassword}
          onChange={set('newPassword')}
        />
        <PasswordInput label="Confirm new password" name="confirm_password" autoComplete="new-password" value={form.confirm} onChange={set('confirm')} />
        <TextInput
          label="Authenticator code"
          name="totp_code"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={10}
          value={form.totpCode}
          onChange={set('totpCode')}
        />
        <Button type="submit" loading={submitting} w="fit-content">
          Change password
        </Button>
      </Stack>
    </form>
  );
}
