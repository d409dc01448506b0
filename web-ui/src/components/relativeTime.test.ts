import { describe, expect, it } from 'vitest';
import { formatRelative } from './relativeTime';

const NOW = Date.parse('2025-06-01T12:00:00Z');

describe('formatRelative', () => {
  it('says how far ahead or behind a time is, in the largest fitting unit', () => {
    expect(formatRelative('2025-06-01T12:45:00Z', NOW, 'en')).toBe('in 45 minutes');
    expect(formatRelative('2025-06-01T09:00:00Z', NOW, 'en')).toBe('3 hours ago');
    expect(formatRelative('2025-06-01T12:00:30Z', NOW, 'en')).toBe('in 30 seconds');
    expect(formatRelative('2025-06-05T12:00:00Z', NOW, 'en')).toBe('in 4 days');
  });

  it('shows what it cannot read as is', () => {
    expect(formatRelative('soon', NOW, 'en')).toBe('soon');
    expect(formatRelative(null, NOW, 'en')).toBe('—');
  });
});
