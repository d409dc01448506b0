import { Alert, Box, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { AccessRequest } from '../api/types';
import { useApiAction } from '../api/useApiAction';
import { ErrorAlert } from '../components/ErrorAlert';
import { inertText } from '../components/inertText';
import { createAccessRequest } from './accessRequestApi';
import { DEFAULT_DURATION, DURATIONS, parseRoles, shortId } from './requestDisplay';

const EMPTY = { roles: '', reason: '', duration: DEFAULT_DURATION };

/** Asks for roles for a while. The proxy decides what may be requested and says why not. */
export function NewRequestForm({ onCreated }: { onCreated(request: AccessRequest): void }) {
  const [form, setForm] = useState(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<AccessRequest | null>(null);
  const create = useApiAction();

  const set = (key: keyof typeof EMPTY) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    create.clearError();
    const roles = parseRoles(form.roles);
    const reason = form.reason.trim();
    const missing = roles.length === 0 ? 'Enter at least one role to request.' : reason === '' ? 'Enter a reason: reviewers decide on it.' : null;
    setProblem(missing);
    if (missing) return;
    const request = await create.run('create', () => createAccessRequest({ roles, reason, duration: form.duration }));
    if (!request) return;
    setCreated(request);
    setForm(EMPTY);
    onCreated(request);
  }

  const error = problem ? new Error(problem) : create.error;
  return (
    <Card withBorder maw={720}>
      <form onSubmit={submit} noValidate data-testid="request-form">
        <Stack gap="sm">
          <Title order={4}>New request</Title>
          {error != null && (
            <Box data-testid="request-error">
              <ErrorAlert error={error} title="Could not create the request" />
            </Box>
          )}
          {created && (
            <Alert color="green" variant="light" title="Request created" data-testid="request-created" data-request-id={created.id}>
              <Text size="sm">
                Request{' '}
                <Text span ff="monospace" size="sm">
                  {created.id}
                </Text>{' '}
                for {inertText(created.roles.join(', '))} is {created.state}. It is listed below as {shortId(created.id)}.
              </Text>
            </Alert>
          )}
          <TextInput
            label="Roles"
            description="Role names, separated by commas"
            placeholder="db-admin, prod-ssh"
            required
            autoComplete="off"
            value={form.roles}
            onChange={set('roles')}
            data-testid="request-roles"
          />
          <Textarea
            label="Reason"
            description="What you need the access for (a ticket number helps reviewers)"
            required
            autosize
            minRows={2}
            maxRows={8}
            value={form.reason}
            onChange={set('reason')}
            data-testid="request-reason"
          />
          <Group align="flex-end" gap="sm">
            <NativeSelect label="For" data={DURATIONS} value={form.duration} onChange={set('duration')} w={160} data-testid="request-duration" />
            <Button type="submit" loading={create.running === 'create'} data-testid="request-submit">
              Request access
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
