import { inertText } from '../components/inertText';

// Anyone can send a user a link to /web/login?sso_error=..., so the message is attacker-chosen:
// it is shown as text only, its controls made visible, and cut short so it cannot fill the page.
const MAX_LENGTH = 300;

const NO_REASON = 'Single sign-on did not finish and the proxy gave no reason. Try again, or log in with your password.';

/** The reason the proxy gave for a failed SSO login (`?sso_error=`), ready to render as text; null when there is none. */
export function ssoErrorFrom(search: string): string | null {
  const raw = new URLSearchParams(search).get('sso_error');
  if (raw === null) return null;
  const message = raw.trim();
  if (!message) return NO_REASON;
  // By code point, so the cut never splits a surrogate pair.
  const chars = Array.from(message);
  const shortened = chars.length > MAX_LENGTH ? `${chars.slice(0, MAX_LENGTH).join('')}…` : message;
  return inertText(shortened);
}
