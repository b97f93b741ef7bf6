-- Holds per client address and per signed-in account over the last 15
-- minutes (issue 14): the rate limit on holds, shared by every process and
-- kept across restarts. Append-only, so a burst from one client never waits
-- on a locked row; rows older than the window are deleted as it goes
-- (bookings/hold_limit.rs).
CREATE TABLE hold_events (
    id          UUID    PRIMARY KEY,
    -- `client:<address or IPv6 /64>` or `person:<account id>`.
    counter_key TEXT    NOT NULL,
    at          BIGINT  NOT NULL
);
CREATE INDEX hold_events_key ON hold_events (counter_key, at);
CREATE INDEX hold_events_at ON hold_events (at);
