-- Closures (issue 15): a court, or a whole venue, closed for a time range
-- by its operator or staff (snow, rain, maintenance, an event). Closing
-- cancels the bookings in the range (the venue's doing: refunded in full,
-- credentials revoked, the players told) in the same transaction that
-- writes the closure. Reopening frees the slots for watchers.
CREATE TABLE closures (
    id          UUID    PRIMARY KEY,
    venue_id    BIGINT  NOT NULL REFERENCES venues (id),
    -- NULL: every court of the venue.
    court_id    BIGINT  REFERENCES courts (id),
    starts_at   BIGINT  NOT NULL,
    ends_at     BIGINT  NOT NULL,
    reason      TEXT    NOT NULL CHECK (reason IN ('snow', 'rain', 'maintenance', 'event', 'other')),
    note        TEXT,
    created_by  UUID    NOT NULL,
    created_at  BIGINT  NOT NULL,
    reopened_at BIGINT,
    reopened_by UUID,
    CHECK (starts_at < ends_at)
);
CREATE INDEX closures_venue ON closures (venue_id, ends_at);

-- The closure that cancelled a booking (the venue's doing, not the player's).
ALTER TABLE bookings ADD COLUMN closure_id UUID REFERENCES closures (id);

-- Mail written with the change that causes it (a closure's notices) and
-- delivered by a worker, so a crash after the commit loses no message.
CREATE TABLE mail_outbox (
    id              UUID    PRIMARY KEY,
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    attempts        BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    last_error      TEXT,
    leased_until    BIGINT  NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';
