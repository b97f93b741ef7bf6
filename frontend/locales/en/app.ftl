# The frame of the app: header, navigation, shared components, the API
# client's own problems and the formatters.

app-title = Ledig — book a court
page-title = { $title } · Ledig
app-tagline = Public courts, booked in a minute
skip-to-content = Skip to content
# The header's switch names the other language in that language.
language-switch = På svenska
nav-main = Main
nav-map = Map
nav-my-bookings = My bookings
nav-my-watches = My watches
nav-account = Account
nav-sign-in = Sign in

not-found-title = Page not found
not-found-text = There is nothing at this address.
not-found-home = Go to the map

try-again = Try again
loading = Loading…
legend = Legend
legend-free = Free
legend-taken = Taken
legend-past = Past

access-title = Your door code
access-code-label = Door code { $code }
access-hint = Enter it at the gate, or show the QR code to the reader. It works only during your booked time.
access-qr-label = QR code that opens the court during your booking

problem-client = Could not prepare the request.
problem-network = Can't reach Ledig right now. Check your connection and try again.
problem-bad-response = The server sent an answer the app did not understand.
problem-http = Something went wrong (HTTP { $status }). Please try again.

status-held = Awaiting payment
status-confirmed = Confirmed
status-cancelled = Cancelled
status-expired = Expired

band-peak = Peak
band-off-peak = Off-peak

terms-free-until-start = Free cancellation until the start, with a full refund.
terms-no-refund = no refund
terms-full-refund = still a full refund
terms-late-fee = a { $fee } fee ({ $refund } refunded)
terms-free-until = Free cancellation until { $until }; after that, { $late }.

outcome-nothing-paid = Nothing had been paid, so there is nothing to refund.
outcome-nothing-refunded = Nothing is refunded
outcome-refunded = { $amount } has been refunded
outcome-will-refund = { $amount } will be refunded
outcome-with-fee = { $refund }; { $fee } was kept as the late-cancellation fee.
outcome-plain = { $refund }.
outcome-closed = The venue closed the court ({ $reason }) and cancelled your time. { $refund }.
closure-reason-snow = snow
closure-reason-rain = rain
closure-reason-maintenance = maintenance
closure-reason-event = an event
closure-reason-other = another reason

# Dates: day 1 is Monday, month 1 January.
weekday-long = { $day ->
    [1] Monday
    [2] Tuesday
    [3] Wednesday
    [4] Thursday
    [5] Friday
    [6] Saturday
   *[7] Sunday
}
weekday-short = { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
}
month-long = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
month-short = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
# "Sunday 23 November 2025"
date-long = { $weekday } { $day } { $month } { $year }
# "Sun 23 Nov"
date-short = { $weekday } { $day } { $month }
# "23 Nov"
# "Tue 2 Dec 18:00"
day-time = { $date } { $time }

# Shown when a new release of the app has been installed while it was open.
update-available = A new version of Ledig is available.
update-reload = Reload

# Pages that need an account, when the start-up check could not reach the server.
session-unreachable = Can't reach Ledig right now, so we can't tell whether you're signed in. The page shows as soon as you're back online.
