## The operator side (issue 15): the people who run venues.

operator-title = Venues you run
operator-sign-in-text = Sign in with your e-mail to run your venues.
operator-sign-in = Sign in
operator-not-operator = These pages are for the people who run venues. Ask your municipality's administrator for access.
operator-loading = Loading your venues…
operator-no-venues = No venue is linked to you yet.
operator-venues-heading = Your venues
operator-closures-link = Closures
operator-entry-text = You run venues in Ledig: close courts and see closures.
operator-entry-link = Go to your venues
operator-not-built = The operator pages are not part of this installation of Ledig. Ask whoever runs the server to build them (scripts/run builds both parts).

## Closures: snow, rain, maintenance, events.

closures-heading = Closures
closures-title = Closures – { $venue }
closures-back = All your venues
closures-form-heading = Close or reserve a court
closures-form-explain = Closing cancels the bookings in that time and refunds them in full, and their players are told by e-mail and notification in their language. A reservation cancels nothing.
closures-kind = What
closures-kind-closure = Close: bookings are cancelled and refunded
closures-kind-block = Reserve: club training or an event, without a payment
closures-blocked = Reserved. Players see the time as booked.
closures-is-block = Reservation
closures-court = Court
closures-whole-venue = The whole venue
closures-from = From
closures-to = Until
closures-time-hint = The venue's local time.
closures-reason = Reason
closures-note = Message to the players (optional)
closures-note-hint = For example when the court should be ready. At most 500 characters.
closures-close = Close
closures-reserve = Reserve
closures-closing = Saving…
closures-done = { $count ->
    [0] Closed. No bookings were affected.
    [one] Closed. One booking was cancelled and refunded; its player has been told.
   *[other] Closed. { $count } bookings were cancelled and refunded; their players have been told.
}
closures-error-start = The start has already passed. Choose now or later.
closures-error-start-missing = Enter when the closure starts.
closures-error-end = The end must be after the start, not passed, and at most a year ahead.
closures-error-end-missing = Enter when the closure ends.
closures-error-court = Choose a court of this venue.
closures-error-note = Keep the message under 500 characters.
closures-list-heading = Current closures
closures-none = No closures in the last 30 days.
closures-item-detail = { $reason }; { $count ->
    [0] no bookings cancelled
    [one] one booking cancelled
   *[other] { $count } bookings cancelled
}
closures-reopen = Reopen
closures-reopen-label = Reopen: { $court }, { $when }
closures-reopened = Reopened
closures-reopened-done = Reopened. The free times can be booked, and those watching them are told.

## The audit log: who changed what, and when.

audit-title = Audit log
audit-link = Audit log
audit-explain = Who closed, reserved, reopened or granted a role, and when. For administrators only; entries are kept as the municipality's retention rules say.
audit-none = No changes yet.
audit-command-line = the server's command line
audit-more = Show older
audit-closure-created = Closed
audit-block-created = Reserved
audit-closure-reopened = Reopened
audit-role-granted = Granted a role
audit-role-removed = Removed a role
audit-role-removed-detail = { $email } is no longer { $role }
audit-controller-revoked = Revoked a lock controller
audit-rules-changed = Changed the prices and rules
audit-rules-detail = { $venue }: new bookings get them; bookings already made keep theirs
audit-hours-changed = Changed the opening hours
audit-hours-detail = { $venue }; { $freed ->
    [0] no times freed
    [one] one time freed
   *[other] { $freed } times freed
}
audit-closure-detail = { $venue }, { $court }, { $when } ({ $reason }); { $count ->
    [0] no bookings cancelled
    [one] one booking cancelled
   *[other] { $count } bookings cancelled
}
audit-reopened-detail = { $venue }; { $freed ->
    [0] no times freed
    [one] one time freed
   *[other] { $freed } times freed
}
audit-role-detail = { $email } became { $role }
audit-role-operator = administrator
audit-role-staff = venue staff
audit-role-viewer = statistics reader

## Prices and rules (/operator/venues/:id/rules)

operator-rules-link = Prices and rules
operator-notices-link = Notices
rules-heading = Prices and rules
rules-title = Prices and rules – { $venue }
rules-explain = They apply to bookings made after you save. Bookings already made keep their price and cancellation terms.
rules-booking-heading = Booking
rules-notice = Minimum notice (minutes)
rules-notice-hint = How long before the start a time can be booked at the latest. 0: right up to the start.
rules-days-ahead = Bookable this many days ahead
rules-limit = Most active bookings per person
rules-limit-hint = Leave empty for no limit.
rules-vat = VAT included in the prices
rules-cancel-heading = Cancellation
rules-deadline = Free cancellation until (hours before the start)
rules-deadline-hint = 0: free cancellation right up to the start.
rules-policy = When cancelling later
rules-policy-percent = A share of the price is kept
rules-policy-fee = A fixed fee is kept
rules-policy-no-refund = No refund
rules-fee-percent = Fee (percent of the price)
rules-fee-amount = Fee (kronor)
rules-bands-heading = Price bands
rules-bands-explain = A band sets the price of times that start within it. Two bands for the same court and category may not overlap on the same weekday; a time without a band costs the court's own price.
rules-bands-none = No price bands: every time costs the court's own price.
rules-band-legend = Band { $n }
rules-band-court = Court
rules-all-courts = All courts
rules-band-category = Category
rules-band-days = Days
rules-days-weekdays = Monday–Friday
rules-days-weekend = Saturday–Sunday
rules-days-all = Every day
rules-band-from = From
rules-band-to = To
rules-time-hint = HH:MM on the venue's clock; 24:00 is midnight.
rules-band-band = Band
rules-band-price = Price (kronor, VAT included)
rules-band-per = Per
rules-per-hour = hour (prorated to the time's length)
rules-per-slot = booked time
rules-band-remove = Remove band { $n }
rules-band-add = Add a band
rules-preview-heading = Preview a price
rules-preview-explain = What a time would cost under the rules as they stand in the form, before you save.
rules-preview-date = Date
rules-preview-time = Start time
rules-preview-button = Show price
rules-preview-result = { $category }: { $court }, { $when } costs { $price } ({ $band }).
rules-preview-court-price = the court's own price
rules-preview-fix-first = Fix the mistakes in the form first.
rules-preview-error-date = Pick a date.
rules-preview-error-time = No time on this court starts then. Pick a start within the opening hours.
rules-save-label = Save
rules-applies = New bookings get the new prices and terms; bookings already made keep theirs.
rules-save = Save prices and rules
rules-saving = Saving…
rules-saved = Saved. New bookings get the new prices and terms.
rules-has-mistakes = { $count ->
    [one] One field needs fixing before you can save.
   *[other] { $count } fields need fixing before you can save.
}
rules-changed-meanwhile = Someone else saved changes to these rules while you had them open. Your changes are not saved. Load their version and make your changes again.
rules-reload = Load the latest version
rules-error-notice = Give the minutes as a whole number, 0 to 525 600 (a year).
rules-error-days-ahead = Give a number of days from 1 to 366.
rules-error-limit = Give at least 1, or leave it empty for no limit.
rules-error-deadline = Give the hours as a whole number, 0 to 8 760 (a year).
rules-error-vat = VAT can be at most 25 %.
rules-error-fee-percent = Give a share from 0 to 100 %.
rules-error-fee-amount = Give the fee in kronor, for example 50 or 50.00.
rules-error-time = Write the time as HH:MM, for example 17:00.
rules-error-to = The band must end after it starts (24:00 is midnight).
rules-error-price = Give the price in kronor, 0 or more, for example 180 or 180.50.
rules-error-overlap = Overlaps band { $band } for the same court and category. Let one end where the other starts.
rules-error-from-server = Check the start: HH:MM, and that the band does not overlap another for the same court and category.
rules-error-court = Pick a court at this venue.
rules-error-band = Check the band's days and price unit.

## People (/operator/organisations/:id/members)

operator-members-link = People
members-heading = People
members-title = People – { $organisation }
members-explain = Who runs the organisation's venues. An operator may do everything, staff bookings, closures and blocks at their venues, a viewer the statistics.
members-list-heading = With a role
members-you = (you)
members-remove = Remove
members-remove-label = Remove { $email }
members-removed = { $email } no longer has a role here.
members-role-operator = Operator
members-role-staff = Staff
members-role-viewer = Viewer
members-staff-at = Staff at { $venues }
members-give-heading = Give someone a role
members-give-explain = They get an e-mail and sign in with a code to that address; no password. If they already have a role here, it changes.
members-email = E-mail
members-role = Role
members-role-operator-choice = Operator: everything of the organisation
members-role-staff-choice = Staff: bookings and closures at chosen venues
members-role-viewer-choice = Viewer: statistics
members-venues = Venues
members-error-venues = Pick at least one of the organisation's venues.
members-give = Give the role
members-giving = Saving…
members-given = Done. { $email } has been e-mailed about their role.

## Opening hours (/operator/venues/:id/hours)

operator-hours-link = Opening hours
hours-heading = Opening hours
hours-title = Opening hours – { $venue }
hours-week-heading = Every week
hours-week-explain = HH:MM on the venue's clock. Leave both empty for a closed day. A close before the open is the next day (18:00–01:00).
hours-opens = Opens
hours-closes = Closes
hours-exceptions-heading = Exceptions
hours-exceptions-explain = A closed day, or other hours over some dates. Leave the times empty for closed.
hours-exceptions-none = No exceptions ahead.
hours-exception-legend = Exception { $n }
hours-from-date = First day
hours-to-date = Last day
hours-reason = Reason (for yourselves, optional)
hours-exception-remove = Remove exception { $n }
hours-exception-add = Add an exception
hours-preview-heading = Preview a day
hours-preview-button = Show the times
hours-preview-court = { $court }: { $starts }.
hours-preview-closed = { $court }: closed.
hours-save = Save the opening hours
hours-saved = Saved. Times that opened are offered to those watching the courts.
hours-stranded = Bookings lie outside the new hours, so nothing was saved. Close the court for that time instead (that cancels and refunds the bookings), or keep the hours there.
hours-changed-meanwhile = Someone else saved changes to the opening hours while you had them open. Your changes are not saved. Load their version and make your changes again.
hours-error-time = Write the time as HH:MM, for example 07:00, or leave both empty for closed.
hours-error-date = Pick a date.
hours-error-grid = The time does not fit the courts' times: open and close when a bookable time starts, for example on the hour.
hours-error-overlap = Two exceptions cannot be on the same day.
hours-error-to = The last day cannot be before the first or already past.
hours-error-reason = Keep the reason under 200 characters.

# Venue and courts (/operator/venues/:id), and a new venue.
operator-venue-link = Venue and courts
operator-new-venue = New venue
venue-setup-heading = Venue and courts
venue-setup-title = Venue and courts – { $venue }
venue-new-heading = Add a venue
venue-new-explain = Once saved, give it its opening hours. Nothing can be booked before that.
venue-new-save = Create the venue
venue-setup-save = Save the venue
venue-setup-saved = Saved. Players see the change at once; new prices apply to new bookings.
venue-setup-about-heading = About the venue
venue-setup-name = Name
venue-setup-address = Street address
venue-setup-city = Town
venue-setup-description = Description (shown to players)
venue-setup-contact-email = E-mail for questions (optional)
venue-setup-contact-phone = Phone (optional)
venue-setup-place-heading = Location
venue-setup-place-explain = Click or tap the map where the venue is, or type its latitude and longitude (for example 63.8258 and 20.263).
venue-setup-map-label = Map: click to pick the venue's location
venue-setup-lat = Latitude
venue-setup-lon = Longitude
venue-setup-courts-heading = Courts
venue-setup-courts-explain = Slots start at the offset after midnight and then after every slot length, and they must fill the opening hours. A court is not removed here – close it instead, so its bookings stay.
venue-setup-court-legend = Court { $n }
venue-setup-new-court-name = Court { $n }
venue-setup-court-name = Court name
venue-setup-sport = Sport
venue-setup-surface = Surface
venue-setup-indoor = Indoor
venue-setup-lights = Lights
venue-setup-slot-minutes = Slot length (minutes)
venue-setup-slot-offset = Offset after midnight (minutes)
venue-setup-price = Price per slot (SEK)
venue-setup-price-hint = VAT included. The price bands under Prices and rules come before this price where they apply.
venue-setup-add-court = Add a court
venue-setup-changed-meanwhile = Someone else changed this venue after you opened it. Load the latest version and make your change again.
venue-setup-stranded = Bookings ahead do not fit the new slot length. Keep the slots until they are played, or close the court for that time (that cancels and refunds them).
venue-setup-error-place = Pick the place on the map or type it as a number, in Sweden.
venue-setup-error-minutes = Write the number of minutes in digits.
venue-setup-error-price = Write the price in kronor, 0 or more, for example 150 or 150.50.
venue-setup-error-grid = The slots do not fill the opening hours. Pick a slot length and offset that divide them, or change the opening hours first.
venue-setup-error-courts = A court is missing or one too many. Courts are not removed here.
venue-setup-error-choice = Pick one of the options.
venue-setup-error-court-name = Give each court its own name.
venue-setup-error-text = Fill in the field, with at most 100 characters (the description at most 2000).
venue-court-lights = lights
audit-venue-created = Added a venue
audit-venue-changed = Changed the venue and its courts

# The bookings desk (/operator/venues/:id/bookings).
operator-desk-link = Bookings
desk-heading = Bookings
desk-title = Bookings – { $venue }
desk-search-label = Show bookings
desk-date = From
desk-span = Show
desk-span-day = One day
desk-span-week = One week
desk-q = Search name, e-mail, door code or booking number
desk-q-hint = A search covers two months ahead from the date.
desk-show = Show the bookings
desk-count = { $count ->
    [0] No bookings
    [one] One booking
   *[other] { $count } bookings
}
desk-none = No bookings then.
desk-code = door code { $code }
desk-number = booking { $number }
desk-refunded = { $amount } back
desk-cancel = Cancel
desk-cancel-label = Cancel { $name } { $time }
desk-confirm-label = Cancel the booking for { $name }
desk-cancel-with-fee = Cancel by the rules (fee { $fee })
desk-cancel-refund-all = Cancel and refund everything
desk-cancel-unpaid = Cancel (not paid)
desk-keep = Keep the booking
desk-cancelled-refund = { $name } is cancelled and gets { $refund } back. The player has been mailed.
desk-cancelled = { $name } is cancelled. The player has been mailed.
desk-move = Move
desk-move-button-label = Move { $name } { $time }
desk-move-label = Move the booking for { $name }
desk-move-date = Day
desk-move-show = Show free times
desk-move-slot = Free time
desk-move-none = No free times that day.
desk-move-here = Move here
desk-move-keep = Leave the booking as it is
desk-moved = { $name } is moved to { $court } { $date } { $time }. The player has been mailed the new door code.
desk-pay-at-venue = paid at the venue
desk-caller-open = Book for a caller
desk-caller-heading = Book for a caller
desk-caller-name = Caller's name
desk-caller-email = E-mail
desk-caller-phone = Phone
desk-caller-contact-hint = E-mail or phone. The payment link goes to the e-mail.
desk-caller-category = Customer category
desk-caller-payment = Payment
desk-caller-pay-at-venue = Pays at the venue
desk-caller-pay-link = Pays by a link in an e-mail
desk-caller-book = Book
desk-caller-close = Close
desk-caller-need-contact = Give the caller's e-mail or phone number.
desk-caller-link-needs-email = The payment link is sent by e-mail: give the caller's e-mail, or choose paying at the venue.
desk-caller-booked = { $name } is booked. Door code { $code }; paid at the venue.
desk-caller-link-sent = { $name } has been sent a payment link at { $email }. The time is held until they pay, at most a day.
audit-booking-cancelled = Cancelled a booking
audit-booking-moved = Moved a booking
audit-booking-made = Booked for a caller
audit-notices-changed = Changed the notices for staff

# Statistics (/operator/venues/:id/statistics).
operator-statistics-link = Statistics
stats-heading = Statistics
stats-title = Statistics – { $venue }
stats-period-label = Pick a period
stats-from = First day
stats-to = Last day
stats-show = Show the statistics
stats-error-period = Write two dates, the last on or after the first, at most a year apart.
stats-totals = { $from } – { $to }
stats-open = Open hours
stats-booked = Booked hours
stats-used = Hours used
stats-utilisation = Utilisation
stats-bookings = Bookings
stats-no-shows = No-shows
stats-cancellations = Cancellations
stats-revenue = Revenue
stats-refunds = Refunded
stats-csv = Download as CSV
stats-when-heading = When the courts are used
stats-by-hour = Utilisation by hour
stats-by-hour-table = The figures by hour
stats-by-weekday = Utilisation by weekday
stats-by-weekday-table = The figures by weekday
stats-courts-heading = By court and customer category
stats-by-court = By court
stats-by-category = By customer category
stats-hour = Hour
stats-weekday = Weekday
stats-court = Court
stats-category = Category

# Notices for staff (/operator/venues/:id/notices).
notices-heading = Notices for staff
notices-title = Notices for staff – { $venue }
notices-hours-heading = Staffed hours
notices-hours-explain = Bookings that start before or end after the staffed hours are told to those who want to know. Leave empty if the venue is not staffed.
notices-staffed-from = Staffed from
notices-staffed-until = Staffed until
notices-people-heading = Recipients
notices-people-explain = A caretaker or a security company, say. They are mailed courts and times, never who booked.
notices-none = Nobody gets notices yet.
notices-person = Recipient { $number }
notices-name = Name or role
notices-email = E-mail
notices-language = Language of the mail
notices-language-sv = Swedish
notices-language-en = English
notices-what = Mail about
notices-closures = Closures and blocks
notices-after-hours = Bookings outside staffed hours
notices-daily-summary = The day's bookings every morning (from 06:00)
notices-remove = Remove
notices-remove-label = Remove recipient { $number }
notices-add = Add a recipient
notices-save = Save the notices
notices-saved = The notices are saved.
notices-error-time = Write the time as HH:MM, like 08:00.
notices-error-both = Give both when the staffed hours begin and end.
notices-error-order = The staffed hours must end after they begin.
notices-error-name = Write who the recipient is.
notices-error-nothing = Choose at least one thing to mail about.

## Photos of the venue (pages/operator/venue/photos.rs)
photos-heading = Photos
photos-explain = Up to 8 photos, which players see on the venue's page. Where and when a photo was taken (EXIF and other metadata) is removed before it is stored.
photos-none = The venue has no photos yet.
photo-file = Photo
photo-file-hint = JPEG, PNG or WebP, at most 5 MB.
photo-alt = What the photo shows
photo-alt-hint = A few words for those who cannot see it, e.g. “Court 1 and the stand in the evening sun”.
photo-add = Add the photo
photo-adding = Adding…
photo-added = The photo was added.
photo-remove = Remove
photo-remove-label = Remove the photo { $photo }
photo-removed = The photo was removed.
photo-limit = The venue has 8 photos, as many as there is room for. Remove one to add another.
photo-file-missing = Choose a photo.
photo-file-type = The photo must be a JPEG, PNG or WebP.
photo-file-size = The photo is larger than 5 MB. Save it smaller (about 2,000 pixels across is enough).
photo-file-unreadable = The photo could not be read. Choose it again.
photo-file-damaged = The file could not be read as a JPEG, PNG or WebP. It may be damaged; save it again and retry.
photo-alt-missing = Say in a few words what the photo shows (at most 200 characters).

# A booking of a person with protected personal data: the alias stands for the name.
desk-protected = Protected identity { $alias }

## Marking a resident's account as protected (the people page)

protect-heading = Protected identity
protect-intro = Does a resident have protected personal data (a confidentiality marking or protected registration) and ask you to mark their account? Type the account's e-mail address. Staff then see only a code instead of the name, e-mail and phone.
protect-email = The account's e-mail address
protect-mark = Mark as protected
protect-lift = Remove the marking
protect-done = The account { $email } is marked as protected.
protect-lifted = The marking is removed for { $email }.
protect-no-account = There is no account with that address. The person needs to sign in once first.

audit-identity-protected = Marked an account as protected
audit-identity-unprotected = Removed the protected marking of an account
audit-identity-viewed = Looked at who a protected booking was of
