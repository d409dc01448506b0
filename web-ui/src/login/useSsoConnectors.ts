import { useEffect, useState } from 'react';
import { fetchSsoConnectors, type SsoConnector } from './ssoConnectors';

/** The proxy's SSO connectors; empty until they arrive, and when they cannot be had. */
export function useSsoConnectors(): SsoConnector[] {
  const [connectors, setConnectors] = useState<SsoConnector[]>([]);

  useEffect(() => {
    let cancelled = false;
    fetchSsoConnectors()
      .then((list) => {
        if (!cancelled) setConnectors(list);
      })
      .catch(() => {
        // No SSO section then: the password form works without it, and an error here would
        // only confuse a user who never meant to use SSO.
      });
    return () => {
      cancelled = true;
    };
  }, []);

  return connectors;
}
