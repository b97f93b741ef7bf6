## Driftsidan (issue 15): de som driver anläggningar.

operator-title = Anläggningar du driver
operator-sign-in-text = Logga in med din e-post för att driva dina anläggningar.
operator-sign-in = Logga in
operator-not-operator = De här sidorna är för dem som driver anläggningar. Be kommunens administratör om behörighet.
operator-loading = Hämtar dina anläggningar…
operator-no-venues = Ingen anläggning är kopplad till dig ännu.
operator-venues-heading = Dina anläggningar
operator-closures-link = Stängningar
operator-entry-text = Du driver anläggningar i Ledig: stäng banor och se stängningar.
operator-entry-link = Till dina anläggningar
operator-not-built = Driftsidorna finns inte i den här installationen av Ledig. Be den som driver servern att bygga dem (scripts/run bygger båda delarna).

## Stängningar: snö, regn, underhåll, evenemang.

closures-heading = Stängningar
closures-title = Stängningar – { $venue }
closures-back = Alla dina anläggningar
closures-form-heading = Stäng eller reservera en bana
closures-form-explain = När du stänger avbokas bokningar under tiden och återbetalas helt, och spelarna får besked per e-post och notis på sitt språk. En reservation avbokar ingenting.
closures-kind = Vad
closures-kind-closure = Stäng: bokningar avbokas och återbetalas
closures-kind-block = Reservera: klubbträning eller evenemang, utan betalning
closures-blocked = Reserverat. Tiden visas som bokad för spelarna.
closures-is-block = Reserverad tid
closures-court = Bana
closures-whole-venue = Hela anläggningen
closures-from = Från
closures-to = Till
closures-time-hint = Anläggningens lokala tid.
closures-reason = Orsak
closures-note = Meddelande till spelarna (frivilligt)
closures-note-hint = Till exempel när banan väntas vara klar. Högst 500 tecken.
closures-close = Stäng
closures-reserve = Reservera
closures-closing = Sparar…
closures-done = { $count ->
    [0] Stängt. Inga bokningar berördes.
    [one] Stängt. En bokning avbokades och återbetalades; spelaren har fått besked.
   *[other] Stängt. { $count } bokningar avbokades och återbetalades; spelarna har fått besked.
}
closures-error-start = Starttiden har redan passerat. Välj nu eller senare.
closures-error-start-missing = Ange när stängningen börjar.
closures-error-end = Sluttiden måste vara efter starttiden, inte ha passerat och högst ett år fram.
closures-error-end-missing = Ange när stängningen slutar.
closures-error-court = Välj en bana vid den här anläggningen.
closures-error-note = Håll meddelandet under 500 tecken.
closures-list-heading = Aktuella stängningar
closures-none = Inga stängningar de senaste 30 dagarna.
closures-item-detail = { $reason }; { $count ->
    [0] inga bokningar avbokade
    [one] en bokning avbokad
   *[other] { $count } bokningar avbokade
}
closures-reopen = Öppna igen
closures-reopen-label = Öppna igen: { $court }, { $when }
closures-reopened = Öppnad igen
closures-reopened-done = Öppnad igen. De lediga tiderna kan bokas, och de som bevakar dem får besked.

## Ändringsloggen: vem ändrade vad, och när.

audit-title = Ändringslogg
audit-link = Ändringslogg
audit-explain = Vem som stängde, reserverade, öppnade igen eller gav en roll, och när. Bara för administratörer; posterna sparas enligt kommunens gallringsregler.
audit-none = Inga ändringar ännu.
audit-command-line = serverns kommandorad
audit-more = Visa äldre
audit-closure-created = Stängde
audit-block-created = Reserverade
audit-closure-reopened = Öppnade igen
audit-role-granted = Gav en roll
audit-role-removed = Tog bort en roll
audit-role-removed-detail = { $email } är inte längre { $role }
audit-controller-revoked = Spärrade en låsenhet
audit-rules-changed = Ändrade priser och regler
audit-rules-detail = { $venue }: gäller nya bokningar; redan gjorda bokningar behåller sina villkor
audit-hours-changed = Ändrade öppettiderna
audit-hours-detail = { $venue }; { $freed ->
    [0] inga tider blev lediga
    [one] en tid blev ledig
   *[other] { $freed } tider blev lediga
}
audit-closure-detail = { $venue }, { $court }, { $when } ({ $reason }); { $count ->
    [0] inga bokningar avbokade
    [one] en bokning avbokad
   *[other] { $count } bokningar avbokade
}
audit-reopened-detail = { $venue }; { $freed ->
    [0] inga tider blev lediga
    [one] en tid blev ledig
   *[other] { $freed } tider blev lediga
}
audit-role-detail = { $email } blev { $role }
audit-role-operator = administratör
audit-role-staff = anläggningspersonal
audit-role-viewer = läsare av statistik

## Prices and rules (/operator/venues/:id/rules)

operator-rules-link = Priser och regler
operator-notices-link = Aviseringar
rules-heading = Priser och regler
rules-title = Priser och regler – { $venue }
rules-explain = Gäller bokningar som görs efter att du sparat. Redan gjorda bokningar behåller sitt pris och sina avbokningsvillkor.
rules-booking-heading = Bokning
rules-notice = Minsta framförhållning (minuter)
rules-notice-hint = Hur långt före start en tid senast kan bokas. 0: ända fram till start.
rules-days-ahead = Går att boka så många dagar framåt
rules-limit = Högst antal aktiva bokningar per person
rules-limit-hint = Lämna tomt för ingen gräns.
rules-vat = Moms som ingår i priserna
rules-cancel-heading = Avbokning
rules-deadline = Fri avbokning fram till (timmar före start)
rules-deadline-hint = 0: fri avbokning ända fram till start.
rules-policy = Vid senare avbokning
rules-policy-percent = En andel av priset behålls
rules-policy-fee = En fast avgift behålls
rules-policy-no-refund = Ingen återbetalning
rules-fee-percent = Avgift (procent av priset)
rules-fee-amount = Avgift (kronor)
rules-bands-heading = Prisband
rules-bands-explain = Ett band sätter priset för tider som börjar inom det. Två band för samma bana och kategori får inte överlappa samma veckodag; en tid utan band kostar banans eget pris.
rules-bands-none = Inga prisband: varje tid kostar banans eget pris.
rules-band-legend = Prisband { $n }
rules-band-court = Bana
rules-all-courts = Alla banor
rules-band-category = Kategori
rules-band-days = Dagar
rules-days-weekdays = Måndag–fredag
rules-days-weekend = Lördag–söndag
rules-days-all = Alla dagar
rules-band-from = Från
rules-band-to = Till
rules-time-hint = TT:MM på anläggningens klocka; 24:00 är midnatt.
rules-band-band = Trafik
rules-band-price = Pris (kronor, inkl. moms)
rules-band-per = Pris per
rules-per-hour = timme (delas efter tidens längd)
rules-per-slot = bokad tid
rules-band-remove = Ta bort band { $n }
rules-band-add = Lägg till ett band
rules-preview-heading = Förhandsvisa ett pris
rules-preview-explain = Vad en tid skulle kosta med reglerna som de står i formuläret, innan du sparar.
rules-preview-date = Datum
rules-preview-time = Starttid
rules-preview-button = Visa pris
rules-preview-result = { $category }: { $court }, { $when } kostar { $price } ({ $band }).
rules-preview-court-price = banans eget pris
rules-preview-fix-first = Rätta felen i formuläret först.
rules-preview-error-date = Välj ett datum.
rules-preview-error-time = Ingen tid på banan börjar då. Välj en starttid inom öppettiderna.
rules-save-label = Spara
rules-applies = Nya bokningar får de nya priserna och villkoren; redan gjorda bokningar behåller sina.
rules-save = Spara priser och regler
rules-saving = Sparar…
rules-saved = Sparat. Nya bokningar får de nya priserna och villkoren.
rules-has-mistakes = { $count ->
    [one] Ett fält behöver rättas innan du kan spara.
   *[other] { $count } fält behöver rättas innan du kan spara.
}
rules-changed-meanwhile = Någon annan sparade ändringar i reglerna medan du hade dem öppna. Dina ändringar är inte sparade. Ladda deras version och gör om dina ändringar.
rules-reload = Ladda den senaste versionen
rules-error-notice = Ange minuter som ett heltal, 0 till 525 600 (ett år).
rules-error-days-ahead = Ange ett antal dagar från 1 till 366.
rules-error-limit = Ange minst 1, eller lämna tomt för ingen gräns.
rules-error-deadline = Ange timmar som ett heltal, 0 till 8 760 (ett år).
rules-error-vat = Momsen kan vara högst 25 %.
rules-error-fee-percent = Ange en andel från 0 till 100 %.
rules-error-fee-amount = Ange avgiften i kronor, till exempel 50 eller 50,00.
rules-error-time = Skriv tiden som TT:MM, till exempel 17:00.
rules-error-to = Bandet måste sluta efter att det börjar (24:00 är midnatt).
rules-error-price = Ange priset i kronor, 0 eller mer, till exempel 180 eller 180,50.
rules-error-overlap = Överlappar band { $band } för samma bana och kategori. Låt det ena sluta där det andra börjar.
rules-error-from-server = Kontrollera starttiden: TT:MM, och att bandet inte överlappar ett annat för samma bana och kategori.
rules-error-court = Välj en bana vid den här anläggningen.
rules-error-band = Kontrollera bandets dagar och prisenhet.

## People (/operator/organisations/:id/members)

operator-members-link = Personer
members-heading = Personer
members-title = Personer – { $organisation }
members-explain = Vilka som driver organisationens anläggningar. En administratör får göra allt, anläggningspersonal sköter bokningar, stängningar och reservationer vid sina anläggningar, en läsare ser statistiken.
members-list-heading = Med en roll
members-you = (du)
members-remove = Ta bort
members-remove-label = Ta bort { $email }
members-removed = { $email } har inte längre någon roll här.
members-role-operator = Administratör
members-role-staff = Anläggningspersonal
members-role-viewer = Läsare
members-staff-at = Anläggningspersonal vid { $venues }
members-give-heading = Ge någon en roll
members-give-explain = Personen får ett mejl och loggar in med en kod till den adressen; inget lösenord. Har hen redan en roll här ändras den.
members-email = E-postadress
members-role = Roll
members-role-operator-choice = Administratör: allt i organisationen
members-role-staff-choice = Anläggningspersonal: bokningar och stängningar vid valda anläggningar
members-role-viewer-choice = Läsare: statistik
members-venues = Anläggningar
members-error-venues = Välj minst en av organisationens anläggningar.
members-give = Ge rollen
members-giving = Sparar…
members-given = Klart. { $email } har fått ett mejl om sin roll.

## Opening hours (/operator/venues/:id/hours)

operator-hours-link = Öppettider
hours-heading = Öppettider
hours-title = Öppettider – { $venue }
hours-week-heading = Varje vecka
hours-week-explain = TT:MM på anläggningens klocka. Lämna båda tomma för en stängd dag. Stänger den före den öppnar är det nästa dygn (18:00–01:00).
hours-opens = Öppnar
hours-closes = Stänger
hours-exceptions-heading = Undantag
hours-exceptions-explain = En stängd dag eller andra tider under några datum. Lämna tiderna tomma för stängt.
hours-exceptions-none = Inga undantag framöver.
hours-exception-legend = Undantag { $n }
hours-from-date = Första dagen
hours-to-date = Sista dagen
hours-reason = Anledning (för er själva, frivillig)
hours-exception-remove = Ta bort undantag { $n }
hours-exception-add = Lägg till ett undantag
hours-preview-heading = Förhandsvisa en dag
hours-preview-button = Visa tiderna
hours-preview-court = { $court }: { $starts }.
hours-preview-closed = { $court }: stängt.
hours-save = Spara öppettiderna
hours-saved = Sparat. Tider som öppnades erbjuds dem som bevakar banorna.
hours-stranded = Bokningar ligger utanför de nya tiderna, så inget sparades. Stäng banan för den tiden i stället (då avbokas och återbetalas bokningarna), eller behåll tiderna där.
hours-changed-meanwhile = Någon annan sparade ändringar i öppettiderna medan du hade dem öppna. Dina ändringar är inte sparade. Ladda deras version och gör om dina ändringar.
hours-error-time = Skriv tiden som TT:MM, till exempel 07:00, eller lämna båda tomma för stängt.
hours-error-date = Välj ett datum.
hours-error-grid = Tiden passar inte banornas tider: öppna och stäng när en bokningsbar tid börjar, till exempel på hel timme.
hours-error-overlap = Två undantag får inte gälla samma dag.
hours-error-to = Sista dagen får inte vara före den första eller redan ha passerat.
hours-error-reason = Håll anledningen under 200 tecken.

# Anläggning och banor (/operator/venues/:id) och en ny anläggning.
operator-venue-link = Anläggning och banor
operator-new-venue = Ny anläggning
venue-setup-heading = Anläggning och banor
venue-setup-title = Anläggning och banor – { $venue }
venue-new-heading = Lägg till en anläggning
venue-new-explain = Efter att du sparat anger du öppettiderna. Innan dess går inget att boka.
venue-new-save = Skapa anläggningen
venue-setup-save = Spara anläggningen
venue-setup-saved = Sparat. Spelarna ser ändringen direkt; nya priser gäller nya bokningar.
venue-setup-about-heading = Om anläggningen
venue-setup-name = Namn
venue-setup-address = Gatuadress
venue-setup-city = Ort
venue-setup-description = Beskrivning (visas för spelarna)
venue-setup-contact-email = E-post för frågor (frivillig)
venue-setup-contact-phone = Telefon (frivillig)
venue-setup-place-heading = Plats
venue-setup-place-explain = Klicka eller tryck på kartan där anläggningen ligger, eller skriv in latitud och longitud (till exempel 63,8258 och 20,263).
venue-setup-map-label = Karta: klicka för att välja anläggningens plats
venue-setup-lat = Latitud
venue-setup-lon = Longitud
venue-setup-courts-heading = Banor
venue-setup-courts-explain = Passen börjar vid förskjutningen efter midnatt och sedan efter varje passlängd, och de ska fylla öppettiderna. En bana tas inte bort här – stäng den i stället, så finns dess bokningar kvar.
venue-setup-court-legend = Bana { $n }
venue-setup-new-court-name = Bana { $n }
venue-setup-court-name = Banans namn
venue-setup-sport = Sport
venue-setup-surface = Underlag
venue-setup-indoor = Inomhus
venue-setup-lights = Belysning
venue-setup-slot-minutes = Passlängd (minuter)
venue-setup-slot-offset = Förskjutning efter midnatt (minuter)
venue-setup-price = Pris per pass (kr)
venue-setup-price-hint = Inklusive moms. Prisbanden under Priser och regler gäller före detta pris där de passar.
venue-setup-add-court = Lägg till en bana
venue-setup-changed-meanwhile = Någon annan ändrade anläggningen efter att du öppnade den. Ladda den senaste versionen och gör din ändring igen.
venue-setup-stranded = Bokningar framöver passar inte den nya passlängden. Behåll passen tills de är spelade, eller stäng banan den tiden (då avbokas och återbetalas de).
venue-setup-error-place = Välj platsen på kartan eller skriv den som ett tal, i Sverige.
venue-setup-error-minutes = Skriv antalet minuter som en siffra.
venue-setup-error-price = Skriv priset i kronor, 0 eller mer, till exempel 150 eller 150,50.
venue-setup-error-grid = Passen fyller inte öppettiderna. Välj en passlängd och förskjutning som går jämnt upp, eller ändra öppettiderna först.
venue-setup-error-courts = En bana saknas eller är för många. Banor tas inte bort här.
venue-setup-error-choice = Välj ett av alternativen.
venue-setup-error-court-name = Ge varje bana ett eget namn.
venue-setup-error-text = Fyll i fältet, med högst 100 tecken (beskrivningen högst 2000).
venue-court-lights = belysning
audit-venue-created = Lade till en anläggning
audit-venue-changed = Ändrade anläggningen och banorna

# Bokningsdisken (/operator/venues/:id/bookings).
operator-desk-link = Bokningar
desk-heading = Bokningar
desk-title = Bokningar – { $venue }
desk-search-label = Visa bokningar
desk-date = Från och med
desk-span = Visa
desk-span-day = En dag
desk-span-week = En vecka
desk-q = Sök namn, e-post, dörrkod eller bokningsnummer
desk-q-hint = En sökning gäller två månader framåt från datumet.
desk-show = Visa bokningarna
desk-count = { $count ->
    [0] Inga bokningar
    [one] En bokning
   *[other] { $count } bokningar
}
desk-none = Inga bokningar den tiden.
desk-code = dörrkod { $code }
desk-number = bokning { $number }
desk-refunded = { $amount } tillbaka
desk-cancel = Avboka
desk-cancel-label = Avboka { $name } { $time }
desk-confirm-label = Avboka bokningen för { $name }
desk-cancel-with-fee = Avboka enligt reglerna (avgift { $fee })
desk-cancel-refund-all = Avboka och betala tillbaka allt
desk-cancel-unpaid = Avboka (inte betald)
desk-keep = Behåll bokningen
desk-cancelled-refund = { $name } är avbokad och får { $refund } tillbaka. Spelaren har fått ett mejl.
desk-cancelled = { $name } är avbokad. Spelaren har fått ett mejl.
desk-move = Flytta
desk-move-button-label = Flytta { $name } { $time }
desk-move-label = Flytta bokningen för { $name }
desk-move-date = Dag
desk-move-show = Visa lediga tider
desk-move-slot = Ledig tid
desk-move-none = Inga lediga tider den dagen.
desk-move-here = Flytta hit
desk-move-keep = Låt bokningen vara
desk-moved = { $name } är flyttad till { $court } { $date } { $time }. Spelaren har fått ett mejl med den nya dörrkoden.
desk-pay-at-venue = betalas på plats
desk-caller-open = Boka åt en kund
desk-caller-heading = Boka åt en kund
desk-caller-name = Kundens namn
desk-caller-email = E-post
desk-caller-phone = Telefon
desk-caller-contact-hint = E-post eller telefon. Betalningslänken skickas till e-posten.
desk-caller-category = Kundkategori
desk-caller-payment = Betalning
desk-caller-pay-at-venue = Betalar på plats
desk-caller-pay-link = Betalar med länk via e-post
desk-caller-book = Boka
desk-caller-close = Stäng
desk-caller-need-contact = Skriv kundens e-post eller telefonnummer.
desk-caller-link-needs-email = Betalningslänken skickas med e-post: skriv kundens e-post, eller välj betalning på plats.
desk-caller-booked = { $name } är bokad. Dörrkod { $code }; betalas på plats.
desk-caller-link-sent = { $name } har fått en betalningslänk till { $email }. Tiden hålls tills de betalar, högst ett dygn.
audit-booking-cancelled = Avbokade en bokning
audit-booking-moved = Flyttade en bokning
audit-booking-made = Bokade åt en kund
audit-notices-changed = Ändrade aviseringarna till personal

# Statistik (/operator/venues/:id/statistics).
operator-statistics-link = Statistik
stats-heading = Statistik
stats-title = Statistik – { $venue }
stats-period-label = Välj period
stats-from = Första dagen
stats-to = Sista dagen
stats-show = Visa statistiken
stats-error-period = Skriv två datum, den sista samma dag som den första eller senare, högst ett år.
stats-totals = { $from } – { $to }
stats-open = Öppna timmar
stats-booked = Bokade timmar
stats-used = Använda timmar
stats-utilisation = Beläggning
stats-bookings = Bokningar
stats-no-shows = Uteblivna
stats-cancellations = Avbokningar
stats-revenue = Intäkter
stats-refunds = Återbetalt
stats-csv = Ladda ner som CSV
stats-when-heading = När banorna används
stats-by-hour = Beläggning per timme
stats-by-hour-table = Siffrorna per timme
stats-by-weekday = Beläggning per veckodag
stats-by-weekday-table = Siffrorna per veckodag
stats-courts-heading = Per bana och kundkategori
stats-by-court = Per bana
stats-by-category = Per kundkategori
stats-hour = Timme
stats-weekday = Veckodag
stats-court = Bana
stats-category = Kategori

# Notices for staff (/operator/venues/:id/notices).
notices-heading = Aviseringar till personal
notices-title = Aviseringar till personal – { $venue }
notices-hours-heading = Bemannad tid
notices-hours-explain = Bokningar som börjar före eller slutar efter den bemannade tiden meddelas dem som vill veta. Lämna tomt om anläggningen inte är bemannad.
notices-staffed-from = Bemannad från
notices-staffed-until = Bemannad till
notices-people-heading = Mottagare
notices-people-explain = Till exempel vaktmästare eller ett vaktbolag. De får e-post med banor och tider, aldrig vem som har bokat.
notices-none = Ingen får aviseringar än.
notices-person = Mottagare { $number }
notices-name = Namn eller roll
notices-email = E-post
notices-language = Språk i e-posten
notices-language-sv = Svenska
notices-language-en = Engelska
notices-what = Skicka e-post om
notices-closures = Stängningar och blockeringar
notices-after-hours = Bokningar utanför bemannad tid
notices-daily-summary = Dagens bokningar varje morgon (från kl. 06)
notices-remove = Ta bort
notices-remove-label = Ta bort mottagare { $number }
notices-add = Lägg till mottagare
notices-save = Spara aviseringarna
notices-saved = Aviseringarna är sparade.
notices-error-time = Skriv tiden som TT:MM, till exempel 08:00.
notices-error-both = Ange både när den bemannade tiden börjar och slutar.
notices-error-order = Den bemannade tiden måste sluta efter att den börjar.
notices-error-name = Skriv vem mottagaren är.
notices-error-nothing = Välj minst en sak att skicka e-post om.

## Bilder på anläggningen (pages/operator/venue/photos.rs)
photos-heading = Bilder
photos-explain = Upp till 8 bilder, som spelarna ser på anläggningens sida. Var och när bilden togs (EXIF och annan metadata) tas bort innan den sparas.
photos-none = Anläggningen har inga bilder än.
photo-file = Bild
photo-file-hint = JPEG, PNG eller WebP, högst 5 MB.
photo-alt = Vad bilden visar
photo-alt-hint = Några ord för den som inte ser bilden, till exempel ”Bana 1 med läktaren i kvällssol”.
photo-add = Lägg till bilden
photo-adding = Lägger till…
photo-added = Bilden är tillagd.
photo-remove = Ta bort
photo-remove-label = Ta bort bilden { $photo }
photo-removed = Bilden är borttagen.
photo-limit = Anläggningen har 8 bilder, så många som får plats. Ta bort en för att lägga till en ny.
photo-file-missing = Välj en bild.
photo-file-type = Bilden måste vara en JPEG, PNG eller WebP.
photo-file-size = Bilden är större än 5 MB. Spara den mindre (ungefär 2 000 pixlar bred räcker).
photo-file-unreadable = Bilden gick inte att läsa. Välj den igen.
photo-file-damaged = Filen gick inte att läsa som en JPEG, PNG eller WebP. Den kan vara skadad; spara om den och försök igen.
photo-alt-missing = Skriv med några ord vad bilden visar (högst 200 tecken).

# A booking of a person with protected personal data: the alias stands for the name.
desk-protected = Skyddad identitet { $alias }

## Marking a resident's account as protected (the people page)

protect-heading = Skyddad identitet
protect-intro = Har en invånare skyddade personuppgifter (sekretessmarkering eller skyddad folkbokföring) och ber er markera kontot? Skriv kontots e-postadress. Personalen ser sedan bara en kod i stället för namn, e-post och telefon.
protect-email = Kontots e-postadress
protect-mark = Markera som skyddad
protect-lift = Ta bort markeringen
protect-done = Kontot { $email } är markerat som skyddat.
protect-lifted = Markeringen är borttagen för { $email }.
protect-no-account = Det finns inget konto med den adressen. Personen behöver logga in en gång först.

audit-identity-protected = Markerade ett konto som skyddat
audit-identity-unprotected = Tog bort markeringen av ett skyddat konto
audit-identity-viewed = Såg vem en skyddad bokning gällde
