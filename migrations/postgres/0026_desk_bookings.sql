-- Bookings made at the desk for a caller (issue 15, item 5): the caller's
-- phone number when they gave one (an e-mail is then optional), and
-- whether they pay at the venue (the booking is confirmed without Ledig
-- taking money, so cancelling it refunds nothing through Ledig and it has
-- no receipt from Ledig).
ALTER TABLE bookings ADD COLUMN phone TEXT;
ALTER TABLE bookings ADD COLUMN pay_at_venue BOOLEAN NOT NULL DEFAULT FALSE;
