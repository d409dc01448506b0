import { Box, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { AccessRequest } from '../api/types';
import { useApiAction } from '../api/useApiAction';
import { ErrorAlert } from '../components/ErrorAlert';
import { inertText } from '../components/inertText';
import { reviewAccessRequest } from './accessRequestApi';
import { shortId } from './requestDisplay';

export interface ReviewTarget {
  request: AccessRequest;
  approve: boolean;
}

interface Props {
  target: ReviewTarget | null;
  onClose(): void;
  onReviewed(request: AccessRequest): void;
}

/** Approve or deny, with a reason for the requester and the audit log. */
export function ReviewModal({ target, onClose, onReviewed }: Props) {
  const verb = target?.approve ? 'Approve' : 'Deny';
  return (
    <Modal opened={target !== null} onClose={onClose} title={target ? `${verb} request ${shortId(target.request.id)}` : ''} size="lg">
      {/* Keyed so every opening starts with an empty reason and no old error. */}
      {target && <ReviewForm key={`${target.request.id}:${target.approve}`} target={target} onReviewed={onReviewed} onCancel={onClose} />}
    </Modal>
  );
}

function ReviewForm({ target, onReviewed, onCancel }: { target: ReviewTarget; onReviewed(r: AccessRequest): void; onCancel(): void }) {
  const { request, approve } = target;
  const [reason, setReason] = useState('');
  const review = useApiAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const reviewed = await review.run('review', () => reviewAccessRequest(request.id, approve, reason.trim()));
    if (reviewed) onReviewed(reviewed);
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">
          <b>{inertText(request.user)}</b> asks for <b>{inertText(request.roles.join(', '))}</b>:
        </Text>
        {/* The requester's words, as text: whatever markup or escapes they typed shows as typed. */}
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {inertText(request.reason)}
        </Text>
        {review.error != null && (
          <Box data-testid="review-error">
            <ErrorAlert error={review.error} title={`Could not ${approve ? 'approve' : 'deny'} the request`} />
          </Box>
        )}
        <Textarea
          label="Your reason"
          description={approve ? 'Why this access is fine' : 'Why not (the requester sees this)'}
          autosize
          minRows={2}
          maxRows={6}
          data-autofocus
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="review-reason"
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color={approve ? 'green' : 'red'} loading={review.running === 'review'} data-testid="review-submit">
            {approve ? 'Approve' : 'Deny'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
