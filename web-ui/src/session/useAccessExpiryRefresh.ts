import { useEffect, useRef, useState } from 'react';
import { ApiError, apiGet } from '../api/client';
import type { Session } from '../api/types';
import { useSession } from './SessionContext';

// The proxy puts the session back on the user's own roles by itself at access_expires; it
// does not tell the page. Asking for the session just after that instant keeps the roles,
// logins and the "using access request" banner true without waiting for the user's next call.

const GRACE_MS = 2_000; // let the proxy's clock pass the instant too
const RETRY_MS = 15_000; // the proxy still answered with the request (clock skew), or failed
const MAX_TRIES = 4;
const MAX_TIMEOUT_MS = 2_147_483_647; // setTimeout's limit: a longer delay fires at once

export function useAccessExpiryRefresh(): void {
  const { session, replaceSession, expire } = useSession();
  const until = session?.active_request ? (session.access_expires ?? null) : null;
  // Tries count per expiry instant, so a new assumed request starts again from zero.
  const [retry, setRetry] = useState<{ until: string | null; tries: number }>({ until: null, tries: 0 });
  const tries = retry.until === until ? retry.tries : 0;
  // expire() changes with every navigation; the timer must not restart (and drop its answer) for that.
  const expireRef = useRef(expire);
  useEffect(() => {
    expireRef.current = expire;
  }, [expire]);

  useEffect(() => {
    if (!until || tries >= MAX_TRIES) return;
    const at = Date.parse(until);
    if (Number.isNaN(at)) return;
    let cancelled = false;
    const again = () => setRetry({ until, tries: tries + 1 });
    const delay = Math.max(0, at - Date.now()) + GRACE_MS + (tries > 0 ? RETRY_MS : 0);
    const timer = setTimeout(
      () => {
        apiGet<Session>('/sessions/current')
          .then((s) => {
            if (cancelled) return;
            replaceSession(s);
            if (s.active_request && s.access_expires === until) again();
          })
          .catch((e: unknown) => {
            if (cancelled) return;
            if (e instanceof ApiError && e.isUnauthenticated) expireRef.current(e.message);
            else again();
          });
      },
      Math.min(delay, MAX_TIMEOUT_MS),
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [until, tries, replaceSession]);
}
