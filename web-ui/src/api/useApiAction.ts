import { useCallback, useState } from 'react';
import { ApiError } from './client';
import { useSession } from '../session/SessionContext';

export interface ApiAction {
  /** The key of the call running now (e.g. "cancel:<id>"), to show that one button as busy. */
  running: string | null;
  error: unknown;
  /** Runs `call`; its answer, or undefined when it failed (the error is kept in `error`). */
  run<T>(key: string, call: () => Promise<T>): Promise<T | undefined>;
  clearError(): void;
}

/**
 * For buttons that change something. As with useApiQuery, a 401 means the session is over and
 * sends the user to log in again; other errors are kept for the component to show.
 */
export function useApiAction(): ApiAction {
  const { expire } = useSession();
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = useCallback(
    async <T,>(key: string, call: () => Promise<T>): Promise<T | undefined> => {
      setRunning(key);
      setError(null);
      try {
        return await call();
      } catch (e) {
        if (e instanceof ApiError && e.isUnauthenticated) expire(e.message);
        else setError(e);
        return undefined;
      } finally {
        setRunning(null);
      }
    },
    [expire],
  );

  const clearError = useCallback(() => setError(null), []);
  return { running, error, run, clearError };
}
