-- Venues, their courts and opening hours, and bookings.
-- Instants are UTC Unix seconds (INTEGER); opening hours are local minutes
-- since midnight in the venue's IANA zone.

CREATE TABLE venues (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    city        TEXT    NOT NULL,
    lat         REAL    NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon         REAL    NOT NULL CHECK (lon BETWEEN -180 AND 180),
    timezone    TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE opening_hours (
    venue_id   INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens_min  INTEGER NOT NULL CHECK (opens_min BETWEEN 0 AND 1440),
    closes_min INTEGER NOT NULL CHECK (closes_min BETWEEN 0 AND 1440),
    PRIMARY KEY (venue_id, weekday),
    CHECK (opens_min < closes_min)
);

CREATE TABLE courts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    venue_id     INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    sport        TEXT    NOT NULL,
    surface      TEXT    NOT NULL,
    indoor       BOOLEAN NOT NULL,
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 1440),
    price_minor  INTEGER NOT NULL CHECK (price_minor >= 0),
    currency     TEXT    NOT NULL DEFAULT 'SEK'
);
CREATE INDEX courts_venue ON courts (venue_id);

CREATE TABLE bookings (
    id              BLOB    PRIMARY KEY,
    court_id        INTEGER NOT NULL REFERENCES courts (id),
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired')),
    name            TEXT    NOT NULL,
    email           TEXT    NOT NULL,
    price_minor     INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    hold_expires_at INTEGER,
    door_code       TEXT,
    created_at      INTEGER NOT NULL,
    CHECK (starts_at < ends_at)
);
-- SQLite has no exclusion constraints: the no-overlap rule is enforced by
-- checking and inserting inside one BEGIN IMMEDIATE transaction (the write
-- lock is taken before the check), see backend/src/bookings/store.rs.
CREATE INDEX bookings_court_time ON bookings (court_id, starts_at);
CREATE INDEX bookings_held ON bookings (hold_expires_at) WHERE status = 'held';
