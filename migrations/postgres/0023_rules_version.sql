-- The version of a venue's rules, for the operator's ETag / If-Match: each
-- change through the app bumps it, so a second operator saving over a
-- change they have not seen is told instead of overwriting it. A venue
-- without a rules row is at version 0.
ALTER TABLE venue_rules ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
