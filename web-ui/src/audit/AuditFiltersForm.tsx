import { Button, Group, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { KNOWN_EVENT_TYPES, type AuditFilters } from './auditQuery';

const TYPING_PAUSE_MS = 500;

/** From / To / Type / User. Applied once the user stops typing, or at once with Enter / "Apply". */
export function AuditFiltersForm({ initial, onApply }: { initial: AuditFilters; onApply(filters: AuditFilters): void }) {
  const [draft, setDraft] = useState(initial);
  const [settled] = useDebouncedValue(draft, TYPING_PAUSE_MS);
  const applied = useRef(JSON.stringify(initial));

  const set = (key: keyof AuditFilters) => (e: { currentTarget: HTMLInputElement }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };

  useEffect(() => {
    const key = JSON.stringify(settled);
    if (key === applied.current) return;
    applied.current = key;
    onApply(settled);
  }, [settled, onApply]);

  function submit(event: FormEvent) {
    event.preventDefault();
    applied.current = JSON.stringify(draft);
    onApply(draft); // even when unchanged: "Apply" doubles as refresh
  }

  return (
    <form onSubmit={submit}>
      <Group gap="sm" align="flex-end">
        <TextInput type="datetime-local" label="From" name="from" value={draft.from} onChange={set('from')} w={210} />
        <TextInput type="datetime-local" label="To" name="to" value={draft.to} onChange={set('to')} w={210} description="Empty: up to now" />
        {/* A native datalist: suggestions for the known types, free text for any other. */}
        <TextInput label="Type" name="type" list="audit-event-types" value={draft.type} onChange={set('type')} w={200} autoComplete="off" />
        <datalist id="audit-event-types">
          {KNOWN_EVENT_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <TextInput label="User" name="user" value={draft.user} onChange={set('user')} w={160} autoComplete="off" />
        <Button type="submit">Apply</Button>
      </Group>
    </form>
  );
}
