-- Venues, their courts and opening hours, and bookings.
-- Opening hours may run past midnight: closes_min up to 2880 (48:00).
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
    closes_min INTEGER NOT NULL CHECK (closes_min BETWEEN 0 AND 2880),
    PRIMARY KEY (venue_id, weekday),
    CHECK (opens_min < closes_min)
);

-- Closures (opening NULL) and special hours over a range of local dates
-- (YYYY-MM-DD, inclusive); where exceptions overlap, the latest (highest id) wins.
CREATE TABLE opening_exceptions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    venue_id   INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    from_date  TEXT    NOT NULL,
    to_date    TEXT    NOT NULL,
    opens_min  INTEGER CHECK (opens_min BETWEEN 0 AND 1440),
    closes_min INTEGER CHECK (closes_min BETWEEN 0 AND 2880),
    reason     TEXT    NOT NULL DEFAULT '',
    CHECK (from_date <= to_date),
    CHECK ((opens_min IS NULL) = (closes_min IS NULL) AND (opens_min IS NULL OR opens_min < closes_min))
);
CREATE INDEX opening_exceptions_venue ON opening_exceptions (venue_id, to_date);

CREATE TABLE courts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    venue_id     INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    sport        TEXT    NOT NULL,
    surface      TEXT    NOT NULL,
    indoor       BOOLEAN NOT NULL,
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 1440),
    -- Slots start at slot_offset_minutes + k * slot_minutes after local midnight.
    slot_offset_minutes INTEGER NOT NULL DEFAULT 0 CHECK (slot_offset_minutes BETWEEN 0 AND 1439),
    price_minor  INTEGER NOT NULL CHECK (price_minor >= 0),
    currency     TEXT    NOT NULL DEFAULT 'SEK'
);
CREATE INDEX courts_venue ON courts (venue_id);
CREATE INDEX venues_position ON venues (lat, lon);

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
