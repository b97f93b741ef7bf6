# Booking and paying: the booking form, the pay step, a booking, its
# receipt, My bookings, an offer of a freed time, My watches and the
# browser's notifications.

## Labels of the summary card (venue, court, date, time, price), shared by the
## booking form, the pay step, a booking and an offer.

book-summary-venue = Venue
book-summary-court = Court
book-summary-date = Date
book-summary-time = Time
# Peak or off-peak, the price band of the time.
book-summary-rate = Rate
book-summary-price = Price
book-summary-cancellation = Cancellation
book-summary-to-pay = To pay
book-summary-booked-by = Booked by
# After a price, "150 kr incl. VAT" (the leading space joins it to the price).
book-incl-vat = { " " }incl. VAT
# After a price: "150 kr incl. VAT 30 kr (25 %)".
book-price-vat = { " " }incl. VAT { $vat } ({ $rate })
book-pick-another = Pick another time

## The booking form (/book).

book-title = Book a court
book-link-incomplete = This booking link is incomplete. Pick a time on a venue's page.
book-go-to-map = Go to the map
book-back-to-times = ← Back to times
book-time-missing = That time does not exist at this venue. Pick another.
book-time-started = This time has already started.
book-time-not-free = This time is no longer free.
book-taken = Someone just took this slot — pick another.
book-see-free-times = See free times
book-your-details = Your details
book-name = Name
book-email = E-mail
book-email-hint = We send the confirmation and door code here.
# The submit button while the slot is being held.
book-holding = Holding the slot…
book-continue = Continue to payment
book-hold-hint = We hold the slot for you for a few minutes while you pay.
# A link "Sign in" followed by book-sign-in-benefit, one sentence.
book-sign-in = Sign in
book-sign-in-benefit = { " " }to keep your bookings on all your devices and get your price category.

## The pay step.

pay-title = Pay
pay-heading = Pay for your booking
pay-already-paid = This booking is already paid.
pay-was-cancelled = This booking was cancelled.
pay-hold-expired = The hold on this slot ran out before payment, so the slot was released.
pay-show-booking = Show booking
# $time: "18:05", when the hold runs out.
pay-held-until = The slot is held for you until { $time }.
pay-demo-heading = Demo payment — no money moves.
pay-demo-text = This is a test mode; nothing is charged.
pay-paying = Paying…
pay-demo-button = Pay (demo) { $price }
# Stripe's payment form: card or Swish.
pay-card-or-swish = Card or Swish
pay-button = Pay { $price }
pay-stripe-load-failed = The card and Swish form could not be loaded. Check your connection and try again; nothing was charged.
pay-stripe-not-ready = The payment form is not ready yet.
pay-stripe-failed = The payment did not go through.
pay-stripe-not-sent = The payment could not be sent. Check your connection; nothing was charged twice.

## A booking (/bookings/:id).

# The page title once the booking is paid.
booking-title-booked = You're booked
booking-title-yours = Your booking
booking-title = Booking
# The confirm dialog before cancelling; $terms is the cancellation terms in a sentence.
booking-confirm-cancel = Cancel this booking? The court is released for others.
booking-confirm-cancel-terms = Cancel this booking? The court is released for others. { $terms }
booking-offline = You're offline — showing the copy saved on this phone.
booking-my-bookings = My bookings
booking-continue = Continue to payment
booking-payment = Payment
booking-pay-at-venue = Paid at the venue
booking-calendar-link = Add to calendar (.ics)
booking-receipt-link = Receipt (with VAT)
booking-cancelling = Cancelling…
booking-cancel = Cancel booking

## The receipt.

receipt-title = Receipt
receipt-back = Back to the booking
receipt-seller = Seller
# The seller's organisation number.
receipt-org-number = Org. no. { $org }
receipt-number = Receipt number
receipt-date = Date
receipt-customer = Customer
receipt-lines-heading = What you paid for
receipt-lines-caption = Receipt lines with VAT
receipt-item = Item
receipt-excl-vat = Excl. VAT
receipt-vat = VAT
receipt-total = Total
receipt-total-excl-vat = Total excl. VAT
# $rate: "25 %".
receipt-vat-rate = VAT { $rate }
receipt-total-incl-vat = Total incl. VAT
receipt-paid = Paid
receipt-refunded = Refunded
# $outcome: what the cancellation did with the money, in a sentence.
receipt-cancelled = Cancelled. { $outcome }

## My bookings (/my).

my-title = My bookings
my-offline = You're offline — showing the copies saved on this phone.
my-empty = Bookings you make on this phone show up here, even without a network.
my-find-court = Find a court
my-upcoming = Upcoming
my-nothing-ahead = Nothing booked ahead.
my-past = Earlier and cancelled

## An offer: a watched time freed up (what a notification opens).

offer-title = A time freed up
offer-heading = A time you watch freed up
offer-not-found = This offer is not for this account, or it no longer exists.
offer-my-watches = My watches
offer-expired = Your hold ran out, so the time went to the next person watching.
offer-held = It is held for you alone for a few minutes: book it before the hold runs out.
offer-open = Everyone watching this time was told at once: the first to book gets it.
offer-booked = You booked this time.
offer-passed = You said no thanks, so it went to the next person watching.
offer-gone = Someone else booked this time first, or it has started.
# "Held for you for 2:41 (min:sec)": the countdown comes between the two.
offer-held-for = Held for you for{ " " }
offer-min-sec = { " " }(min:sec)
offer-book-price = Book { $price }
offer-book = Book
offer-no-thanks = No thanks
offer-my-bookings = My bookings
offer-other-times = Other times at { $venue }
offer-how-heading = How the queue works

## My watches (/watches).

watches-title = My watches
watches-sign-in-text = Sign in to watch taken times: we tell you when one frees up.
watches-sign-in = Sign in
watches-push-heading = Notifications
watches-push-on = Notifications are on for this phone.
watches-push-allowed = Notifications are allowed on this phone.
watches-push-ask = Allow notifications so we can tell this phone when a watched time frees up.
watches-push-check = Check notifications on this phone
# Also quoted in the push-… help texts: keep them the same.
watches-push-allow = Allow notifications
# A watch's days when it has none or all seven.
watches-every-day = Every day
# What a watch is for, read out before its name: "Court: Bana 1".
watches-scope-court = Court
watches-scope-venue = Venue
watches-scope-area = Area
watches-loading = Loading your watches…
# The confirm dialog before deleting a watch; $label names it.
watches-confirm-delete = Stop watching { $label }?
watches-heading = Watching
watches-empty = You watch nothing yet. On a venue's day, tap a taken time to be told if it frees up.
watches-find-court = Find a court
watches-paused = Paused
watches-min-length = At least { $minutes } min
watches-pause = Pause
watches-resume = Resume
watches-delete = Delete
# Button names for screen readers: $label the watch, $time "18:00–20:00".
watches-pause-label = Pause watch { $label }, { $time }
watches-resume-label = Resume watch { $label }, { $time }
watches-delete-label = Delete watch { $label }, { $time }

## The browser's notifications: why a notice cannot reach this phone.

# Shown when notifications are blocked: the watch still works, but no notice can arrive.
push-denied-help = Notifications are blocked for Ledig in this browser, so a notice can't reach this phone. To allow them, open the site settings (the icon left of the address), set Notifications to Allow, then tap “Allow notifications” on My watches.
push-unsupported-help = This browser can't show notifications from Ledig. On an iPhone, add Ledig to the home screen first (Share → Add to Home Screen) and open it from there.
push-not-allowed = Notifications were not allowed, so a notice can't reach this phone. Tap “Allow notifications” on My watches to be asked again.
push-unreadable = The browser returned an unreadable push subscription.
push-timeout = This browser's push service did not answer, so notices may not reach this phone. Try “Allow notifications” on My watches again later.
push-failed = This browser could not sign up for notifications. Try again later from My watches.

# Back on the booking from Stripe's pay step, while the booking is still held.
booking-payment-waiting = Payment made — we're waiting for the payment service to confirm it. This usually takes a few seconds.
booking-payment-slow = The payment isn't confirmed yet. Reload this page in a while — once it is, the booking shows as confirmed here and in My bookings.
booking-payment-failed = The payment didn't go through and no money was taken. The time is still held for you — try again.
