-- A node uploads recordings of its own sessions only: the session's first session.start (or
-- desktop.start) event names the host it ran on (auth adds host_id to every event a host sends),
-- and a recording remembers that host so only it may add to the upload.
ALTER TABLE session_recordings ADD COLUMN host_id TEXT;
CREATE INDEX audit_events_session_start ON audit_events (((fields::jsonb) ->> 'session_id'), id)
    WHERE type IN ('session.start', 'desktop.start');
