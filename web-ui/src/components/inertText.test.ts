import { describe, expect, it } from 'vitest';
import { inertText } from './inertText';

describe('inertText', () => {
  it('leaves ordinary text, newlines and tabs alone', () => {
    expect(inertText('needs prod access\n\tfor INC-42 — ünïcode ok')).toBe('needs prod access\n\tfor INC-42 — ünïcode ok');
  });

  it('writes out terminal escape sequences', () => {
    expect(inertText('\u001b[2J\u001b]0;pwned\u0007')).toBe('\\x1b[2J\\x1b]0;pwned\\x07');
  });

  it('writes out NUL, lone carriage returns, DEL and C1 controls', () => {
    expect(inertText('a\u0000b\rc\u007fd\u009be\u0085')).toBe('a\\x00b\\x0dc\\x7fd\\x9be\\x85');
  });

  it('keeps CRLF as one line break', () => {
    expect(inertText('one\r\ntwo')).toBe('one\ntwo');
  });

  it('writes out bidirectional overrides that would reorder what a reviewer reads', () => {
    expect(inertText('ok\u202Etxt.exe\u2066')).toBe('ok\\u202etxt.exe\\u2066');
  });

  it('does not touch markup: React renders it as text', () => {
    const markup = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    expect(inertText(markup)).toBe(markup);
  });

  it('turns missing text into an empty string', () => {
    expect(inertText(null)).toBe('');
    expect(inertText(undefined)).toBe('');
  });
});
