## About Ledig: privacy and accessibility (pages/about.rs), the footer (app.rs)

footer-label = About Ledig
footer-privacy = Privacy
footer-accessibility = Accessibility

privacy-title = Privacy and personal data
privacy-controller = { $operator } is the controller of the personal data in Ledig and decides why and how your data is used.
privacy-kept-heading = What we keep and why
privacy-kept-booking = When you book: your name, your e-mail address, the court and the time – to hold the booking, send the receipt and give you the code to the court.
privacy-kept-payment = Payments: amounts, refunds and receipts. Card details are handled by the payment provider and never reach Ledig.
privacy-kept-account = An account, if you create one: e-mail address, name, language, signed-in devices and the names of your passkeys.
privacy-kept-watch = Watches: which courts and times you watch, and your phone's push address if you turn notifications on.
privacy-kept-entry = Entries: when your code or QR code opened the court's gate.
privacy-kept-device = On your phone: your bookings and codes are kept in the browser so they can be shown offline, and your choice of language. No tracking cookies.
privacy-basis = Legal basis: the contract with you (the booking, the payment and the entry), your consent (push notifications) and legal obligation (bookkeeping).
privacy-retention-heading = How long we keep it
privacy-retention-codes = Sign-in codes sent by e-mail: { $hours ->
    [one] one hour
   *[other] { $hours } hours
}.
privacy-retention-sessions = Ended sign-ins and devices: { $days ->
    [one] one day
   *[other] { $days } days
} after they expired.
privacy-retention-holds = Bookings that were never paid lose their name and e-mail after { $days ->
    [one] one day
   *[other] { $days } days
}.
privacy-retention-entries = Entries: { $days ->
    [one] one day
   *[other] { $days } days
}.
privacy-retention-push = Sent push notifications: { $days ->
    [one] one day
   *[other] { $days } days
}.
privacy-retention-receipts = Receipts and payments are kept for seven years, as the Swedish Bookkeeping Act requires.
privacy-recipients-heading = Who receives data
privacy-recipient-stripe = Card and Swish payments go through Stripe, which receives what the payment needs.
privacy-recipient-mail = E-mail (sign-in codes and receipts) is sent through the mail service { $operator } uses.
privacy-recipient-tiles = Map images come from { $host }, which sees your phone's IP address but not who you are or what you book.
privacy-recipient-none = No one else: no analytics, no ad networks and no fonts or scripts from other websites.
privacy-rights-heading = Your rights
privacy-rights = You have the right to know what we keep about you, to have it corrected or erased, to get it in a machine-readable format and to object to its use.
privacy-rights-self = Signed in, you see and download everything we hold about you, and delete the account, under Account:
privacy-rights-self-link = Your data
privacy-rights-contact = Write to { $email } and we answer within a month.
privacy-rights-operator = Contact { $operator } and we answer within a month.
privacy-complaint = If you are not satisfied, you can complain to the Swedish Authority for Privacy Protection (IMY) at imy.se.

accessibility-title = Accessibility of Ledig
accessibility-intro = { $operator } runs Ledig. We want as many people as possible to be able to use it. This page describes how Ledig meets the Swedish law on accessibility of digital public services, the shortcomings we know of and how to report a problem.
accessibility-status-heading = How accessible is the service?
accessibility-status = Ledig largely meets WCAG 2.1 level AA. The shortcomings we know of are listed below.
accessibility-gaps-heading = Known shortcomings
accessibility-gap-map = The map cannot be fully used with a keyboard or a screen reader. The same courts are always in the list, with address and distance.
accessibility-gap-stripe = The card payment fields come from Stripe. We do not control their accessibility.
accessibility-report-heading = Report a problem
accessibility-report = Does something not work for you, or do you need the content in another format? Write to { $email } and tell us which page and what happened.
accessibility-report-operator = Does something not work for you, or do you need the content in another format? Contact { $operator } and tell us which page and what happened.
accessibility-supervision-heading = Supervision
accessibility-supervision = The Agency for Digital Government (DIGG) supervises the law on accessibility of digital public services. If you are not satisfied with how we handled your feedback, you can report it to DIGG at digg.se.
accessibility-method-heading = How we tested
accessibility-method = On every change to the code, every page is tested automatically with axe, in Swedish and English, at phone and desktop size, and the booking from start to code is done with the keyboard alone. This statement was last updated on 4 December 2026.
