-- Opening hours edited in the app (issue 15, item 2): the version an
-- operator read them at (their ETag), bumped by each change, so a second
-- operator saving over an older version is told instead of overwriting.
ALTER TABLE venues ADD COLUMN hours_version BIGINT NOT NULL DEFAULT 1;
