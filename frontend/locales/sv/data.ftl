# Dina uppgifter (/account/data): det Ledig sparar om dig, som sida och fil,
# och att radera kontot. Rubrikerna och fälten är databasens tabeller och
# kolumner (backend/src/privacy/register.rs); ett test kräver en text för varje.

## Sections: one per table of the register

data-section-accounts = Konto
data-section-sessions = Inloggade enheter
data-section-passkeys = Inloggningsnycklar
data-section-sign_in_codes = Inloggningskoder
data-section-webauthn_challenges = Påbörjade inloggningar med nyckel
data-section-bookings = Bokningar
data-section-payments = Betalningar
data-section-refunds = Återbetalningar
data-section-access_credentials = Dörrkoder och passerkort
data-section-access_entries = Passager
data-section-watches = Bevakningar
data-section-watch_fairness = Turordning för erbjudanden
data-section-offers = Erbjudna tider
data-section-offer_runs = Tider du lämnade tillbaka
data-section-slot_events = Frigjorda tider
data-section-hold_events = Reserverade tider (gränsen per timme)
data-section-push_subscriptions = Enheter med pushnotiser
data-section-push_outbox = Pushnotiser
data-section-mail_outbox = E-post i kö
data-section-venue_subscribers = Meddelanden till personal
data-section-operator_roles = Roller som personal
data-section-operator_role_venues = Anläggningar i dina roller
data-section-closures = Stängningar du gjort
data-section-audit_log = Händelselogg

## What is kept, how long, and what deleting the account does: one per
## section. Plain text (the backend puts them in the JSON file as they are).

data-kept-accounts = Sparas så länge kontot finns. Raderas när du raderar kontot.
data-kept-sessions = Tas bort när inloggningen avslutas eller går ut. Raderas när du raderar kontot.
data-kept-passkeys = Sparas så länge kontot finns. Raderas när du raderar kontot.
data-kept-sign_in_codes = Tas bort när koden är använd eller har gått ut. Raderas när du raderar kontot.
data-kept-webauthn_challenges = Tas bort inom några minuter. Raderas när du raderar kontot.
data-kept-bookings = Bokningar är underlag för bokföringen och sparas i sju år, som bokföringslagen kräver. När du raderar kontot avbokas de kommande, och de som sparas har inte längre ditt namn, din e-postadress eller ditt telefonnummer.
data-kept-payments = Betalningar är underlag för bokföringen och sparas i sju år, som bokföringslagen kräver. När du raderar kontot sparas de utan koppling till dig. Ledig har inga kortuppgifter.
data-kept-refunds = Återbetalningar är underlag för bokföringen och sparas i sju år, som bokföringslagen kräver. När du raderar kontot sparas de utan koppling till dig.
data-kept-access_credentials = Sparas med sin bokning. När du raderar kontot slutar de gälla och sparas utan koppling till dig.
data-kept-access_entries = Anläggningens logg över passager, som gallras efter en tid. När du raderar kontot sparas den utan koppling till dig.
data-kept-watches = Sparas tills du tar bort bevakningen eller dess sista datum har passerat. Raderas när du raderar kontot.
data-kept-watch_fairness = När du senast erbjöds en ledig tid, så att erbjudandena går runt rättvist. Raderas när du raderar kontot.
data-kept-offers = Tas bort när omgången av erbjudanden är avslutad och gallrad. Raderas när du raderar kontot.
data-kept-offer_runs = Tider som din avbokning frigjorde och som erbjöds andra (de får inte veta vem som lämnade tiden). Tas bort när omgången är avslutad; när du raderar kontot sparas de utan koppling till dig.
data-kept-slot_events = Tider som din bokning frigjorde. Tas bort när tiden är hanterad; när du raderar kontot sparas de utan koppling till dig.
data-kept-hold_events = Bara antalet reserverade tider den senaste timmen, för gränsen per timme. Raderas när du raderar kontot.
data-kept-push_subscriptions = Sparas tills du stänger av pushnotiser på enheten. Raderas när du raderar kontot.
data-kept-push_outbox = Tas bort när notisen är levererad. Raderas när du raderar kontot.
data-kept-mail_outbox = Tas bort när mejlet är skickat. Raderas när du raderar kontot, utom mejlet som bekräftar att kontot är raderat.
data-kept-venue_subscribers = Sparas tills anläggningen slutar skicka meddelandena till dig. Raderas när du raderar kontot.
data-kept-operator_roles = Sparas så länge du har rollen. Raderas när du raderar kontot.
data-kept-operator_role_venues = Sparas så länge du har rollen. Raderas när du raderar kontot.
data-kept-closures = Del av anläggningens historik. När du raderar kontot sparas stängningarna utan koppling till dig.
data-kept-audit_log = Vad personalen har gjort, så att kommunen kan redovisa det; gallras efter en tid. När du raderar kontot sparas händelserna utan koppling till dig.

## Fields: one per exported column

data-field-id = Id
data-field-email = E-postadress
data-field-email_verified = E-post bekräftad
data-field-name = Namn
data-field-phone = Telefon
data-field-language = Språk
data-field-category = Kategori
data-field-created_at = Skapad
data-field-method = Sätt att logga in
data-field-user_agent = Webbläsare
data-field-last_seen_at = Senast använd
data-field-expires_at = Går ut
data-field-ended_at = Avslutad
data-field-last_used_at = Senast använd
data-field-attempts = Försök
data-field-used_at = Använd
data-field-kind = Typ
data-field-venue = Anläggning
data-field-court = Bana
data-field-starts_at = Börjar
data-field-ends_at = Slutar
data-field-status = Status
data-field-price_minor = Pris
data-field-currency = Valuta
data-field-vat_minor = Moms
data-field-pay_at_venue = Betalas på plats
data-field-door_code = Dörrkod
data-field-confirmed_at = Bekräftad
data-field-checked_in_at = Incheckad
data-field-no_show_at = Uteblev
data-field-cancelled_at = Avbokad
data-field-cancelled_from = Avbokad från
data-field-cancel_fee_minor = Avbokningsavgift
data-field-refund_minor = Återbetalt
data-field-booking_id = Bokning
data-field-provider = Betaltjänst
data-field-intent_id = Betalningens id
data-field-amount = Belopp
data-field-refund_id = Återbetalningens id
data-field-updated_at = Ändrad
data-field-amount_minor = Belopp
data-field-provider_refund_id = Återbetalningens id
data-field-code = Kod
data-field-not_before = Gäller från
data-field-revoked_at = Återkallad
data-field-event_id = Händelse
data-field-court_id = Bana (id)
data-field-result = Resultat
data-field-reason = Orsak
data-field-at = Tid
data-field-scope = Omfattning
data-field-venue_id = Anläggning (id)
data-field-lat = Latitud
data-field-lon = Longitud
data-field-radius_m = Radie (m)
data-field-weekdays = Veckodagar
data-field-from_minute = Från (minut på dagen)
data-field-to_minute = Till (minut på dagen)
data-field-min_minutes = Minst (minuter)
data-field-from_date = Från datum
data-field-to_date = Till datum
data-field-paused = Pausad
data-field-last_offered_at = Senast erbjuden
data-field-watch_id = Bevakning
data-field-round = Omgång
data-field-decided_at = Avgjord
data-field-state = Läge
data-field-outcome = Utfall
data-field-endpoint = Adress för pushnotiser
data-field-payload = Innehåll
data-field-topic = Ämne
data-field-sent_at = Skickad
data-field-to_address = Till
data-field-subject = Ämne
data-field-body = Meddelande
data-field-closures = Stängningar
data-field-after_hours = Utanför öppettid
data-field-daily_summary = Daglig sammanfattning
data-field-organisation_id = Organisation (id)
data-field-organisation = Organisation
data-field-role = Roll
data-field-note = Anteckning
data-field-reopened_at = Öppnad igen
data-field-action = Händelse
data-field-detail = Detaljer

## The page

data-title = Dina uppgifter
data-heading = Dina uppgifter
data-intro = Här är allt Ledig sparar om dig: ditt konto, dina bokningar (också de du gjort som gäst med din bekräftade e-postadress), betalningar, inloggningar, bevakningar och notiser. { $controller } ansvarar för uppgifterna.
data-secrets = Hemliga nycklar och koder, till exempel nycklarna i dina inloggningsnycklar, visas inte: de säger inget om dig.
data-privacy-link = Så behandlar vi dina uppgifter
data-download = Ladda ner allt som fil (JSON)
data-download-hint = En fil som andra program kan läsa, om du vill ta med dig uppgifterna.
data-sections-heading = Det här sparar vi
data-count = ({ $count })
data-none = Inget sparat.
data-row = Post { $number }
data-yes = Ja
data-no = Nej
data-no-value = –
data-guest = Har du bokat som gäst? Logga in med en kod till e-postadressen du bokade med, så finns de bokningarna här. Kontot som då skapas kan du radera direkt.

## Deleting the account

data-delete-heading = Radera kontot
data-delete-intro = När du raderar kontot
data-delete-sessions = loggas du ut på alla enheter, och dina inloggningsnycklar, bevakningar och pushnotiser tas bort
data-delete-bookings = avbokas dina kommande bokningar och deras dörrkoder slutar gälla; du får tillbaka det som anläggningens avbokningsregler ger
data-delete-bookings-in-full = avbokas dina kommande bokningar och deras dörrkoder slutar gälla; du får tillbaka hela beloppet
data-delete-personal = tas ditt namn, din e-postadress och ditt telefonnummer bort ur allt Ledig sparar
data-delete-kept = sparas kvitton och betalningar för dina bokningar i sju år, som bokföringslagen kräver, men utan ditt namn och dina kontaktuppgifter
data-delete-final = Det går inte att ångra. Du får ett mejl när kontot är raderat.
data-delete-confirm = Skriv din e-postadress för att bekräfta
data-delete-mismatch = Det är inte kontots e-postadress. Skriv { $email }.
data-delete-submit = Radera mitt konto
data-delete-working = Raderar kontot…
data-deleted-heading = Ditt konto är raderat
data-deleted-cancelled = { $count ->
    [one] En kommande bokning avbokades; { $refund } betalas tillbaka.
   *[other] { $count } kommande bokningar avbokades; { $refund } betalas tillbaka.
}
data-deleted-kept = Kvitton för { $count ->
    [one] en bokning
   *[other] { $count } bokningar
} sparas i sju år, utan ditt namn och dina kontaktuppgifter (bokföringslagen).
data-deleted-mail = Vi har skickat en bekräftelse till { $email }.
data-deleted-home = Till startsidan
data-field-protected = Skyddade personuppgifter

## Protected personal data

data-protected-heading = Skyddade personuppgifter
data-protected-intro = Har du skyddad identitet, till exempel sekretessmarkering eller skyddad folkbokföring? Markera kontot, så ser anläggningarnas personal bara en kod i stället för ditt namn, din e-postadress och ditt telefonnummer. Bara den som kommunen särskilt gett behörighet kan se vem du är, och varje gång det sker loggas.
data-protected-on = Kontot är markerat som skyddat.
data-protected-off = Kontot är inte markerat som skyddat.
data-protected-mark = Markera kontot som skyddat
data-protected-lift = Ta bort markeringen
