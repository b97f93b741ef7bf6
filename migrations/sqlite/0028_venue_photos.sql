-- Photos of a venue (issue 15, item 2), kept in the database beside the
-- venue so that every node serves them and a backup holds them. `bytes` is
-- the file as served: the picture without its metadata (EXIF, XMP, text).
CREATE TABLE venue_photos (
    id           BLOB    PRIMARY KEY,
    venue_id     INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BLOB    NOT NULL,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    alt          TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX venue_photos_by_venue ON venue_photos (venue_id, created_at);
