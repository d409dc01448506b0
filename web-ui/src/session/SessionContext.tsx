import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, apiDelete, errorMessage, setBearerToken } from '../api/client';
import type { Session } from '../api/types';
import { LOGIN_PATH, type LoginPageState } from './loginState';

interface SessionContextValue {
  /** The logged-in user's session, or null until recovered or logged in. */
  session: Session | null;
  signIn(session: Session): void;
  /**
   * The proxy answered with a changed session (an access request assumed or dropped, or its
   * time ran out). Taken whole, so a field it leaves out (active_request) is gone; its token
   * is kept when the answer omits one, as assume and drop do.
   */
  replaceSession(next: Session): void;
  /** Ends the session on the proxy (every tab and terminal of it) and goes to the login page. */
  signOut(): Promise<void>;
  /** A call was answered 401: forget the session and send the user to log in again, with the proxy's reason. */
  expire(reason: string): void;
  /** The proxy already ended the session (a password change ends them all): log in again, told why. */
  ended(notice: string): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

const EXPIRED_FALLBACK = 'Your session expired — log in again.';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const here = location.pathname + location.search;

  const signIn = useCallback((s: Session) => {
    setBearerToken(s.token);
    setSession(s);
  }, []);

  const replaceSession = useCallback((next: Session) => {
    if (next.token) setBearerToken(next.token);
    // No session any more (logged out while the call ran): nothing to replace.
    setSession((prev) => (prev ? { ...next, token: next.token || prev.token } : prev));
  }, []);

  const forget = useCallback(() => {
    setBearerToken(null);
    setSession(null);
  }, []);

  const expire = useCallback(
    (reason: string) => {
      const state: LoginPageState = { reason: reason || EXPIRED_FALLBACK, from: here };
      navigate(LOGIN_PATH, { replace: true, state });
      forget();
    },
    [navigate, forget, here],
  );

  const ended = useCallback(
    (notice: string) => {
      navigate(LOGIN_PATH, { replace: true, state: { notice } });
      forget();
    },
    [navigate, forget],
  );

  const signOut = useCallback(async () => {
    let state: LoginPageState = { notice: 'You are logged out.' };
    try {
      await apiDelete('/sessions/current');
    } catch (e) {
      // A 401 means the session was already gone, which is what the user asked for.
      if (!(e instanceof ApiError && e.isUnauthenticated)) state = { reason: `Logging out failed on the proxy: ${errorMessage(e)}` };
    }
    navigate(LOGIN_PATH, { replace: true, state });
    forget();
  }, [navigate, forget]);

  const value = useMemo(
    () => ({ session, signIn, replaceSession, signOut, expire, ended }),
    [session, signIn, replaceSession, signOut, expire, ended],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() outside <SessionProvider>');
  return value;
}

/** For pages that only render once RequireSession has a session. */
export function useCurrentSession(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useCurrentSession() outside <RequireSession>');
  return session;
}
