-- Watches and fair offers (issue 5, docs/WATCHES.md).
-- A watch: where (a court, a venue, or an area given as centre, radius and
-- its bounding box for the index), when (ISO weekdays as bits 1..7, local
-- minutes of the day, local dates YYYY-MM-DD) and how long at least.
CREATE TABLE watches (
    id          UUID    PRIMARY KEY,
    account_id  UUID    NOT NULL REFERENCES accounts (id),
    scope       TEXT    NOT NULL CHECK (scope IN ('court', 'venue', 'area')),
    court_id    BIGINT REFERENCES courts (id) ON DELETE CASCADE,
    venue_id    BIGINT REFERENCES venues (id) ON DELETE CASCADE,
    lat         DOUBLE PRECISION,
    lon         DOUBLE PRECISION,
    radius_m    BIGINT,
    min_lat     DOUBLE PRECISION,
    max_lat     DOUBLE PRECISION,
    min_lon     DOUBLE PRECISION,
    max_lon     DOUBLE PRECISION,
    weekdays    BIGINT NOT NULL CHECK (weekdays BETWEEN 1 AND 254),
    from_minute BIGINT NOT NULL CHECK (from_minute BETWEEN 0 AND 1440),
    to_minute   BIGINT NOT NULL CHECK (to_minute BETWEEN 0 AND 1440),
    min_minutes BIGINT NOT NULL CHECK (min_minutes BETWEEN 5 AND 1440),
    from_date   TEXT    NOT NULL,
    to_date     TEXT    NOT NULL,
    paused      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT NOT NULL,
    CHECK (from_minute < to_minute),
    CHECK (from_date <= to_date)
);
CREATE INDEX watches_account ON watches (account_id);
CREATE INDEX watches_court ON watches (court_id) WHERE court_id IS NOT NULL;
CREATE INDEX watches_venue ON watches (venue_id) WHERE venue_id IS NOT NULL;
CREATE INDEX watches_area ON watches (min_lat, max_lat) WHERE scope = 'area';

-- Fair order: who was offered a slot least recently goes first.
CREATE TABLE watch_fairness (
    account_id      UUID    PRIMARY KEY REFERENCES accounts (id),
    last_offered_at BIGINT NOT NULL
);

-- How far the offer worker has read slot_events.
CREATE TABLE offer_cursor (
    only_row      INTEGER PRIMARY KEY CHECK (only_row = 1),
    last_event_id BIGINT NOT NULL
);
INSERT INTO offer_cursor (only_row, last_event_id) VALUES (1, 0);

-- One run per freed slot: the rounds of exclusive offers, then (maybe) a
-- broadcast. `leased_until` keeps two workers off the same run.
CREATE TABLE offer_runs (
    id            UUID    PRIMARY KEY,
    slot_event_id BIGINT NOT NULL UNIQUE REFERENCES slot_events (id),
    court_id      BIGINT NOT NULL REFERENCES courts (id),
    starts_at     BIGINT NOT NULL,
    ends_at       BIGINT NOT NULL,
    -- The account whose booking freed it (not told of its own cancellation).
    freed_by      UUID,
    round         BIGINT NOT NULL DEFAULT 0,
    state         TEXT    NOT NULL CHECK (state IN ('active', 'done')),
    outcome       TEXT,
    leased_until  BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);
CREATE INDEX offer_runs_active ON offer_runs (created_at) WHERE state = 'active';

CREATE TABLE offers (
    id          UUID    PRIMARY KEY,
    run_id      UUID    NOT NULL REFERENCES offer_runs (id),
    account_id  UUID    NOT NULL REFERENCES accounts (id),
    watch_id    UUID,
    -- The exclusive hold in the watcher's name (status 'offered').
    booking_id  UUID    REFERENCES bookings (id),
    round       BIGINT NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('offered', 'open', 'booked', 'passed', 'expired', 'gone')),
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT,
    UNIQUE (run_id, account_id)
);
CREATE INDEX offers_account ON offers (account_id, created_at);
CREATE INDEX offers_booking ON offers (booking_id) WHERE booking_id IS NOT NULL;
