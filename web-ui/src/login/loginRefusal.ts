// What the login page says when the proxy refuses a login. The proxy answers an unknown name, a
// wrong password or code and a locked account alike (so nobody can probe which accounts exist);
// its retry_at is when a lock starting now would end, shown here in the browser's own time.
import { ApiError, errorMessage } from '../api/client';

export interface Clock {
  now: Date;
  /** An IANA zone such as "Europe/Berlin"; the browser's own when absent. */
  timeZone?: string;
  locale?: string;
}

/** "14:35", or "Mon, 7 Dec, 00:05" when that is not today where the user is. */
export function localRetryTime(at: Date, clock: Clock): string {
  const day = (d: Date) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: clock.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const sameDay = day(at) === day(clock.now);
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', timeZone: clock.timeZone }
    : { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: clock.timeZone };
  return new Intl.DateTimeFormat(clock.locale, options).format(at);
}

export function loginRefusalText(e: unknown, clock: Clock = { now: new Date() }): string {
  if (!(e instanceof ApiError) || !e.retryAt) return errorMessage(e);
  const when = localRetryTime(e.retryAt, clock);
  if (e.code === 'rate_limited') {
    return `Too many login attempts from your address or for this user name. Try again after ${when}.`;
  }
  if (e.code === 'unauthenticated') {
    return (
      'The user name, password or authenticator code is wrong — or the account is locked after too many failed logins. ' +
      `Check them and try again. If your account is locked, try again after ${when} (your time), or ask an admin to unlock it.`
    );
  }
  return errorMessage(e);
}
