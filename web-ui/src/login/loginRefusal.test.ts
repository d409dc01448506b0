import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { localRetryTime, loginRefusalText } from './loginRefusal';

const now = new Date('2026-12-06T13:05:00Z');

describe('loginRefusalText', () => {
  it('says when a lock would end in the user’s own time zone and to ask an admin', () => {
    const refused = new ApiError(401, 'unauthenticated', 'login failed: ...', new Date('2026-12-06T13:35:00Z'));
    const text = loginRefusalText(refused, { now, timeZone: 'Europe/Berlin', locale: 'en-GB' });
    expect(text).toContain('try again after 14:35 (your time)');
    expect(text).toContain('ask an admin');
    expect(text).not.toMatch(/gatectl|users reset/);
    expect(loginRefusalText(refused, { now, timeZone: 'America/New_York', locale: 'en-GB' })).toContain('after 08:35');
  });

  it('names the day when the retry time is not today where the user is', () => {
    const at = new Date('2026-12-06T23:20:00Z'); // already 7 December in Berlin
    expect(localRetryTime(at, { now, timeZone: 'Europe/Berlin', locale: 'en-GB' })).toBe('Mon 7 Dec, 00:20');
    expect(localRetryTime(at, { now, timeZone: 'UTC', locale: 'en-GB' })).toBe('23:20');
  });

  it('tells a rate-limited person when to try again', () => {
    const limited = new ApiError(429, 'rate_limited', 'too many login attempts', new Date('2026-12-06T13:06:00Z'));
    expect(loginRefusalText(limited, { now, timeZone: 'Asia/Tokyo', locale: 'en-GB' })).toBe(
      'Too many login attempts from your address or for this user name. Try again after 22:06.',
    );
  });

  it('shows the proxy’s own message when there is no time to show', () => {
    expect(loginRefusalText(new ApiError(503, 'unavailable', 'the proxy cannot reach the auth service'))).toBe(
      'the proxy cannot reach the auth service',
    );
    expect(loginRefusalText(new ApiError(401, 'unauthenticated', 'plain'), { now })).toBe('plain');
  });
});
