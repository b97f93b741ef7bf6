-- Door access (docs/ACCESS.md): signing keys, per-booking credentials, the
-- change log the controllers' feed pages through, controllers and entries.

CREATE TABLE access_keys (
    kid         TEXT    PRIMARY KEY,
    private_key TEXT    NOT NULL,
    public_key  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    retired_at  BIGINT 
);

CREATE TABLE access_credentials (
    id          UUID    PRIMARY KEY,
    booking_id  UUID    NOT NULL REFERENCES bookings (id),
    court_id    BIGINT  NOT NULL REFERENCES courts (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('qr', 'code')),
    token       TEXT,
    code        TEXT,
    not_before  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    kid         TEXT,
    revoked_at  BIGINT
);
CREATE INDEX access_credentials_booking ON access_credentials (booking_id);
CREATE INDEX access_credentials_court_window ON access_credentials (court_id, not_before, expires_at);

-- Every issue or revocation appends a row; the feed cursor is the last seq seen.
CREATE TABLE access_changes (
    seq           BIGSERIAL PRIMARY KEY,
    credential_id UUID    NOT NULL REFERENCES access_credentials (id),
    court_id      BIGINT  NOT NULL
);
CREATE INDEX access_changes_court ON access_changes (court_id, seq);

CREATE TABLE access_controllers (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    secret_hash TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE access_controller_courts (
    controller_id TEXT    NOT NULL REFERENCES access_controllers (id),
    court_id      BIGINT  NOT NULL REFERENCES courts (id),
    PRIMARY KEY (controller_id, court_id)
);

CREATE TABLE access_entries (
    event_id      UUID    PRIMARY KEY,
    controller_id TEXT    NOT NULL REFERENCES access_controllers (id),
    credential_id UUID,
    booking_id    UUID,
    court_id      BIGINT  NOT NULL,
    method        TEXT    NOT NULL,
    result        TEXT    NOT NULL,
    reason        TEXT,
    at            BIGINT  NOT NULL,
    received_at   BIGINT  NOT NULL
);

ALTER TABLE bookings ADD COLUMN checked_in_at BIGINT ;
