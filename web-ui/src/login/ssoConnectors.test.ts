import { describe, expect, it } from 'vitest';
import { connectorsFrom, ssoLoginPath } from './ssoConnectors';

describe('ssoLoginPath', () => {
  it('builds the proxy login URL of a plain connector', () => {
    expect(ssoLoginPath('keycloak')).toBe('/v1/webapi/sso/keycloak/login');
  });

  it('keeps slashes, query and fragment characters inside the one path segment', () => {
    expect(ssoLoginPath('a/b?c=d#e')).toBe('/v1/webapi/sso/a%2Fb%3Fc%3Dd%23e/login');
    expect(ssoLoginPath('../admin')).toBe('/v1/webapi/sso/..%2Fadmin/login');
    expect(ssoLoginPath('my idp %2e ü')).toBe('/v1/webapi/sso/my%20idp%20%252e%20%C3%BC/login');
  });

  it('refuses names a URL parser would resolve as a dot segment, or cannot encode', () => {
    for (const name of ['', '.', '..', '\uD800']) expect(() => ssoLoginPath(name)).toThrow(/cannot be part of a URL/);
  });
});

describe('connectorsFrom', () => {
  it('reads the proxy answer, naming a connector by its name when it has no display', () => {
    const answer = { connectors: [{ name: 'kc', display: ' Keycloak ' }, { name: 'okta' }, { name: 'x', display: '  ' }] };
    expect(connectorsFrom(answer)).toEqual([
      { name: 'kc', display: 'Keycloak' },
      { name: 'okta', display: 'okta' },
      { name: 'x', display: 'x' },
    ]);
  });

  it('drops entries without a usable name, and repeats', () => {
    const answer = { connectors: [null, 7, { display: 'no name' }, { name: 3 }, { name: '..' }, { name: 'kc' }, { name: 'kc', display: 'again' }] };
    expect(connectorsFrom(answer)).toEqual([{ name: 'kc', display: 'kc' }]);
  });

  it('turns any other answer into no connectors', () => {
    for (const answer of [undefined, null, 'oops', [], {}, { connectors: 'kc' }]) expect(connectorsFrom(answer)).toEqual([]);
  });
});
