import { MantineProvider, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../api/types';
import { RequestDetails } from './RequestDetails';
import { RequestRow, type RowActions } from './RequestRow';

// The reason fields are attacker-chosen: they must reach the page as text, never as markup.
const HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">\u001b[2J\u0007';

const request: AccessRequest = {
  id: 'req-1',
  user: 'mallory',
  roles: ['db-admin'],
  reason: HOSTILE,
  state: 'pending',
  created: '2025-06-01T11:00:00Z',
  expires: '2025-06-01T13:00:00Z',
  reviews: [{ author: 'bob', approve: false, reason: HOSTILE, at: '2025-06-01T11:30:00Z' }],
  approvals_needed: 1,
  resolve_reason: HOSTILE,
  can_review: true,
};

const noActions: RowActions = { review() {}, cancel() {}, assume() {}, running: null };

function render(node: ReactNode): string {
  return renderToStaticMarkup(
    <MantineProvider>
      <Table>
        <Table.Tbody>{node}</Table.Tbody>
      </Table>
    </MantineProvider>,
  );
}

function expectInert(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toContain('\u001b');
  expect(html).not.toContain('\u0007');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('\\x1b[2J\\x07');
}

describe('access request rendering', () => {
  it('shows a hostile request reason as text, with its controls written out', () => {
    const html = render(<RequestRow request={request} username="alice" now={Date.parse('2025-06-01T12:00:00Z')} actions={noActions} />);
    expectInert(html);
    expect(html).toContain('data-testid="request-approve"');
  });

  it('shows hostile review and decision reasons as text', () => {
    const html = render(
      <Table.Tr>
        <Table.Td>
          <RequestDetails request={request} />
        </Table.Td>
      </Table.Tr>,
    );
    expectInert(html);
    expect(html.match(/&lt;script&gt;/g)).toHaveLength(2);
  });
});
