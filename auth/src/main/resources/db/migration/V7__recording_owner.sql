-- A recording remembers the host that uploads it (the owner of its session in session_owners), so
-- only that host may add to the upload; who and when come from the session's start event, found
-- by this index.
ALTER TABLE session_recordings ADD COLUMN host_id TEXT;
CREATE INDEX audit_events_session_start ON audit_events (((fields::jsonb) ->> 'session_id'), id)
    WHERE type IN ('session.start', 'desktop.start');
