import { Notification, Stack } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

// A short confirmation that outlives a navigation (e.g. "access request assumed" shown on the
// resources page it sends you to). @mantine/notifications is not a dependency; this is enough.

export interface Notice {
  title: string;
  message: string;
  color?: string;
}

const SHOWN_MS = 6_000;
const MAX_SHOWN = 3;

type Notify = (notice: Notice) => void;
const NoticeContext = createContext<Notify | null>(null);

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<(Notice & { id: number })[]>([]);
  const nextId = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const notify = useCallback<Notify>(
    (notice) => {
      const id = ++nextId.current;
      setNotices((list) => [...list.slice(-(MAX_SHOWN - 1)), { ...notice, id }]);
      const timer = setTimeout(() => {
        timers.current.delete(timer);
        dismiss(id);
      }, SHOWN_MS);
      timers.current.add(timer);
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <Stack gap="xs" pos="fixed" bottom={16} right={16} w={380} style={{ zIndex: 400 }} role="status" aria-live="polite">
        {notices.map((n) => (
          <Notification key={n.id} title={n.title} color={n.color ?? 'blue'} onClose={() => dismiss(n.id)} withBorder data-testid="notice">
            {n.message}
          </Notification>
        ))}
      </Stack>
    </NoticeContext.Provider>
  );
}

export function useNotify(): Notify {
  const notify = useContext(NoticeContext);
  if (!notify) throw new Error('useNotify() outside <NoticeProvider>');
  return notify;
}
