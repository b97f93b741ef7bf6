# Boka och betala: bokningsformuläret, betalsteget, en bokning, dess kvitto,
# Mina bokningar, ett erbjudande om en ledig tid, Mina bevakningar och
# webbläsarens aviseringar.

## Rubrikerna i sammanfattningen (anläggning, bana, datum, tid, pris), samma
## i bokningsformuläret, betalsteget, en bokning och ett erbjudande.

book-summary-venue = Anläggning
book-summary-court = Bana
book-summary-date = Datum
book-summary-time = Tid
# Hög- eller lågtrafik, tidens prisnivå.
book-summary-rate = Taxa
book-summary-price = Pris
book-summary-cancellation = Avbokning
book-summary-to-pay = Att betala
book-summary-booked-by = Bokad av
# Efter ett pris, "150 kr inkl. moms" (mellanslaget först fäster det vid priset).
book-incl-vat = { " " }inkl. moms
# Efter ett pris: "150 kr, varav moms 30 kr (25 %)".
book-price-vat = , varav moms { $vat } ({ $rate })
book-pick-another = Välj en annan tid

## Bokningsformuläret (/book).

book-title = Boka en bana
book-link-incomplete = Bokningslänken är ofullständig. Välj en tid på en anläggnings sida.
book-go-to-map = Till kartan
book-back-to-times = ← Tillbaka till tiderna
book-time-missing = Den tiden finns inte på den här anläggningen. Välj en annan.
book-time-started = Den här tiden har redan börjat.
book-time-not-free = Den här tiden är inte längre ledig.
book-taken = Någon bokade precis den här tiden – välj en annan.
book-see-free-times = Se lediga tider
book-your-details = Dina uppgifter
book-name = Namn
book-email = E-post
book-email-hint = Hit skickar vi bekräftelsen och dörrkoden.
# Knappen medan tiden reserveras.
book-holding = Reserverar tiden…
book-continue = Gå vidare till betalning
book-hold-hint = Vi reserverar tiden åt dig i några minuter medan du betalar.
# En länk "Logga in" följd av book-sign-in-benefit, en mening.
book-sign-in = Logga in
book-sign-in-benefit = { " " }för att ha dina bokningar på alla dina enheter och få din priskategori.

## Betalsteget.

pay-title = Betala
pay-heading = Betala din bokning
pay-already-paid = Bokningen är redan betald.
pay-was-cancelled = Bokningen är avbokad.
pay-hold-expired = Reservationen gick ut innan du betalade, så tiden släpptes för andra.
pay-show-booking = Visa bokningen
# $time: "18:05", när reservationen går ut.
pay-held-until = Tiden är reserverad åt dig till { $time }.
pay-demo-heading = Demobetalning – inga pengar dras.
pay-demo-text = Det här är ett testläge; ingenting debiteras.
pay-paying = Betalar…
pay-demo-button = Betala (demo) { $price }
# Stripes betalformulär: kort eller Swish.
pay-card-or-swish = Kort eller Swish
pay-button = Betala { $price }
pay-stripe-load-failed = Formuläret för kort och Swish gick inte att ladda. Kontrollera anslutningen och försök igen. Inget har dragits.
pay-stripe-not-ready = Betalformuläret är inte klart än.
pay-stripe-failed = Betalningen gick inte igenom.
pay-stripe-not-sent = Betalningen gick inte att skicka. Kontrollera anslutningen. Inget har dragits två gånger.

## En bokning (/bookings/:id).

# Sidans rubrik när bokningen är betald.
booking-title-booked = Bokningen är klar
booking-title-yours = Din bokning
booking-title = Bokning
# Frågan innan man avbokar; $terms är avbokningsvillkoren i en mening.
booking-confirm-cancel = Vill du avboka? Banan blir ledig för andra.
booking-confirm-cancel-terms = Vill du avboka? Banan blir ledig för andra. { $terms }
booking-offline = Du är offline – här visas kopian som är sparad på telefonen.
booking-my-bookings = Mina bokningar
booking-continue = Gå vidare till betalning
booking-payment = Betalning
booking-pay-at-venue = Betalas på plats
booking-calendar-link = Lägg till i kalendern (.ics)
booking-receipt-link = Kvitto (med moms)
booking-cancelling = Avbokar…
booking-cancel = Avboka

## Kvittot.

receipt-title = Kvitto
receipt-back = Tillbaka till bokningen
receipt-seller = Säljare
# Säljarens organisationsnummer.
receipt-org-number = Org.nr { $org }
receipt-number = Kvittonummer
receipt-date = Datum
receipt-customer = Kund
receipt-lines-heading = Det här har du betalat för
receipt-lines-caption = Kvittorader med moms
receipt-item = Artikel
receipt-excl-vat = Exkl. moms
receipt-vat = Moms
receipt-total = Summa
receipt-total-excl-vat = Summa exkl. moms
# $rate: "25 %".
receipt-vat-rate = Moms { $rate }
receipt-total-incl-vat = Summa inkl. moms
receipt-paid = Betalt
receipt-refunded = Återbetalt
# $outcome: vad avbokningen gjorde med pengarna, i en mening.
receipt-cancelled = Avbokad. { $outcome }

## Mina bokningar (/my).

my-title = Mina bokningar
my-offline = Du är offline – här visas kopiorna som är sparade på telefonen.
my-empty = Bokningar du gör på den här telefonen visas här, även utan uppkoppling.
my-find-court = Hitta en bana
my-upcoming = Kommande
my-nothing-ahead = Inget bokat framöver.
my-past = Tidigare och avbokade

## Ett erbjudande: en bevakad tid blev ledig (det en avisering öppnar).

offer-title = En tid blev ledig
offer-heading = En tid du bevakar blev ledig
offer-not-found = Erbjudandet gäller inte det här kontot, eller så finns det inte längre.
offer-my-watches = Mina bevakningar
offer-expired = Din reservation gick ut, så tiden gick vidare till nästa som bevakar.
offer-held = Tiden är reserverad bara åt dig i några minuter: boka den innan reservationen går ut.
offer-open = Alla som bevakar tiden fick besked samtidigt: den som bokar först får den.
offer-booked = Du har bokat den här tiden.
offer-passed = Du tackade nej, så tiden gick vidare till nästa som bevakar.
offer-gone = Någon annan bokade tiden först, eller så har den redan börjat.
# "Reserverad åt dig i 2:41 (min:sek)": nedräkningen står mellan de två.
offer-held-for = Reserverad åt dig i{ " " }
offer-min-sec = { " " }(min:sek)
offer-book-price = Boka { $price }
offer-book = Boka
offer-no-thanks = Nej tack
offer-my-bookings = Mina bokningar
offer-other-times = Andra tider på { $venue }
offer-how-heading = Så fungerar kön

## Mina bevakningar (/watches).

watches-title = Mina bevakningar
watches-sign-in-text = Logga in för att bevaka bokade tider: vi säger till när en blir ledig.
watches-sign-in = Logga in
watches-push-heading = Aviseringar
watches-push-on = Aviseringar är på för den här telefonen.
watches-push-allowed = Aviseringar är tillåtna på den här telefonen.
watches-push-ask = Tillåt aviseringar så att vi kan meddela den här telefonen när en bevakad tid blir ledig.
watches-push-check = Kontrollera aviseringar på den här telefonen
# Citeras också i push-…-texterna: håll dem lika.
watches-push-allow = Tillåt aviseringar
# En bevaknings dagar när den har ingen eller alla sju.
watches-every-day = Varje dag
# Vad en bevakning gäller, uppläst före dess namn: "Bana: Bana 1".
watches-scope-court = Bana
watches-scope-venue = Anläggning
watches-scope-area = Område
watches-loading = Laddar dina bevakningar…
# Frågan innan en bevakning tas bort; $label är dess namn.
watches-confirm-delete = Sluta bevaka { $label }?
watches-heading = Du bevakar
watches-empty = Du bevakar ingenting än. Tryck på en bokad tid på en anläggnings sida, så säger vi till om den blir ledig.
watches-find-court = Hitta en bana
watches-paused = Pausad
watches-min-length = Minst { $minutes } min
watches-pause = Pausa
watches-resume = Återuppta
watches-delete = Ta bort
# Knapparnas namn för skärmläsare: $label bevakningen, $time "18:00–20:00".
watches-pause-label = Pausa bevakningen { $label }, { $time }
watches-resume-label = Återuppta bevakningen { $label }, { $time }
watches-delete-label = Ta bort bevakningen { $label }, { $time }

## Webbläsarens aviseringar: varför ett meddelande inte når telefonen.

# Visas när aviseringar är blockerade: bevakningen fungerar, men inga meddelanden kommer fram.
push-denied-help = Aviseringar från Ledig är blockerade i den här webbläsaren, så inga meddelanden kan nå telefonen. Öppna webbplatsinställningarna (ikonen till vänster om adressen), ställ in Aviseringar på Tillåt och tryck sedan på ”Tillåt aviseringar” under Mina bevakningar.
push-unsupported-help = Den här webbläsaren kan inte visa aviseringar från Ledig. På en iPhone lägger du först till Ledig på hemskärmen (Dela → Lägg till på hemskärmen) och öppnar den därifrån.
push-not-allowed = Aviseringar tilläts inte, så inga meddelanden kan nå telefonen. Tryck på ”Tillåt aviseringar” under Mina bevakningar för att få frågan igen.
push-unreadable = Webbläsaren svarade med en push-prenumeration som inte gick att läsa.
push-timeout = Webbläsarens push-tjänst svarade inte, så meddelanden kanske inte når telefonen. Prova ”Tillåt aviseringar” under Mina bevakningar igen senare.
push-failed = Webbläsaren kunde inte registrera sig för aviseringar. Försök igen senare under Mina bevakningar.

# Back on the booking from Stripe's pay step, while the booking is still held.
booking-payment-waiting = Betalningen är gjord – vi väntar på bekräftelsen från betaltjänsten. Det brukar ta några sekunder.
booking-payment-slow = Betalningen är inte bekräftad än. Ladda om sidan om en stund – när den är klar står bokningen som bekräftad här och under Mina bokningar.
booking-payment-failed = Betalningen gick inte igenom och inga pengar har dragits. Tiden är fortfarande reserverad åt dig – försök igen.
