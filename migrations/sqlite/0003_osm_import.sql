-- OpenStreetMap identity of imported rows (`ledig import osm`), so a
-- re-import updates what it made instead of duplicating it.
-- courts.osm_ref: the pitch, "node/123", "way/456" or "relation/789".
-- venues.osm_ref: the venue's key, its smallest member pitch's ref (stable
-- while that pitch is in the group; a re-import also finds a venue through
-- its courts). NULL for rows not made by the import.

ALTER TABLE venues ADD COLUMN osm_ref TEXT;
ALTER TABLE courts ADD COLUMN osm_ref TEXT;
CREATE UNIQUE INDEX venues_osm_ref ON venues (osm_ref) WHERE osm_ref IS NOT NULL;
CREATE UNIQUE INDEX courts_osm_ref ON courts (osm_ref) WHERE osm_ref IS NOT NULL;
