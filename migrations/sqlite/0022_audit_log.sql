-- The audit log (issue 15): who changed what at an organisation, and when
-- (closures, blocks, reopenings, role grants; more as the operator side grows).
-- Readable by the organisation's operators; purged after
-- LEDIG_RETAIN_AUDIT_DAYS.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    -- The signed-in person who did it; NULL for the server's command line.
    actor_id        BLOB,
    action          TEXT    NOT NULL,
    venue_id        INTEGER,
    -- What it was done to (a closure's id, an e-mail address, a controller).
    subject         TEXT,
    -- What was changed, as JSON.
    detail          TEXT    NOT NULL DEFAULT '{}',
    created_at      INTEGER NOT NULL
);
CREATE INDEX audit_log_organisation ON audit_log (organisation_id, id);
CREATE INDEX audit_log_created ON audit_log (created_at);
