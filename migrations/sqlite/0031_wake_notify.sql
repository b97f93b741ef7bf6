-- On PostgreSQL this migration adds the triggers that NOTIFY the other
-- processes of work for their background jobs. SQLite is one process, whose
-- workers are woken in-process (backend/src/wake.rs): nothing to add, and
-- the number is kept so both engines' migrations stay in step.
SELECT 1;
