import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { apiGet } from '../api/client';
import type { Recording } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { CenteredLoader } from '../components/CenteredLoader';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from '../components/usePageTitle';
import { DesktopRecordingPlayer } from '../recordings/DesktopRecordingPlayer';
import { RecordingPlayer } from '../recordings/RecordingPlayer';
import { loadRecording } from '../recordings/recordingStream';

export function PlayerPage() {
  const { id = '' } = useParams();
  usePageTitle(`Recording ${id}`);
  const summary = useApiQuery(() => apiGet<Recording>(`/recordings/${encodeURIComponent(id)}`), [id]);
  // The content is streamed and parsed as it arrives (GET /recordings/ID/content).
  const recording = useApiQuery(() => loadRecording(id), [id]);
  const parsed = recording.data;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Recording</Title>
        <Anchor component={Link} to="/web/recordings" size="sm">
          All recordings
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed" ff="monospace">
        {id}
      </Text>
      {summary.data && <Summary summary={summary.data as unknown as Record<string, unknown>} />}
      {(summary.error ?? recording.error) != null && (
        <ErrorAlert error={summary.error ?? recording.error} title="Could not load the recording" />
      )}
      {recording.loading && !recording.data && <CenteredLoader label="Loading the recording…" />}
      {parsed?.error != null && <ErrorAlert error={parsed.error} title="Could not read the recording" />}
      {parsed?.cast && <RecordingPlayer cast={parsed.cast} />}
      {parsed?.desktop && <DesktopRecordingPlayer recording={parsed.desktop} />}
    </Stack>
  );
}

// Who, where and when, from the summary's well-known fields; anything else stays out.
function Summary({ summary }: { summary: Record<string, unknown> }) {
  const field = (key: string) => (summary[key] === undefined || summary[key] === null ? null : String(summary[key]));
  const where = field('node') ?? field('desktop'); // a desktop session's summary names its desktop
  const who = [field('user'), field('login') && where ? `${field('login')}@${where}` : where].filter(Boolean);
  const started = field('started');
  return (
    <Text size="sm">
      {who.join(' — ')}
      {started ? ` — started ${new Date(started).toLocaleString()}` : ''}
      {summary.complete === false ? ' — incomplete (the session may still be running)' : ''}
    </Text>
  );
}
