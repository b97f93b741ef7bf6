-- Venues and courts set up in the app (issue 15, item 2): how to reach the
-- venue, whether a court has lights, and the version an operator read the
-- venue and its courts at (their ETag), bumped by each change, so a second
-- operator saving over an older version is told instead of overwriting.
ALTER TABLE venues ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE venues ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE venues ADD COLUMN setup_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE courts ADD COLUMN lights BOOLEAN NOT NULL DEFAULT FALSE;
