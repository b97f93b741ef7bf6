-- The controllers' feed looks 24 hours ahead (docs/ACCESS.md): a credential
-- enters the change log when its window comes within the horizon, at issue
-- or later by the background step; in_feed_at says when. Credentials issued
-- before this migration were already in the feed.

ALTER TABLE access_credentials ADD COLUMN in_feed_at BIGINT;
UPDATE access_credentials SET in_feed_at = EXTRACT(EPOCH FROM now())::BIGINT;
CREATE INDEX access_credentials_awaiting_feed ON access_credentials (not_before)
    WHERE in_feed_at IS NULL;

-- A late entry for a no-show (docs/ACCESS.md, "Check-in and no-shows"): the
-- cut keeps the booking's original end, so the rest can be given back if
-- nobody booked it meanwhile; the entry records what it did.
ALTER TABLE bookings ADD COLUMN original_ends_at BIGINT;
ALTER TABLE access_entries ADD COLUMN effect TEXT;
