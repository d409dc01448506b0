// What the access request page derives from a request: colours, counts, which actions apply.
import type { AccessRequest, AccessRequestState } from '../api/types';

export const DURATIONS = [
  { value: '30m', label: '30 minutes' },
  { value: '1h', label: '1 hour' },
  { value: '2h', label: '2 hours' },
  { value: '4h', label: '4 hours' },
  { value: '8h', label: '8 hours' },
];
export const DEFAULT_DURATION = '1h';

export const STATES: AccessRequestState[] = ['pending', 'approved', 'denied', 'cancelled', 'expired'];

const STATE_COLORS: Record<string, string> = {
  pending: 'yellow',
  approved: 'green',
  denied: 'red',
  cancelled: 'gray',
  expired: 'dark',
};

export function stateColor(state: string): string {
  return STATE_COLORS[state] ?? 'gray';
}

/** Enough of an id to tell requests apart in a table; the full id is in the row's details. */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

/** Role names typed as "a, b c": split on commas and spaces, without blanks or repeats. */
export function parseRoles(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((r) => r !== ''))];
}

export function approvalCount(request: AccessRequest): number {
  return (request.reviews ?? []).filter((r) => r.approve).length;
}

export function isExpired(request: AccessRequest, now: number): boolean {
  const at = Date.parse(request.expires);
  return !Number.isNaN(at) && at <= now;
}

export function canCancel(request: AccessRequest, username: string): boolean {
  return request.user === username && (request.state === 'pending' || request.state === 'approved');
}

export function canAssume(request: AccessRequest, username: string, now: number): boolean {
  return request.user === username && request.state === 'approved' && !isExpired(request, now);
}

/** Newest first by creation time; the proxy sends them so, this keeps it true whatever it sends. */
export function newestFirst(requests: AccessRequest[]): AccessRequest[] {
  const time = (r: AccessRequest) => Date.parse(r.created) || 0;
  return [...requests].sort((a, b) => time(b) - time(a));
}
