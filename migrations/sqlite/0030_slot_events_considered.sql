-- The offer worker marks each freed-slot event it has considered, instead of
-- only moving a cursor past the highest id it has read. On PostgreSQL ids
-- come from a sequence at insert, so an event that commits after one with a
-- higher id would fall behind a cursor and never be offered; an unmarked
-- event is read whenever it commits.
ALTER TABLE slot_events ADD COLUMN considered_at INTEGER;
UPDATE slot_events SET considered_at = created_at
 WHERE id <= (SELECT last_event_id FROM offer_cursor WHERE only_row = 1);
CREATE INDEX slot_events_unconsidered ON slot_events (id) WHERE considered_at IS NULL;
-- offer_cursor stays, kept up to date: a process of the build before this
-- one, during an upgrade one process at a time, still reads it.
