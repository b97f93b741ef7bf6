-- Watches and fair offers (issue 5, docs/WATCHES.md).
-- A watch: where (a court, a venue, or an area given as centre, radius and
-- its bounding box for the index), when (ISO weekdays as bits 1..7, local
-- minutes of the day, local dates YYYY-MM-DD) and how long at least.
CREATE TABLE watches (
    id          BLOB    PRIMARY KEY,
    account_id  BLOB    NOT NULL REFERENCES accounts (id),
    scope       TEXT    NOT NULL CHECK (scope IN ('court', 'venue', 'area')),
    court_id    INTEGER REFERENCES courts (id) ON DELETE CASCADE,
    venue_id    INTEGER REFERENCES venues (id) ON DELETE CASCADE,
    lat         REAL,
    lon         REAL,
    radius_m    INTEGER,
    min_lat     REAL,
    max_lat     REAL,
    min_lon     REAL,
    max_lon     REAL,
    weekdays    INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 254),
    from_minute INTEGER NOT NULL CHECK (from_minute BETWEEN 0 AND 1440),
    to_minute   INTEGER NOT NULL CHECK (to_minute BETWEEN 0 AND 1440),
    min_minutes INTEGER NOT NULL CHECK (min_minutes BETWEEN 5 AND 1440),
    from_date   TEXT    NOT NULL,
    to_date     TEXT    NOT NULL,
    paused      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  INTEGER NOT NULL,
    CHECK (from_minute < to_minute),
    CHECK (from_date <= to_date)
);
CREATE INDEX watches_account ON watches (account_id);
CREATE INDEX watches_court ON watches (court_id) WHERE court_id IS NOT NULL;
CREATE INDEX watches_venue ON watches (venue_id) WHERE venue_id IS NOT NULL;
CREATE INDEX watches_area ON watches (min_lat, max_lat) WHERE scope = 'area';

-- Fair order: who was offered a slot least recently goes first.
CREATE TABLE watch_fairness (
    account_id      BLOB    PRIMARY KEY REFERENCES accounts (id),
    last_offered_at INTEGER NOT NULL
);

-- How far the offer worker has read slot_events.
CREATE TABLE offer_cursor (
    only_row      INTEGER PRIMARY KEY CHECK (only_row = 1),
    last_event_id INTEGER NOT NULL
);
INSERT INTO offer_cursor (only_row, last_event_id) VALUES (1, 0);

-- One run per freed slot: the rounds of exclusive offers, then (maybe) a
-- broadcast. `leased_until` keeps two workers off the same run.
CREATE TABLE offer_runs (
    id            BLOB    PRIMARY KEY,
    slot_event_id INTEGER NOT NULL UNIQUE REFERENCES slot_events (id),
    court_id      INTEGER NOT NULL REFERENCES courts (id),
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL,
    -- The account whose booking freed it (not told of its own cancellation).
    freed_by      BLOB,
    round         INTEGER NOT NULL DEFAULT 0,
    state         TEXT    NOT NULL CHECK (state IN ('active', 'done')),
    outcome       TEXT,
    leased_until  INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX offer_runs_active ON offer_runs (created_at) WHERE state = 'active';

CREATE TABLE offers (
    id          BLOB    PRIMARY KEY,
    run_id      BLOB    NOT NULL REFERENCES offer_runs (id),
    account_id  BLOB    NOT NULL REFERENCES accounts (id),
    watch_id    BLOB,
    -- The exclusive hold in the watcher's name (status 'offered').
    booking_id  BLOB    REFERENCES bookings (id),
    round       INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('offered', 'open', 'booked', 'passed', 'expired', 'gone')),
    created_at  INTEGER NOT NULL,
    decided_at  INTEGER,
    UNIQUE (run_id, account_id)
);
CREATE INDEX offers_account ON offers (account_id, created_at);
CREATE INDEX offers_booking ON offers (booking_id) WHERE booking_id IS NOT NULL;
