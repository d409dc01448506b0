-- A join token may limit the node names a joiner takes (globs) and pin where a direct-mode node
-- joining with it is reached; both empty = any free name, the IP it joined from.
ALTER TABLE join_tokens ADD COLUMN names TEXT NOT NULL DEFAULT '';
ALTER TABLE join_tokens ADD COLUMN addr  TEXT NOT NULL DEFAULT '';

-- Which host a session id belongs to: the first node to report an event about it. A node may
-- write events (and recordings) only about its own sessions.
CREATE TABLE session_owners (
    session_id TEXT PRIMARY KEY,
    host_id    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
