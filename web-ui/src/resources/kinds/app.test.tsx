import { describe, expect, it } from 'vitest';
import type { ListedResource } from '../../api/types';
import { ResourceRow } from '../ResourceRow';
import { renderRow } from '../renderRow.testing';
import { proxyCommand, uriKindName } from './app';

const app = (online: boolean, uriKind = 'tcp'): ListedResource => ({
  kind: 'app',
  name: 'orders-api',
  labels: { env: 'dev' },
  online,
  logins: ['alice'],
  uri_kind: uriKind,
});

describe('app row', () => {
  it('shows an app with its kind, labels, status, uri kind and the command to copy', () => {
    const html = renderRow(<ResourceRow resource={app(true)} onLabelClick={() => {}} />);
    expect(html).toContain('data-kind="app"');
    expect(html).toContain('data-name="orders-api"');
    expect(html).toContain('>App<');
    expect(html).toContain('>env=dev<');
    expect(html).toContain('>online<');
    expect(html).toContain('>TCP<');
    expect(html).toContain('data-testid="app-command"');
    expect(html).toContain('>gate proxy app orders-api --port 0<');
    expect(html).toContain('data-testid="app-copy"');
  });

  it('shows an offline HTTP app as offline', () => {
    const html = renderRow(<ResourceRow resource={app(false, 'http')} onLabelClick={() => {}} />);
    expect(html).toContain('>offline<');
    expect(html).toContain('orders-api is offline');
    expect(html).toContain('>HTTP<');
  });

  it('names uri kinds for people', () => {
    expect(uriKindName('tcp')).toBe('TCP');
    expect(uriKindName('http')).toBe('HTTP');
    expect(uriKindName(undefined)).toBe('');
    expect(proxyCommand('x')).toBe('gate proxy app x --port 0');
  });
});
