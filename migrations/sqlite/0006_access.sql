-- Door access (docs/ACCESS.md): signing keys, per-booking credentials, the
-- change log the controllers' feed pages through, controllers and entries.

CREATE TABLE access_keys (
    kid         TEXT    PRIMARY KEY,
    private_key TEXT    NOT NULL,
    public_key  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    retired_at  INTEGER
);

CREATE TABLE access_credentials (
    id          BLOB    PRIMARY KEY,
    booking_id  BLOB    NOT NULL REFERENCES bookings (id),
    court_id    INTEGER NOT NULL REFERENCES courts (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('qr', 'code')),
    token       TEXT,
    code        TEXT,
    not_before  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    kid         TEXT,
    revoked_at  INTEGER
);
CREATE INDEX access_credentials_booking ON access_credentials (booking_id);
CREATE INDEX access_credentials_court_window ON access_credentials (court_id, not_before, expires_at);

-- Every issue or revocation appends a row; the feed cursor is the last seq seen.
CREATE TABLE access_changes (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    credential_id BLOB    NOT NULL REFERENCES access_credentials (id),
    court_id      INTEGER NOT NULL
);
CREATE INDEX access_changes_court ON access_changes (court_id, seq);

CREATE TABLE access_controllers (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    secret_hash TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE access_controller_courts (
    controller_id TEXT    NOT NULL REFERENCES access_controllers (id),
    court_id      INTEGER NOT NULL REFERENCES courts (id),
    PRIMARY KEY (controller_id, court_id)
);

CREATE TABLE access_entries (
    event_id      BLOB    PRIMARY KEY,
    controller_id TEXT    NOT NULL REFERENCES access_controllers (id),
    credential_id BLOB,
    booking_id    BLOB,
    court_id      INTEGER NOT NULL,
    method        TEXT    NOT NULL,
    result        TEXT    NOT NULL,
    reason        TEXT,
    at            INTEGER NOT NULL,
    received_at   INTEGER NOT NULL
);

ALTER TABLE bookings ADD COLUMN checked_in_at INTEGER;
