import { MantineProvider, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Desktop } from '../api/types';
import { DesktopRow } from './DesktopRow';

const render = (node: ReactNode) =>
  renderToStaticMarkup(
    <MantineProvider>
      <Table>
        <Table.Tbody>{node}</Table.Tbody>
      </Table>
    </MantineProvider>,
  );

const desktop = (online: boolean): Desktop => ({ name: 'win-1', labels: { env: 'prod' }, online, logins: ['alice', 'admin'] });

describe('DesktopRow', () => {
  it('shows an online desktop with its labels and a Connect menu', () => {
    const html = render(<DesktopRow desktop={desktop(true)} onLabelClick={() => {}} />);
    expect(html).toContain('data-desktop="win-1"');
    expect(html).toContain('>env=prod<');
    expect(html).toContain('>online<');
    expect(html).toContain('data-testid="desktop-connect"');
  });

  it('shows an offline desktop as offline, with no Connect', () => {
    const html = render(<DesktopRow desktop={desktop(false)} onLabelClick={() => {}} />);
    expect(html).toContain('>offline<');
    expect(html).not.toContain('desktop-connect');
  });
});
