import { MantineProvider, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';

/** A table row as static HTML, inside what the app wraps it in (theme, router): for row tests. */
export const renderRow = (node: ReactNode) =>
  renderToStaticMarkup(
    <MantineProvider>
      <MemoryRouter>
        <Table>
          <Table.Tbody>{node}</Table.Tbody>
        </Table>
      </MemoryRouter>
    </MantineProvider>,
  );
