import { describe, expect, it } from 'vitest';
import { apiUrl } from '../api/client';
import { filterFromParams, filterToParams, isFiltered, listingQuery, withLabel, withoutLabel } from './resourceFilter';

describe('resource filter', () => {
  it('survives the round trip through the page address', () => {
    const filter = { kind: 'desktop', search: 'web prod', labels: ['env=prod', 'team=a,b'] };
    expect(filterFromParams(filterToParams(filter))).toEqual(filter);
    expect(filterToParams({ kind: '', search: '  ', labels: [] }).toString()).toBe('');
  });

  it('asks the proxy with one labels parameter per label, and no empty parameter', () => {
    const url = apiUrl('/resources', listingQuery({ kind: '', search: ' web ', labels: ['env=prod', 'role=db'] }, 100));
    expect(url).toBe('/v1/webapi/resources?search=web&labels=env%3Dprod&labels=role%3Ddb&limit=100');
  });

  it('never asks for more than the proxy gives in one page', () => {
    expect(listingQuery({ kind: 'node', search: '', labels: [] }, 5000).limit).toBe(1000);
  });

  it('adds a label once and removes it', () => {
    const none = { kind: '', search: '', labels: [] };
    const once = withLabel(withLabel(none, 'env=prod'), 'env=prod');
    expect(once.labels).toEqual(['env=prod']);
    expect(isFiltered(once)).toBe(true);
    expect(isFiltered(withoutLabel(once, 'env=prod'))).toBe(false);
  });
});
