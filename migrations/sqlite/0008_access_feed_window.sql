-- The controllers' feed looks 24 hours ahead (docs/ACCESS.md): a credential
-- enters the change log when its window comes within the horizon, at issue
-- or later by the background step; in_feed_at says when. Credentials issued
-- before this migration were already in the feed.

ALTER TABLE access_credentials ADD COLUMN in_feed_at INTEGER;
UPDATE access_credentials SET in_feed_at = CAST(strftime('%s', 'now') AS INTEGER);
CREATE INDEX access_credentials_awaiting_feed ON access_credentials (not_before)
    WHERE in_feed_at IS NULL;
