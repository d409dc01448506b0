import { describe, expect, it } from 'vitest';
import { resourceLabels } from './labels';

describe('resourceLabels', () => {
  it('writes labels as key=value sorted by key', () => {
    expect(resourceLabels({ labels: { role: 'web', env: 'prod' } })).toEqual(['env=prod', 'role=web']);
  });

  it('gives nothing for a resource without labels', () => {
    expect(resourceLabels({ labels: {} })).toEqual([]);
  });
});
