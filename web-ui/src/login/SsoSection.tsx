import { Alert, Button, Divider, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { inertText } from '../components/inertText';
import { ssoLoginPath, type SsoConnector } from './ssoConnectors';

/** One "Log in with ..." button per connector, under an "or"; nothing when there are none. */
export function SsoSection({ connectors, disabled = false }: { connectors: SsoConnector[]; disabled?: boolean }) {
  const [leavingFor, setLeavingFor] = useState<string | null>(null);

  useEffect(() => {
    // Back from the provider, the browser may restore this page from its back/forward cache
    // just as it was left (buttons disabled, one spinning): make them usable again.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) setLeavingFor(null);
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, []);

  if (connectors.length === 0) return null;

  function logInWith(connector: SsoConnector) {
    setLeavingFor(connector.name);
    // A full-page navigation, not fetch: the proxy answers with a redirect to the provider.
    window.location.assign(ssoLoginPath(connector.name));
  }

  return (
    <>
      <Divider label="or" labelPosition="center" />
      <Stack gap="xs" data-testid="sso-section">
        {connectors.map((connector) => (
          <Button
            key={connector.name}
            variant="default"
            data-testid="sso-button"
            data-connector={connector.name}
            loading={leavingFor === connector.name}
            disabled={disabled || leavingFor !== null}
            onClick={() => logInWith(connector)}
          >
            Log in with {inertText(connector.display)}
          </Button>
        ))}
      </Stack>
    </>
  );
}

/** Why the last SSO login failed, from ssoErrorFrom: always a text child, never markup. */
export function SsoErrorAlert({ message }: { message: string }) {
  return (
    <Alert role="alert" color="red" variant="light" title="Single sign-on failed" data-testid="sso-error">
      {message}
    </Alert>
  );
}
