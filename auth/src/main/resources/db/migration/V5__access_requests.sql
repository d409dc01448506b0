-- Just-in-time access requests (auth/.../accessrequest). Role lists, thresholds and reviews are
-- small JSON documents; "version" makes concurrent reviews of one request serialise instead of
-- one silently overwriting the other.
CREATE TABLE access_requests (
    id             TEXT        PRIMARY KEY,
    username       TEXT        NOT NULL,
    roles          TEXT        NOT NULL,
    reason         TEXT        NOT NULL,
    state          TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    thresholds     TEXT        NOT NULL,
    reviews        TEXT        NOT NULL,
    resolve_reason TEXT,
    version        INTEGER     NOT NULL DEFAULT 0
);
CREATE INDEX access_requests_username ON access_requests (username);
CREATE INDEX access_requests_open ON access_requests (state, expires_at);
-- Notifications for the webhook, written in the same transaction as the change they announce
-- (so none is lost or sent for a change that rolled back) and delivered with retries.
CREATE TABLE webhook_outbox (
    id           BIGSERIAL   PRIMARY KEY,
    payload      TEXT        NOT NULL,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    next_attempt TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_error   TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt);
-- A browser session that assumed an access request carries the elevated certificates in
-- ssh_cert/tls_cert and keeps the user's own here, to return to when the request ends.
ALTER TABLE web_sessions ADD COLUMN base_ssh_cert TEXT;
ALTER TABLE web_sessions ADD COLUMN base_tls_cert TEXT;
