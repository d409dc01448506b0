import { describe, expect, it } from 'vitest';
import type { Node } from '../api/types';
import { filterNodes } from './nodeFilter';

const node = (name: string, labels: Record<string, string>): Node => ({
  name,
  host_id: `${name}-id`,
  labels,
  online: true,
  tunnel: false,
  logins: ['root'],
});

const nodes = [node('web-1', { env: 'prod', role: 'web' }), node('db-1', { env: 'prod', role: 'db' }), node('dev', { env: 'dev' })];
const names = (list: Node[]) => list.map((n) => n.name);

describe('filterNodes', () => {
  it('matches the search text in names and labels, ignoring case', () => {
    expect(names(filterNodes(nodes, 'WEB', []))).toEqual(['web-1']);
    expect(names(filterNodes(nodes, 'env=dev', []))).toEqual(['dev']);
  });

  it('keeps only nodes carrying every label filter', () => {
    expect(names(filterNodes(nodes, '', ['env=prod']))).toEqual(['web-1', 'db-1']);
    expect(names(filterNodes(nodes, '', ['env=prod', 'role=db']))).toEqual(['db-1']);
  });

  it('returns everything with no filter', () => {
    expect(filterNodes(nodes, '  ', [])).toHaveLength(3);
  });
});
