import { MantineProvider } from '@mantine/core';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SsoErrorAlert, SsoSection } from './SsoSection';
import { ssoErrorFrom } from './ssoError';

const render = (node: ReactNode) => renderToStaticMarkup(<MantineProvider>{node}</MantineProvider>);

describe('SsoSection', () => {
  it('shows one button per connector, named for the user', () => {
    const html = render(<SsoSection connectors={[{ name: 'kc', display: 'Keycloak' }, { name: 'a/b', display: 'Okta' }]} />);
    expect(html.match(/data-testid="sso-button"/g)).toHaveLength(2);
    expect(html).toContain('data-connector="a/b"');
    expect(html).toContain('>Log in with Keycloak<');
    expect(html).toContain('>or<');
  });

  it('shows nothing without connectors', () => {
    const html = render(<SsoSection connectors={[]} />);
    expect(html).not.toContain('sso-');
    expect(html).not.toContain('separator');
  });
});

describe('SsoErrorAlert', () => {
  it('renders a hostile message as text', () => {
    const message = ssoErrorFrom(`?sso_error=${encodeURIComponent('<img src=x onerror=alert(1)>\u0007')}`) ?? '';
    const html = render(<SsoErrorAlert message={message} />);
    expect(html).toContain('data-testid="sso-error"');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;\\x07');
  });
});
