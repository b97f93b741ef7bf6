-- A venue's rules, as data an operator can change: booking notice and
-- horizon, a per-person limit, the cancellation deadline and what a late
-- cancellation keeps, the VAT rate, the seller named on receipts; and its
-- tariffs per customer category and local time band. A venue without a
-- rules row books as before (court price, 90 days ahead, free cancellation
-- until the start, 6 % VAT).

CREATE TABLE venue_rules (
    venue_id                INTEGER PRIMARY KEY REFERENCES venues (id) ON DELETE CASCADE,
    min_notice_minutes      INTEGER NOT NULL DEFAULT 0 CHECK (min_notice_minutes BETWEEN 0 AND 525600),
    max_days_ahead          INTEGER NOT NULL DEFAULT 90 CHECK (max_days_ahead BETWEEN 1 AND 366),
    -- NULL: no limit.
    max_active_bookings     INTEGER CHECK (max_active_bookings IS NULL OR max_active_bookings >= 1),
    -- Free cancellation until this many hours before the start (0: until the start).
    cancel_deadline_hours   INTEGER NOT NULL DEFAULT 0 CHECK (cancel_deadline_hours BETWEEN 0 AND 8760),
    -- After the deadline: a fixed fee in öre, a percentage of the price, or no refund.
    late_cancel_policy      TEXT    NOT NULL DEFAULT 'fee_percent' CHECK (late_cancel_policy IN ('fee_minor', 'fee_percent', 'no_refund')),
    late_cancel_fee_minor   INTEGER NOT NULL DEFAULT 0 CHECK (late_cancel_fee_minor >= 0),
    late_cancel_fee_percent INTEGER NOT NULL DEFAULT 0 CHECK (late_cancel_fee_percent BETWEEN 0 AND 100),
    -- VAT included in the prices, basis points: 600 = 6 % (sports facilities in Sweden).
    vat_basis_points        INTEGER NOT NULL DEFAULT 600 CHECK (vat_basis_points BETWEEN 0 AND 10000),
    -- The seller on receipts; empty: the venue's operator (or name) and address.
    seller_name             TEXT    NOT NULL DEFAULT '',
    seller_address          TEXT    NOT NULL DEFAULT '',
    seller_org_number       TEXT    NOT NULL DEFAULT ''
);

-- A slot costs the tariff whose band covers its local start, on that local
-- weekday, for the booker's category; a court's own tariff wins over the
-- venue's, a later one over an earlier; none: the court's price_minor.
CREATE TABLE tariffs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    venue_id    INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    -- NULL: every court of the venue.
    court_id    INTEGER REFERENCES courts (id) ON DELETE CASCADE,
    category    TEXT    NOT NULL CHECK (category IN ('adult', 'youth', 'senior', 'club')),
    -- ISO weekdays it applies on, as digits: '12345' is Monday to Friday.
    weekdays    TEXT    NOT NULL DEFAULT '1234567' CHECK (weekdays <> '' AND weekdays NOT GLOB '*[^1-7]*'),
    -- Local minutes after midnight, [starts_min, ends_min).
    starts_min  INTEGER NOT NULL CHECK (starts_min BETWEEN 0 AND 1439),
    ends_min    INTEGER NOT NULL CHECK (ends_min BETWEEN 1 AND 1440),
    band        TEXT    NOT NULL CHECK (band IN ('peak', 'off_peak')),
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
    -- 'slot': the price of one slot; 'hour': prorated to the slot's length.
    per         TEXT    NOT NULL DEFAULT 'slot' CHECK (per IN ('slot', 'hour')),
    CHECK (starts_min < ends_min)
);
CREATE INDEX tariffs_venue ON tariffs (venue_id);

-- What a booking was priced and promised at, fixed when it is held.
ALTER TABLE bookings ADD COLUMN category TEXT NOT NULL DEFAULT 'adult';
ALTER TABLE bookings ADD COLUMN price_band TEXT;
ALTER TABLE bookings ADD COLUMN vat_basis_points INTEGER NOT NULL DEFAULT 600;
-- NULL (older rows): computed from price_minor and vat_basis_points.
ALTER TABLE bookings ADD COLUMN vat_minor INTEGER;
-- NULL (older rows): free cancellation until the start.
ALTER TABLE bookings ADD COLUMN free_cancel_until INTEGER;
ALTER TABLE bookings ADD COLUMN late_cancel_fee_minor INTEGER NOT NULL DEFAULT 0;
-- The person, for the per-person limit: the e-mail lowercased and trimmed.
ALTER TABLE bookings ADD COLUMN email_key TEXT;
ALTER TABLE bookings ADD COLUMN confirmed_at INTEGER;
-- The cancellation: when, from which status, and what was kept and refunded.
ALTER TABLE bookings ADD COLUMN cancelled_at INTEGER;
ALTER TABLE bookings ADD COLUMN cancelled_from TEXT;
ALTER TABLE bookings ADD COLUMN cancel_fee_minor INTEGER;
ALTER TABLE bookings ADD COLUMN refund_minor INTEGER;
UPDATE bookings SET email_key = LOWER(TRIM(email));
CREATE INDEX bookings_person ON bookings (email_key, starts_at) WHERE status IN ('held', 'confirmed');

-- Refunds of cancellations, one per booking, through the provider that took
-- the payment: 'demo' records it (no money moves), 'stripe' refunds it.
CREATE TABLE refunds (
    booking_id         BLOB    PRIMARY KEY REFERENCES bookings (id),
    provider           TEXT    NOT NULL,
    amount_minor       INTEGER NOT NULL CHECK (amount_minor > 0),
    currency           TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('pending', 'succeeded')),
    provider_refund_id TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX refunds_pending ON refunds (created_at) WHERE status = 'pending';
