# Your data (/account/data): what Ledig holds about you, as a page and a
# file, and deleting the account. The headings and fields are the database's
# tables and columns (backend/src/privacy/register.rs); a test asks a text of each.

## Sections: one per table of the register

data-section-accounts = Account
data-section-sessions = Signed-in devices
data-section-passkeys = Passkeys
data-section-sign_in_codes = Sign-in codes
data-section-webauthn_challenges = Passkey sign-ins under way
data-section-bookings = Bookings
data-section-payments = Payments
data-section-refunds = Refunds
data-section-access_credentials = Door codes and passes
data-section-access_entries = Door entries
data-section-watches = Watches
data-section-watch_fairness = Turn for offers
data-section-offers = Offered times
data-section-offer_runs = Times you gave back
data-section-slot_events = Freed times
data-section-hold_events = Held times (the hourly limit)
data-section-push_subscriptions = Devices with push messages
data-section-push_outbox = Push messages
data-section-mail_outbox = Queued e-mails
data-section-venue_subscribers = Staff notices
data-section-operator_roles = Staff roles
data-section-operator_role_venues = Venues of your roles
data-section-closures = Closures you made
data-section-audit_log = Audit log

## What is kept, how long, and what deleting the account does: one per
## section. Plain text (the backend puts them in the JSON file as they are).

data-kept-accounts = Kept while the account exists. Deleted when you delete the account.
data-kept-sessions = Removed when the sign-in ends or expires. Deleted when you delete the account.
data-kept-passkeys = Kept while the account exists. Deleted when you delete the account.
data-kept-sign_in_codes = Removed once the code is used or has expired. Deleted when you delete the account.
data-kept-webauthn_challenges = Removed within minutes. Deleted when you delete the account.
data-kept-bookings = Bookings are accounting records, kept for seven years as the Swedish Bookkeeping Act requires. When you delete the account, upcoming ones are cancelled, and those kept no longer carry your name, e-mail address or phone number.
data-kept-payments = Payments are accounting records, kept for seven years as the Swedish Bookkeeping Act requires. When you delete the account they are kept without a link to you. Ledig holds no card details.
data-kept-refunds = Refunds are accounting records, kept for seven years as the Swedish Bookkeeping Act requires. When you delete the account they are kept without a link to you.
data-kept-access_credentials = Kept with their booking. When you delete the account they stop working and are kept without a link to you.
data-kept-access_entries = The venue's log of entries, removed after a while. When you delete the account it is kept without a link to you.
data-kept-watches = Kept until you remove the watch or its last date has passed. Deleted when you delete the account.
data-kept-watch_fairness = When you were last offered a freed time, so that offers go round fairly. Deleted when you delete the account.
data-kept-offers = Removed once the round of offers has finished and is cleared away. Deleted when you delete the account.
data-kept-offer_runs = Times your cancellation freed that were offered to others (they are not told who gave the time up). Removed once the round has finished; when you delete the account they are kept without a link to you.
data-kept-slot_events = Times your booking freed. Removed once handled; when you delete the account they are kept without a link to you.
data-kept-hold_events = Only the number of times you held in the last hour, for the hourly limit. Deleted when you delete the account.
data-kept-push_subscriptions = Kept until you turn push notifications off on the device. Deleted when you delete the account.
data-kept-push_outbox = Removed once the notification is delivered. Deleted when you delete the account.
data-kept-mail_outbox = Removed once the e-mail is sent. Deleted when you delete the account, except the e-mail that confirms it.
data-kept-venue_subscribers = Kept until the venue stops sending you its messages. Deleted when you delete the account.
data-kept-operator_roles = Kept while you have the role. Deleted when you delete the account.
data-kept-operator_role_venues = Kept while you have the role. Deleted when you delete the account.
data-kept-closures = Part of the venue's history. When you delete the account the closures are kept without a link to you.
data-kept-audit_log = What staff did, so the municipality can account for it; removed after a while. When you delete the account the entries are kept without a link to you.

## Fields: one per exported column

data-field-id = Id
data-field-email = E-mail address
data-field-email_verified = E-mail proved
data-field-name = Name
data-field-phone = Phone
data-field-language = Language
data-field-category = Category
data-field-created_at = Created
data-field-method = Sign-in method
data-field-user_agent = Browser
data-field-last_seen_at = Last used
data-field-expires_at = Expires
data-field-ended_at = Ended
data-field-last_used_at = Last used
data-field-attempts = Attempts
data-field-used_at = Used
data-field-kind = Kind
data-field-venue = Venue
data-field-court = Court
data-field-starts_at = Starts
data-field-ends_at = Ends
data-field-status = Status
data-field-price_minor = Price
data-field-currency = Currency
data-field-vat_minor = VAT
data-field-pay_at_venue = Paid at the venue
data-field-door_code = Door code
data-field-confirmed_at = Confirmed
data-field-checked_in_at = Checked in
data-field-no_show_at = No-show
data-field-cancelled_at = Cancelled
data-field-cancelled_from = Cancelled from
data-field-cancel_fee_minor = Cancellation fee
data-field-refund_minor = Refunded
data-field-booking_id = Booking
data-field-provider = Payment provider
data-field-intent_id = Payment id
data-field-amount = Amount
data-field-refund_id = Refund id
data-field-updated_at = Changed
data-field-amount_minor = Amount
data-field-provider_refund_id = Refund id
data-field-code = Code
data-field-not_before = Valid from
data-field-revoked_at = Revoked
data-field-event_id = Event
data-field-court_id = Court (id)
data-field-result = Result
data-field-reason = Reason
data-field-at = Time
data-field-scope = Scope
data-field-venue_id = Venue (id)
data-field-lat = Latitude
data-field-lon = Longitude
data-field-radius_m = Radius (m)
data-field-weekdays = Weekdays
data-field-from_minute = From (minute of the day)
data-field-to_minute = To (minute of the day)
data-field-min_minutes = At least (minutes)
data-field-from_date = From date
data-field-to_date = To date
data-field-paused = Paused
data-field-last_offered_at = Last offered
data-field-watch_id = Watch
data-field-round = Round
data-field-decided_at = Decided
data-field-state = State
data-field-outcome = Outcome
data-field-endpoint = Push address
data-field-payload = Content
data-field-topic = Topic
data-field-sent_at = Sent
data-field-to_address = To
data-field-subject = Subject
data-field-body = Text
data-field-closures = Closures
data-field-after_hours = After hours
data-field-daily_summary = Daily summary
data-field-organisation_id = Organisation (id)
data-field-organisation = Organisation
data-field-role = Role
data-field-note = Note
data-field-reopened_at = Reopened
data-field-action = Action
data-field-detail = Details

## The page

data-title = Your data
data-heading = Your data
data-intro = This is everything Ledig holds about you: your account, your bookings (also those you made as a guest with your proved e-mail address), payments, sign-ins, watches and messages. { $controller } is responsible for the data.
data-secrets = Secret keys and codes, such as the keys inside your passkeys, are not shown: they say nothing about you.
data-privacy-link = How we handle your data
data-download = Download everything as a file (JSON)
data-download-hint = A file other programs can read, if you want to take your data with you.
data-sections-heading = What we hold
data-count = ({ $count })
data-none = Nothing held.
data-row = Record { $number }
data-yes = Yes
data-no = No
data-no-value = –
data-guest = Booked as a guest? Sign in with a code to the e-mail address you booked with, and those bookings are here. You can delete the account this makes straight away.

## Deleting the account

data-delete-heading = Delete the account
data-delete-intro = When you delete the account
data-delete-sessions = you are signed out on every device, and your passkeys, watches and push messages are removed
data-delete-bookings = your upcoming bookings are cancelled and their door codes stop working; you get back what the venue's cancellation rules give
data-delete-bookings-in-full = your upcoming bookings are cancelled and their door codes stop working; you get back the full amount
data-delete-personal = your name, e-mail address and phone number are removed from everything Ledig keeps
data-delete-kept = the receipts and payments of your bookings are kept for seven years, as the Bookkeeping Act requires, but without your name and contact details
data-delete-final = This cannot be undone. You get an e-mail when the account is deleted.
data-delete-confirm = Type your e-mail address to confirm
data-delete-mismatch = That is not the account's e-mail address. Type { $email }.
data-delete-submit = Delete my account
data-delete-working = Deleting the account…
data-deleted-heading = Your account is deleted
data-deleted-cancelled = { $count ->
    [one] One upcoming booking was cancelled; { $refund } is refunded.
   *[other] { $count } upcoming bookings were cancelled; { $refund } is refunded.
}
data-deleted-kept = The receipts of { $count ->
    [one] one booking are
   *[other] { $count } bookings are
} kept for seven years, without your name and contact details (the Bookkeeping Act).
data-deleted-mail = We sent a confirmation to { $email }.
data-deleted-home = To the home page
data-field-protected = Protected personal data

## Protected personal data

data-protected-heading = Protected personal data
data-protected-intro = Is your identity protected, for example by a confidentiality marking or protected registration? Mark the account, and the venues' staff see only a code instead of your name, e-mail address and phone number. Only someone the municipality has given the permission can see who you are, and every time they do it is logged.
data-protected-on = The account is marked as protected.
data-protected-off = The account is not marked as protected.
data-protected-mark = Mark the account as protected
data-protected-lift = Remove the marking
