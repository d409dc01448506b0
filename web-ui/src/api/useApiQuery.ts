import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './client';
import { useSession } from '../session/SessionContext';

export interface ApiQuery<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Loads data for a page. A 401 means the session is over: the user is sent to log in
 * again with the proxy's message. Other errors are returned for the page to show.
 */
export function useApiQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): ApiQuery<T> {
  const { expire } = useSession();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    setLoading(true);
    load()
      .then((value) => {
        if (request !== latest.current) return;
        setData(value);
        setError(null);
      })
      .catch((e: unknown) => {
        if (request !== latest.current) return;
        if (e instanceof ApiError && e.isUnauthenticated) expire(e.message);
        else setError(e);
      })
      .finally(() => {
        if (request === latest.current) setLoading(false);
      });
    // `load` is a fresh closure each render; `deps` says when it really changes.
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload };
}
