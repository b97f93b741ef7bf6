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
audit-controller-revoked = Revoked a lock controller
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
