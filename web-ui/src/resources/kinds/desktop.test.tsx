import { describe, expect, it } from 'vitest';
import type { ListedResource } from '../../api/types';
import { ResourceRow } from '../ResourceRow';
import { renderRow } from '../renderRow.testing';

const desktop = (online: boolean): ListedResource => ({ kind: 'desktop', name: 'win-1', labels: { env: 'prod' }, online, logins: ['alice', 'admin'] });

describe('desktop row', () => {
  it('shows an online desktop with its kind, labels and a Connect menu', () => {
    const html = renderRow(<ResourceRow resource={desktop(true)} onLabelClick={() => {}} />);
    expect(html).toContain('data-kind="desktop"');
    expect(html).toContain('data-name="win-1"');
    expect(html).toContain('>Desktop<');
    expect(html).toContain('>env=prod<');
    expect(html).toContain('>online<');
    expect(html).toContain('data-testid="desktop-connect"');
  });

  it('shows an offline desktop as offline, with no Connect', () => {
    const html = renderRow(<ResourceRow resource={desktop(false)} onLabelClick={() => {}} />);
    expect(html).toContain('>offline<');
    expect(html).toContain('win-1 is offline');
    expect(html).not.toContain('desktop-connect');
  });
});
