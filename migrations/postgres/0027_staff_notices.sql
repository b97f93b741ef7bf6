-- Notices for a venue's staff (issue 15, item 7): the hours the venue is
-- staffed (one daily window on its clock, 'HH:MM'; none set: no booking is
-- "outside staffed hours"), the people told (a caretaker, a security
-- company) and of what, and on each closure and booking when the notices
-- job has dealt with it, so each is told once. What exists already counts
-- as told.
ALTER TABLE venues ADD COLUMN staffed_from TEXT;
ALTER TABLE venues ADD COLUMN staffed_until TEXT;
CREATE TABLE venue_subscribers (
    id              BIGSERIAL PRIMARY KEY,
    venue_id        BIGINT  NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    email           TEXT    NOT NULL,
    language        TEXT    NOT NULL DEFAULT 'sv',
    closures        BOOLEAN NOT NULL,
    after_hours     BOOLEAN NOT NULL,
    daily_summary   BOOLEAN NOT NULL,
    -- The venue's local date of the last daily summary sent.
    summary_sent_on TEXT,
    UNIQUE (venue_id, email)
);
ALTER TABLE closures ADD COLUMN staff_told_at BIGINT;
ALTER TABLE bookings ADD COLUMN staff_told_at BIGINT;
UPDATE closures SET staff_told_at = created_at;
UPDATE bookings SET staff_told_at = created_at;
CREATE INDEX closures_staff_untold ON closures (created_at) WHERE staff_told_at IS NULL;
CREATE INDEX bookings_staff_untold ON bookings (confirmed_at) WHERE staff_told_at IS NULL AND confirmed_at IS NOT NULL;
