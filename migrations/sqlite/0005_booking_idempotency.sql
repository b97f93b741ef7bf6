-- A client sends an Idempotency-Key with each booking request, so a retried
-- request (a flaky network, a double tap) never books twice.
ALTER TABLE bookings ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX bookings_idempotency_key ON bookings (idempotency_key) WHERE idempotency_key IS NOT NULL;
