## Form errors (shared::validate) and the server's problems, by kind (problem_text.rs)

invalid-name-missing = Please enter your name.
invalid-name-too-long = The name is too long (at most 100 characters).
invalid-name-characters = The name contains characters that are not allowed.
invalid-email = Please enter a valid e-mail address, like namn@example.se.
invalid-phone = Please enter a phone number like 070-123 45 67 or +46 70 123 45 67.
invalid-sign-in-code = The code is the 6 digits from the e-mail.

problem-slot-taken = Someone else has just booked this slot. Please pick another time.
problem-min-notice = This time starts too soon to be booked here. Pick a later time.
problem-too-far-ahead = This time is too far ahead to be booked yet.
problem-booking-limit = You already have as many bookings at this venue as it allows at once.
problem-hold-lapsed = Your hold on this slot lapsed. Pick the slot again to book it. Nothing was charged.
problem-not-payable = This booking was cancelled and cannot be paid.
problem-already-paid = This booking is already paid.
problem-already-started = This slot has already started. Nothing was charged.
problem-not-found = What you are looking for does not exist, or no longer does.
problem-unauthorized = Please sign in to do this.
problem-too-many = Too many attempts. Wait a moment and try again.
problem-internal = Something went wrong on our side. Please try again in a moment.
problem-payment-unavailable = The payment service can't be reached right now. Please try again in a moment.
problem-watch-limit = You already watch as many times and places as allowed. Delete one to add another.
problem-booked-time = There are bookings in that time, and a reservation cancels nothing. Pick another time, or close the court instead (that cancels and refunds them).
problem-last-operator = The organisation needs at least one operator. Give someone else the operator role first.
problem-changed-meanwhile = Someone else changed this while you had it open. Reload and make your change again.
problem-account-exists = There is already an account with this e-mail. Sign in with a code first.
problem-passkey-exists = This passkey is already on your account.
problem-forbidden = You are not allowed to do this.
