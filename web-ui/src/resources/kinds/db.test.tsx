import { describe, expect, it } from 'vitest';
import type { ListedResource } from '../../api/types';
import { ResourceRow } from '../ResourceRow';
import { renderRow } from '../renderRow.testing';
import { connectCommand, protocolName } from './db';

const db = (online: boolean, protocol = 'postgres'): ListedResource => ({
  kind: 'db',
  name: 'orders-db',
  labels: { env: 'prod' },
  online,
  logins: ['app', 'reader'],
  protocol,
});

describe('database row', () => {
  it('shows a database with its kind, labels, status, protocol and the command to copy', () => {
    const html = renderRow(<ResourceRow resource={db(true)} onLabelClick={() => {}} />);
    expect(html).toContain('data-testid="resource-row"');
    expect(html).toContain('data-kind="db"');
    expect(html).toContain('data-name="orders-db"');
    expect(html).toContain('>Database<');
    expect(html).toContain('>env=prod<');
    expect(html).toContain('>online<');
    expect(html).toContain('>PostgreSQL<');
    expect(html).toContain('>gate db connect orders-db<');
    expect(html).toContain('data-testid="db-copy"');
    expect(html).toContain('as app, reader');
  });

  it('shows an offline database as offline, the command still there to copy for later', () => {
    const html = renderRow(<ResourceRow resource={db(false, 'mysql')} onLabelClick={() => {}} />);
    expect(html).toContain('>offline<');
    expect(html).toContain('orders-db is offline');
    expect(html).toContain('>MySQL<');
    expect(html).toContain('>gate db connect orders-db<');
  });

  it('names protocols for people and passes unknown ones through', () => {
    expect(protocolName('postgres')).toBe('PostgreSQL');
    expect(protocolName('mysql')).toBe('MySQL');
    expect(protocolName('oracle')).toBe('oracle');
    expect(protocolName(undefined)).toBe('');
    expect(connectCommand('shop-db')).toBe('gate db connect shop-db');
  });
});
