-- A join token may limit the node names a joiner takes (globs) and pin where a direct-mode node
-- joining with it is reached; both empty = any free name, the IP it joined from.
ALTER TABLE join_tokens ADD COLUMN names TEXT NOT NULL DEFAULT '';
ALTER TABLE join_tokens ADD COLUMN addr  TEXT NOT NULL DEFAULT '';
