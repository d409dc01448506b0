-- Session recordings (asciicast v2) uploaded by nodes after each recorded session, in chunks so a
-- retry after a failure resends only what is missing. A recording is playable once complete (all
-- chunks present, size and SHA-256 checked).
CREATE TABLE session_recordings (
    session_id TEXT PRIMARY KEY,
    node       TEXT NOT NULL,
    username   TEXT NOT NULL,
    login      TEXT NOT NULL,
    started    TIMESTAMPTZ NOT NULL,
    size       BIGINT,
    sha256     TEXT,
    complete   BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX session_recordings_started ON session_recordings (started);
CREATE TABLE session_recording_chunks (
    session_id   TEXT NOT NULL REFERENCES session_recordings (session_id) ON DELETE CASCADE,
    offset_bytes BIGINT NOT NULL,
    data         BYTEA NOT NULL,
    PRIMARY KEY (session_id, offset_bytes)
);
