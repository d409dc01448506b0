import { describe, expect, it } from 'vitest';
import { auditQuery, defaultFilters, OLDEST_PAGE, localInputToIso, shortJson, toLocalInput } from './auditQuery';

describe('audit query', () => {
  it('defaults to the last 24 hours, up to now', () => {
    const now = new Date(2025, 5, 2, 10, 30);
    const filters = defaultFilters(now);
    expect(filters.from).toBe(toLocalInput(new Date(2025, 5, 1, 10, 30)));
    expect(filters.to).toBe('');
  });

  it('sends local input times as ISO instants and leaves empty filters out', () => {
    const query = auditQuery({ from: '2025-06-01T10:30', to: '', type: ' user.login ', user: '' }, null);
    expect(query.from).toBe(new Date(2025, 5, 1, 10, 30).toISOString());
    expect(query).toMatchObject({ to: undefined, type: 'user.login', user: undefined, page_token: undefined });
  });

  it('passes the page token along', () => {
    expect(auditQuery(defaultFilters(), 'tok').page_token).toBe('tok');
  });

  it('asks for the newest events first', () => {
    expect(auditQuery(defaultFilters(), null).order).toBe('desc');
    expect(auditQuery(defaultFilters(), OLDEST_PAGE).page_token).toBe('oldest');
  });

  it('ignores unreadable times', () => {
    expect(localInputToIso('yesterday-ish')).toBeUndefined();
  });

  it('shortens long field JSON', () => {
    const short = shortJson({ command: 'x'.repeat(200) }, 40);
    expect(short).toHaveLength(40);
    expect(short.endsWith('…')).toBe(true);
    expect(shortJson({ a: 1 })).toBe('{"a":1}');
  });
});
