import { describe, expect, it } from 'vitest';
import { ssoErrorFrom } from './ssoError';

describe('ssoErrorFrom', () => {
  it('is null without an sso_error', () => {
    expect(ssoErrorFrom('')).toBeNull();
    expect(ssoErrorFrom('?other=1')).toBeNull();
  });

  it('returns the decoded message', () => {
    expect(ssoErrorFrom('?sso_error=The%20login%20was%20cancelled+at+the+provider.')).toBe('The login was cancelled at the provider.');
  });

  it('makes control characters visible and leaves markup to be rendered as text', () => {
    expect(ssoErrorFrom('?sso_error=%1B%5B2J%E2%80%AEfdp.exe%3Cscript%3E')).toBe('\\x1b[2J\\u202efdp.exe<script>');
  });

  it('explains an empty message instead of showing nothing', () => {
    expect(ssoErrorFrom('?sso_error=%20')).toMatch(/gave no reason/);
  });

  it('cuts a long message short without splitting a character', () => {
    const shown = ssoErrorFrom(`?sso_error=${encodeURIComponent('😀'.repeat(400))}`) ?? '';
    expect(Array.from(shown)).toHaveLength(301);
    expect(shown.endsWith('😀…')).toBe(true);
  });
});
