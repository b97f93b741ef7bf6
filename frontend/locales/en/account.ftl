# Signing in, the account page and the browser's passkey errors.
# A space at the start or end of a text is written { " " } (Fluent trims
# plain spaces there).

## Sign in (/signin)

signin-title = Sign in
signin-page-heading = Your account
signin-intro = Signing in keeps your bookings on all your devices and gives you your prices. You can also book without an account.
signin-heading = Sign in
signin-email = E-mail
signin-with-passkey = Sign in with passkey
signin-email-me-code = E-mail me a code
signin-new-here = New here?{ " " }
signin-create-with-passkey = Create an account with a passkey
signin-no-passkeys = This browser has no passkeys; we e-mail you a 6-digit code instead.
signin-code-heading = Enter the code
signin-code-sent = We sent a 6-digit code to { $email }. It is valid for 10 minutes.
signin-code = Code from the e-mail
signin-signing-in = Signing in…
signin-submit = Sign in
signin-new-code = Send a new code
signin-register-heading = Create an account
signin-register-intro = A passkey signs you in with your phone's fingerprint, face or screen lock — no password.
signin-name = Name
signin-creating = Creating…
signin-create-passkey = Create passkey
signin-have-account = I already have an account

## The account page (/account)

account-title = Account
account-heading = Account
account-signed-out = You are not signed in.
account-sign-in = Sign in

account-profile = Profile
account-email = E-mail:{ " " }
account-email-unconfirmed = { " " }(not yet confirmed by a code)
account-name = Name
account-phone = Phone (optional)
account-language = Language
# The languages are named in their own language, the same in every file.
account-language-sv = Svenska
account-language-en = English
account-category = Price category
account-category-hint = Venues may price youth and senior bookings lower and ask for proof at the court.
account-category-adult = Adult
account-category-youth = Youth (under 20)
account-category-senior = Senior (65+)
account-category-club = Club (set by the venue)
account-saved = Saved.
account-save = Save

account-passkeys = Passkeys
account-passkey-count = { $count ->
    [0] No passkey yet: you sign in with e-mailed codes.
    [one] { $count } passkey signs in to this account.
   *[other] { $count } passkeys sign in to this account.
}
account-add-passkey = Add a passkey on this device
account-passkey-added = Passkey added.

account-calendar = Calendar
account-calendar-intro = Subscribe to your bookings in your phone's calendar. The address is secret; making a new one stops the old.
account-calendar-get = Get my calendar address
account-calendar-address = Calendar address

account-devices = Signed-in devices
account-device-unknown = Unknown browser
# A browser that is none of Edge, Firefox, Chrome and Safari.
account-device-browser = Browser
# "Chrome on Android"
account-device-on = { $browser } on { $os }
account-device-current = { " " }— this device
# { $when } is "2025-11-23 18:04".
account-device-last-used = { " " }· last used { $when }
account-device-sign-out = Sign out
account-device-sign-out-label = Sign out { $device }
account-sign-out = Sign out
account-sign-out-hint = Signing out removes your bookings, codes and details from this device. The bookings stay on your account.

## The browser's part of a passkey, when it fails

passkey-cancelled = The passkey request was cancelled or timed out. Try again, or use an e-mailed code.
passkey-exists = This device already has a passkey for this account.
passkey-insecure = Passkeys need the app's own secure address (https).
passkey-unsupported = This browser could not use a passkey. Use an e-mailed code instead.
passkey-unreadable = The browser returned an unreadable passkey.

account-your-data = Your data
account-your-data-hint = See and download everything Ledig holds about you, or delete the account.
