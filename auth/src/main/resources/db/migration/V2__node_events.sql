-- Events emitted on agents carry their own id, so a retry after an agent or auth restart is
-- recognised and stored once (agents spool until auth acknowledges).
ALTER TABLE audit_events ADD COLUMN event_key TEXT;
CREATE UNIQUE INDEX audit_events_event_key ON audit_events (event_key) WHERE event_key IS NOT NULL;
