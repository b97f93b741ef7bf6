-- Web Push (issue 5): the server's VAPID key pair (made once, kept), each
-- device's push subscription, and the outbox the delivery worker drains.
-- A message is written to the outbox in the transaction of the change that
-- causes it and survives restarts until delivered, given up or expired.

CREATE TABLE push_vapid_keys (
    only_row    INTEGER PRIMARY KEY CHECK (only_row = 1),
    -- base64url: the raw P-256 private scalar, and the uncompressed public point.
    private_key TEXT    NOT NULL,
    public_key  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE push_subscriptions (
    id         BLOB    PRIMARY KEY,
    account_id BLOB    NOT NULL REFERENCES accounts (id),
    endpoint   TEXT    NOT NULL UNIQUE,
    p256dh     TEXT    NOT NULL,
    auth       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX push_subscriptions_account ON push_subscriptions (account_id);

CREATE TABLE push_outbox (
    id              BLOB    PRIMARY KEY,
    -- No foreign key: a removed subscription marks its messages dead.
    subscription_id BLOB    NOT NULL,
    payload         TEXT    NOT NULL,
    topic           TEXT,
    urgency         TEXT    NOT NULL CHECK (urgency IN ('very-low', 'low', 'normal', 'high')),
    -- Not worth delivering after this (e.g. the freed slot has started).
    expires_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX push_outbox_due ON push_outbox (next_attempt_at) WHERE status = 'pending';
