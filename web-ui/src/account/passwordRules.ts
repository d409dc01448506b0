// Same floor as the proxy (docs/web-api.md: 400 `invalid` under 12 characters): checked here
// too so the user hears it before submitting.
export const MIN_PASSWORD_LENGTH = 12;

/** The problem with a new password and its confirmation, or null when they are fine. */
export function checkNewPassword(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password !== confirm) return 'The two passwords do not match.';
  return null;
}
