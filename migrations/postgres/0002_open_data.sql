-- Open data: the venue facts the open facility register publishes, and the
-- OpenActive RPDE feeds (facility uses and slots) kept as change-tracked items.

-- Free text, empty when unknown: how accessible the venue is, its region
-- (Swedish county, län) for postal addresses, and who runs it.
ALTER TABLE venues ADD COLUMN accessibility TEXT NOT NULL DEFAULT '';
ALTER TABLE venues ADD COLUMN region        TEXT NOT NULL DEFAULT '';
ALTER TABLE venues ADD COLUMN operator      TEXT NOT NULL DEFAULT '';

-- One row per item of an RPDE feed ('facility-uses' or 'slots'). `modified`
-- comes from open_data_counter and is unique and increasing; a vanished item
-- stays as a tombstone (deleted, data NULL) until it is purged. Ids compare
-- bytewise ("C"), as on SQLite, for the (modified, id) paging order.
CREATE TABLE open_data_items (
    feed       TEXT    NOT NULL,
    id         TEXT    COLLATE "C" NOT NULL,
    kind       TEXT    NOT NULL,
    modified   BIGINT  NOT NULL,
    deleted    BOOLEAN NOT NULL DEFAULT FALSE,
    data       TEXT,
    -- FNV-1a hash of `data`, so a refresh compares without reading it back.
    digest     BIGINT  NOT NULL DEFAULT 0,
    deleted_at BIGINT,
    PRIMARY KEY (feed, id)
);
CREATE UNIQUE INDEX open_data_items_order ON open_data_items (feed, modified, id);

-- The last `modified` value handed out. Its row lock serialises refreshes
-- across processes, so `modified` values commit in increasing order.
CREATE TABLE open_data_counter (
    only_row      BIGINT PRIMARY KEY CHECK (only_row = 1),
    last_modified BIGINT NOT NULL
);
INSERT INTO open_data_counter (only_row, last_modified) VALUES (1, 0);
