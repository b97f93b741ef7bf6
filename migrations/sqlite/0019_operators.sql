-- Operators (issue 15, roles): an organisation (a municipality or a club)
-- owns venues; people in it are operators (everything of the
-- organisation), venue staff (chosen venues) or viewers (statistics only).
CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

ALTER TABLE venues ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);
CREATE INDEX venues_organisation ON venues (organisation_id);

CREATE TABLE operator_roles (
    account_id      BLOB    NOT NULL REFERENCES accounts (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    role            TEXT    NOT NULL CHECK (role IN ('operator', 'staff', 'viewer')),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (account_id, organisation_id)
);

-- The venues a staff member works at (operators and viewers: all of theirs).
CREATE TABLE operator_role_venues (
    account_id      BLOB    NOT NULL,
    organisation_id INTEGER NOT NULL,
    venue_id        INTEGER NOT NULL REFERENCES venues (id),
    PRIMARY KEY (account_id, organisation_id, venue_id),
    FOREIGN KEY (account_id, organisation_id) REFERENCES operator_roles (account_id, organisation_id) ON DELETE CASCADE
);
