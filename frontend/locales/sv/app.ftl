# The frame of the app: header, navigation, shared components, the API
# client's own problems and the formatters. Swedish is the default language.

app-title = Ledig — boka en bana
page-title = { $title } · Ledig
app-tagline = Allmänna banor, bokade på en minut
skip-to-content = Hoppa till innehållet
# The header's switch names the other language in that language.
language-switch = In English
nav-main = Huvudmeny
nav-map = Karta
nav-my-bookings = Mina bokningar
nav-my-watches = Mina bevakningar
nav-account = Konto
nav-sign-in = Logga in

not-found-title = Sidan finns inte
not-found-text = Det finns ingenting på den här adressen.
not-found-home = Till kartan

try-again = Försök igen
loading = Laddar…
legend = Förklaring
legend-free = Ledig
legend-taken = Bokad
legend-past = Passerad

access-title = Din dörrkod
access-code-label = Dörrkod { $code }
access-hint = Slå in den vid grinden eller visa QR-koden för läsaren. Den fungerar bara under din bokade tid.
access-qr-label = QR-kod som öppnar banan under din bokning

problem-client = Det gick inte att förbereda förfrågan.
problem-network = Ledig går inte att nå just nu. Kontrollera anslutningen och försök igen.
problem-bad-response = Servern svarade något som appen inte förstod.
problem-http = Något gick fel (HTTP { $status }). Försök igen.

status-held = Väntar på betalning
status-confirmed = Bekräftad
status-cancelled = Avbokad
status-expired = Förfallen

band-peak = Högtrafik
band-off-peak = Lågtrafik

terms-free-until-start = Fri avbokning fram till start, med full återbetalning.
terms-no-refund = ingen återbetalning
terms-full-refund = ändå full återbetalning
terms-late-fee = en avgift på { $fee } ({ $refund } återbetalas)
terms-free-until = Fri avbokning till { $until }; därefter { $late }.

outcome-nothing-paid = Inget var betalt, så det finns inget att återbetala.
outcome-nothing-refunded = Inget återbetalas
outcome-refunded = { $amount } har återbetalats
outcome-will-refund = { $amount } återbetalas
outcome-with-fee = { $refund }; { $fee } behölls som avgift för sen avbokning.
outcome-plain = { $refund }.
outcome-closed = Anläggningen stängde banan ({ $reason }) och avbokade din tid. { $refund }.
closure-reason-snow = snö
closure-reason-rain = regn
closure-reason-maintenance = underhåll
closure-reason-event = evenemang
closure-reason-other = annan orsak

# Dates: day 1 is Monday, month 1 January.
weekday-long = { $day ->
    [1] måndag
    [2] tisdag
    [3] onsdag
    [4] torsdag
    [5] fredag
    [6] lördag
   *[7] söndag
}
weekday-short = { $day ->
    [1] mån
    [2] tis
    [3] ons
    [4] tor
    [5] fre
    [6] lör
   *[7] sön
}
month-long = { $month ->
    [1] januari
    [2] februari
    [3] mars
    [4] april
    [5] maj
    [6] juni
    [7] juli
    [8] augusti
    [9] september
    [10] oktober
    [11] november
   *[12] december
}
month-short = { $month ->
    [1] jan
    [2] feb
    [3] mars
    [4] apr
    [5] maj
    [6] juni
    [7] juli
    [8] aug
    [9] sep
    [10] okt
    [11] nov
   *[12] dec
}
# "söndag 23 november 2025"
date-long = { $weekday } { $day } { $month } { $year }
# "sön 23 nov"
date-short = { $weekday } { $day } { $month }
# "23 nov"
# "tis 2 dec 18:00"
day-time = { $date } { $time }

# Shown when a new release of the app has been installed while it was open.
update-available = Det finns en ny version av Ledig.
update-reload = Ladda om

# Pages that need an account, when the start-up check could not reach the server.
session-unreachable = Ledig går inte att nå just nu, så vi kan inte se om du är inloggad. Sidan visas så fort du är uppkopplad igen.
