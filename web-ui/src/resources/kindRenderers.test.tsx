import { describe, expect, it } from 'vitest';
import { ResourceRow } from './ResourceRow';
import { KIND_RENDERERS, rendererFor } from './kindRenderers';
import { renderRow } from './renderRow.testing';

describe('kind renderers', () => {
  it('finds one renderer per file under kinds/, in filter order', () => {
    expect(KIND_RENDERERS.map((r) => r.kind)).toEqual(['node', 'desktop']);
    expect(rendererFor('desktop')?.plural).toBe('Desktops');
  });

  it('shows a kind this page has no renderer for as listed, without actions', () => {
    const html = renderRow(<ResourceRow resource={{ kind: 'db', name: 'pg', labels: {}, online: true, logins: ['r'] }} onLabelClick={() => {}} />);
    expect(rendererFor('db')).toBeUndefined();
    expect(html).toContain('>db<');
    expect(html).toContain('cannot connect to a db yet');
    expect(html).not.toContain('data-testid="connect"');
  });
});
