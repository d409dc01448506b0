import { describe, expect, it } from 'vitest';
import { ResourceRow } from './ResourceRow';
import { KIND_RENDERERS, rendererFor } from './kindRenderers';
import { renderRow } from './renderRow.testing';

describe('kind renderers', () => {
  it('finds one renderer per file under kinds/, in filter order', () => {
    expect(KIND_RENDERERS.map((r) => r.kind)).toEqual(['node', 'desktop', 'db', 'app']);
    expect(rendererFor('desktop')?.plural).toBe('Desktops');
  });

  it('shows a kind this page has no renderer for as listed, without actions', () => {
    const html = renderRow(<ResourceRow resource={{ kind: 'kube', name: 'k8s', labels: {}, online: true, logins: ['r'] }} onLabelClick={() => {}} />);
    expect(rendererFor('kube')).toBeUndefined();
    expect(html).toContain('>kube<');
    expect(html).toContain('cannot connect to a kube yet');
    expect(html).not.toContain('data-testid="connect"');
  });
});
