-- Holds per client address and per signed-in account in fixed 15-minute
-- windows (issue 14): the rate limit on holds, shared by every process and
-- kept across restarts. Windows before the previous one are deleted as new
-- ones start (bookings/hold_limit.rs).
CREATE TABLE hold_counters (
    -- `client:<address or IPv6 /64>` or `person:<account id>`.
    counter_key  TEXT    NOT NULL,
    -- Unix seconds, a multiple of 900.
    window_start BIGINT  NOT NULL,
    holds        BIGINT  NOT NULL,
    PRIMARY KEY (counter_key, window_start)
);
CREATE INDEX hold_counters_window ON hold_counters (window_start);
