-- Browser sessions (DESIGN.md "Browser sessions"): the proxy holds only the opaque session id
-- (in the user's cookie) and the bearer token (in the page); auth keeps the key pair and the
-- certificates issued at login. Only hashes of the two secrets are stored, so a copy of this
-- table cannot be replayed; the private key is sealed with the key-encryption key.
CREATE TABLE web_sessions (
    id_hash         TEXT        PRIMARY KEY,
    username        TEXT        NOT NULL,
    bearer_hash     TEXT        NOT NULL,
    private_key_enc BYTEA       NOT NULL,
    ssh_cert        TEXT        NOT NULL,
    tls_cert        TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    last_active     TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX web_sessions_username ON web_sessions (username);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
-- The page gets its bearer token back after a reload (GET /v1/webapi/sessions/current with the
-- cookie), so auth keeps it sealed as well as hashed (the hash is what calls are compared with).
ALTER TABLE web_sessions ADD COLUMN bearer_enc BYTEA NOT NULL;
