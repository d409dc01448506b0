import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../api/types';
import { approvalCount, canAssume, canCancel, newestFirst, parseRoles, shortId } from './requestDisplay';

const NOW = Date.parse('2025-06-01T12:00:00Z');

function request(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: '0f3c9a2e-1111-2222-3333-444455556666',
    user: 'alice',
    roles: ['db-admin'],
    reason: 'INC-42',
    state: 'approved',
    created: '2025-06-01T11:00:00Z',
    expires: '2025-06-01T13:00:00Z',
    reviews: [],
    approvals_needed: 1,
    can_review: false,
    ...overrides,
  };
}

describe('access request display', () => {
  it('splits typed roles on commas and spaces, without blanks or repeats', () => {
    expect(parseRoles(' db-admin, ops  ,db-admin,, kube ')).toEqual(['db-admin', 'ops', 'kube']);
    expect(parseRoles('  ')).toEqual([]);
  });

  it('shortens long ids only', () => {
    expect(shortId('0f3c9a2e-1111-2222')).toBe('0f3c9a2e');
    expect(shortId('ar-1')).toBe('ar-1');
  });

  it('counts approving reviews only', () => {
    const reviews = [
      { author: 'bob', approve: true, reason: '', at: '' },
      { author: 'carol', approve: false, reason: '', at: '' },
    ];
    expect(approvalCount(request({ reviews }))).toBe(1);
  });

  it('lets the author assume an approved request until it expires', () => {
    expect(canAssume(request(), 'alice', NOW)).toBe(true);
    expect(canAssume(request(), 'bob', NOW)).toBe(false);
    expect(canAssume(request({ state: 'pending' }), 'alice', NOW)).toBe(false);
    expect(canAssume(request({ expires: '2025-06-01T11:59:00Z' }), 'alice', NOW)).toBe(false);
  });

  it('lets the author cancel a pending or approved request', () => {
    expect(canCancel(request({ state: 'pending' }), 'alice')).toBe(true);
    expect(canCancel(request(), 'alice')).toBe(true);
    expect(canCancel(request({ state: 'denied' }), 'alice')).toBe(false);
    expect(canCancel(request(), 'bob')).toBe(false);
  });

  it('orders newest first', () => {
    const older = request({ id: 'a', created: '2025-06-01T10:00:00Z' });
    const newer = request({ id: 'b', created: '2025-06-01T11:00:00Z' });
    expect(newestFirst([older, newer]).map((r) => r.id)).toEqual(['b', 'a']);
  });
});
