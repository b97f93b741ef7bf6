-- No-shows (docs/ACCESS.md): a confirmed booking nobody entered within
-- LEDIG_NO_SHOW_MINUTES of its start keeps status 'confirmed' but gets
-- no_show_at; its end is cut back to the next whole minute and the rest of
-- the slot is recorded as freed in slot_events (for watchers).

ALTER TABLE bookings ADD COLUMN no_show_at BIGINT;

CREATE TABLE slot_events (
    id         BIGSERIAL PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('freed')),
    reason     TEXT    NOT NULL,
    court_id   BIGINT NOT NULL REFERENCES courts (id),
    booking_id UUID    REFERENCES bookings (id),
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX slot_events_court ON slot_events (court_id, starts_at);
