-- My bookings looks an account's guest bookings up by their e-mail,
-- compared in lower case: the index makes that a lookup, not a scan.
CREATE INDEX bookings_email_lower ON bookings (LOWER(email), starts_at);

-- A lock controller can be revoked (`ledig controller revoke`): it then
-- authenticates no more. The row stays, as its entries refer to it.
ALTER TABLE access_controllers ADD COLUMN revoked_at BIGINT;
