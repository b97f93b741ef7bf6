-- Issue 14, item 3: the booking id is no longer the key to a booking.
--
-- `server_secrets`: secrets the server makes once and keeps, by name. The
-- `booking-owner` secret derives each booking's owner key
-- (HMAC-SHA256(secret, booking id)), which only the device that made the
-- booking is given; a signed-in owner needs no key.
--
-- `access_credentials.booking_ref`: the opaque reference lock controllers see
-- instead of the booking id (in QR tokens' `bid` claim, the feed and the
-- entries). Credentials issued before this migration carried the booking id
-- there, so it is their reference.
CREATE TABLE server_secrets (
    name       TEXT    PRIMARY KEY,
    secret     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

ALTER TABLE access_credentials ADD COLUMN booking_ref BLOB;
UPDATE access_credentials SET booking_ref = booking_id;
CREATE INDEX access_credentials_booking_ref ON access_credentials (booking_ref);
