-- Gatehouse auth schema, version 1. Never edit a released migration: add V2__... instead.

-- Cluster certificate authorities. Private keys are AES-256-GCM encrypted with the
-- key-encryption key (KEK) that lives with the auth process, never in this database.
CREATE TABLE certificate_authorities (
    ca_type          TEXT PRIMARY KEY,
    cluster_name     TEXT        NOT NULL,
    ssh_public_key   TEXT        NOT NULL,
    tls_certificate  TEXT        NOT NULL,
    private_key_enc  BYTEA       NOT NULL,
    kek_id           TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Resources an admin manages as YAML (role, user, node...). doc holds the resource as JSON
-- (kind/version/metadata/spec), exactly what Resources.toJson writes.
CREATE TABLE resources (
    kind        TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    revision    BIGINT      NOT NULL,
    doc         TEXT        NOT NULL,
    expires     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, name)
);

-- Local users' secrets, kept apart from the user resource so no export can carry them.
CREATE TABLE user_credentials (
    username         TEXT PRIMARY KEY,
    password_hash    TEXT,
    totp_secret_enc  BYTEA,
    totp_last_step   BIGINT      NOT NULL DEFAULT 0,
    failed_attempts  INT         NOT NULL DEFAULT 0,
    locked_until     TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One-time signup/reset links. Only the SHA-256 of the link's token is stored.
CREATE TABLE invites (
    token_hash       TEXT PRIMARY KEY,
    username         TEXT        NOT NULL,
    totp_secret_enc  BYTEA       NOT NULL,
    expires          TIMESTAMPTZ NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX invites_username ON invites (username);

-- Join tokens. Only the SHA-256 of the token is stored; id is its short public handle.
CREATE TABLE join_tokens (
    id           TEXT PRIMARY KEY,
    secret_hash  TEXT        NOT NULL UNIQUE,
    roles        TEXT        NOT NULL,
    max_uses     INT,
    uses         INT         NOT NULL DEFAULT 0,
    expires      TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The audit log: append-only, enforced by the database itself.
CREATE TABLE audit_events (
    id        BIGSERIAL PRIMARY KEY,
    time      TIMESTAMPTZ NOT NULL,
    type      TEXT        NOT NULL,
    code      TEXT        NOT NULL,
    username  TEXT        NOT NULL DEFAULT '',
    resource  TEXT        NOT NULL DEFAULT '',
    outcome   TEXT        NOT NULL,
    fields    TEXT        NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_time ON audit_events (time, id);
CREATE INDEX audit_events_type_time ON audit_events (type, time);
CREATE INDEX audit_events_user_time ON audit_events (username, time);

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
