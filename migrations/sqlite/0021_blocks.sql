-- Blocks (issue 15): time a venue reserves for club training or an event,
-- without a payment. A block is a closure that cancels nothing: it is
-- refused where bookings lie, and its slots read taken, not closed.
ALTER TABLE closures ADD COLUMN kind TEXT NOT NULL DEFAULT 'closure' CHECK (kind IN ('closure', 'block'));
