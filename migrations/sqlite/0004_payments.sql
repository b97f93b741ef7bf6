-- Payments through a provider (Stripe): one PaymentIntent per booking, and the
-- webhook events already applied (de-duplication by event id).
CREATE TABLE payments (
    booking_id  BLOB    NOT NULL REFERENCES bookings (id),
    provider    TEXT    NOT NULL,
    intent_id   TEXT    NOT NULL UNIQUE,
    amount      INTEGER NOT NULL,
    currency    TEXT    NOT NULL,
    -- The provider's last known status (requires_payment_method, processing,
    -- succeeded, canceled, failed, …) or `refunded` once we refunded it.
    status      TEXT    NOT NULL,
    refund_id   TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (booking_id, provider)
);
CREATE INDEX payments_pending ON payments (created_at) WHERE status NOT IN ('succeeded', 'refunded', 'canceled');

CREATE TABLE stripe_events (
    event_id    TEXT    PRIMARY KEY,
    event_type  TEXT    NOT NULL,
    intent_id   TEXT,
    received_at INTEGER NOT NULL
);
