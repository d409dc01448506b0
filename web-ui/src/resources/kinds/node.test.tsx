import { describe, expect, it } from 'vitest';
import type { ListedResource } from '../../api/types';
import { ResourceRow } from '../ResourceRow';
import { renderRow } from '../renderRow.testing';

const node = (online: boolean): ListedResource => ({
  kind: 'node',
  name: 'web-1',
  labels: { role: 'web', env: 'prod' },
  online,
  logins: ['root', 'ubuntu'],
  host_id: 'h-1',
  tunnel: true,
});

describe('node row', () => {
  it('shows a server with its labels sorted, a login picker with its logins and Connect', () => {
    const html = renderRow(<ResourceRow resource={node(true)} onLabelClick={() => {}} />);
    expect(html).toContain('data-kind="node"');
    expect(html).toContain('>Server<');
    expect(html.indexOf('>env=prod<')).toBeLessThan(html.indexOf('>role=web<'));
    expect(html).toContain('data-testid="login-select"');
    expect(html).toContain('>ubuntu</option>');
    expect(html).toMatch(/data-testid="connect"(?![^>]*disabled)/);
  });

  it('keeps Connect disabled while the server is offline', () => {
    const html = renderRow(<ResourceRow resource={node(false)} onLabelClick={() => {}} />);
    expect(html).toContain('>offline<');
    expect(html).toMatch(/<button[^>]*disabled[^>]*data-testid="connect"|<button[^>]*data-testid="connect"[^>]*disabled/);
  });
});
