# Att hitta en bana: söksidan (`/`), dess karta och lista, en anläggnings dag
# och vecka, och att bevaka en bokad tid.

## Sporter och underlag, som anläggningarnas data anger dem.

sport-tennis = Tennis
sport-padel = Padel
# Skrivs med liten bokstav efter sporterna på ett anläggningskort ("Tennis · Utomhus · grus, hardcourt").
surface-hard = Hardcourt
surface-clay = Grus
surface-grass = Gräs
surface-artificial-grass = Konstgräs
surface-carpet = Matta

## Söksidan.

home-title = Hitta en ledig bana
home-near-me = Nära mig
# På knappen "Nära mig" medan positionen hämtas.
home-locating = Hämtar position…
home-choose-city = Välj en stad
# Rubrik för gruppen med stadsknappar.
home-search-near = Sök nära
# Under knapparna när en position är vald.
home-near-you = Nära dig
home-near-place = Nära { $place }
home-show-everywhere = Sök överallt

home-filters = Filter
home-filter-sport = Sport
home-filter-place = Inomhus eller utomhus
home-filter-surface = Underlag
home-filter-when = När
home-filter-from = Från
home-filter-to = Till
home-filter-min = Ledig i minst
home-filter-sort = Sortera
home-custom-error = Välj en tid efter ”Från”.
home-sort-hint = Använd ”Nära mig” eller välj en stad för att sortera efter avstånd.
home-clear-filters = Rensa filter

# Raden ovanför resultaten, läses upp när den ändras.
home-searching = Söker…
home-venues = { $count ->
    [one] { $count } anläggning
   *[other] { $count } anläggningar
}
# En tid är vald: bara anläggningar med en ledig bana då.
home-venues-free = { $count ->
    [one] { $count } anläggning med lediga banor
   *[other] { $count } anläggningar med lediga banor
}
# $venues är home-venues eller home-venues-free.
home-summary-near-you = { $venues } nära dig
home-summary-near-place = { $venues } nära { $place }
# Fler anläggningar matchade än som visas.
home-summary-truncated = { $summary } { $count ->
    [one] (visar den första)
   *[other] (visar de { $count } första)
}

home-no-results = Inga banor matchar sökningen.
home-no-results-hint = Prova ett längre tidsintervall, en kortare speltid eller en annan sport – eller sök överallt.
home-show-as = Visa resultat som
home-view-map = Karta
home-view-list = Lista
home-venues-heading = Anläggningar

# Ett anläggningskort: "Tennis · Utomhus · grus, hardcourt · 4 banor".
home-indoor = Inomhus
home-outdoor = Utomhus
home-courts = { $count ->
    [one] { $count } bana
   *[other] { $count } banor
}
home-free-times-label = Boka en ledig tid på { $venue }
# Läses upp före en ledig tid: "Boka 18:00 Bana 1". Behåll mellanslaget på slutet.
home-book-time = { "Boka " }
home-tomorrow = I morgon

## Sökningens val och etiketter (gemensamma för listan och kartan).

search-any-sport = Alla sporter
search-place-any = Båda
search-place-indoor = Inomhus
search-place-outdoor = Utomhus
search-surface-any = Alla underlag
search-surface-hard = Hardcourt
search-surface-clay = Grus
search-surface-carpet = Matta
search-surface-artificial-grass = Konstgräs
search-surface-grass = Gräs
search-duration-any = Valfri längd
search-duration-minutes = { $minutes } min
search-sort-distance = Närmast först
search-sort-earliest-free = Tidigast lediga tid först

# När den lediga tiden ska vara.
search-window-any = När som helst
search-window-now = Nu
search-window-three-hours = Inom 3 timmar
search-window-evening = I kväll 17–21
search-window-tomorrow = I morgon
search-window-custom = Välj tider…

# En anläggnings nästa lediga tid, på kartnålen och i listan; kort.
search-free-now = Ledig nu
search-next-free = Ledig { $time }
# $day är en kort veckodag: "Ledig tis 18:00".
search-next-free-day = Ledig { $day } { $time }
search-no-free-times = Inga lediga tider
search-full-today = Fullbokat i dag

# Avstånd: "850 m", "1,2 km", "34 km".
search-distance-m = { $metres } m
search-distance-km-tenths = { $whole },{ $tenths } km
search-distance-km = { $km } km

## Kartan.

map-label = Karta över anläggningar
map-unavailable = Kartan gick inte att ladda. Alla anläggningar finns i listan.
map-see-free-times = Se lediga tider
# En grupp kartnålar, för skärmläsare (antalet syns).
cluster-label = { $count ->
    [one] { $count } anläggning här, zooma in
   *[other] { $count } anläggningar här, zooma in
}

## "Nära mig" misslyckades.

geo-denied = Ledig får inte använda din position. Välj en stad i stället, eller tillåt platsåtkomst i webbläsarens inställningar.
geo-unavailable = Din position är inte tillgänglig på den här enheten just nu. Välj en stad i stället.
geo-timeout = Det tog för lång tid att hitta din position. Välj en stad i stället, eller försök igen.

## En anläggnings sida.

venue-title = Anläggning
venue-back = ← Alla anläggningar
venue-loading = Laddar anläggningen…
venue-photos = Bilder på anläggningen
venue-show-by = Visa tider per
venue-day = Dag
venue-week = Vecka
venue-loading-times = Laddar lediga tider…
venue-previous-day = Föregående dag
venue-date = Datum
venue-next-day = Nästa dag
venue-no-courts-open = Inga banor är öppna den här dagen.
venue-free-times = { $count ->
    [0] Inga lediga tider den här dagen.
    [one] { $count } ledig tid
   *[other] { $count } lediga tider
}
# Under banans namn: "Grus · utomhus · 60 min".
venue-court-meta = { $surface } · { $place } · { $minutes } min
venue-court-indoor = inomhus
venue-court-outdoor = utomhus
venue-closed = Stängt den här dagen.
# En tids läge, läses upp efter tiden och priset.
venue-slot-free = ledig
venue-slot-taken = Bokad
venue-slot-past = Passerad
venue-slot-closed = Stängd
# På en bokad tid: tryck för att få veta om den blir ledig.
venue-slot-watch = Bevaka
venue-slot-watching = Bevakas
# $times är "18:00–19:00".
venue-watch-failed = Det gick inte att bevaka { $times }: { $problem }
venue-watching = Du bevakar { $times }.
venue-watching-notify = Du bevakar { $times }. Vi skickar en notis om tiden blir ledig.

## En anläggnings vecka.

week-loading = Laddar veckan…
week-previous = Föregående vecka
week-next = Nästa vecka
week-days = 7 dagar
week-no-courts-open = Inga banor är öppna den här veckan.
week-free-times = { $count ->
    [0] Inga lediga tider den här veckan.
    [one] { $count } ledig tid den här veckan
   *[other] { $count } lediga tider den här veckan
}
week-schedule-label = Veckoschema, kan rullas i sidled
week-caption = Lediga och bokade tider per bana och dag
week-closed = Stängt
# "tisdag 25 november"
week-date-long = { $weekday } { $day } { $month }
# "tis 25"
week-date-short = { $weekday } { $day }
# En ledig cells namn: "Bana 1, tisdag 25 november, 18:00–19:00, 150 kr, ledig".
week-slot-free = { $court }, { $date }, { $times }, { $price }, ledig
week-slot-taken = { $times }, bokad
week-slot-closed = { $times }, stängd
week-slot-past = { $times }, passerad

## Att bevaka en bokad tid.

# $times är "18:00–19:00", $date "söndag 23 november 2025".
watch-ask-heading = Bevaka { $times }?
watch-ask-text = Vi skickar en notis till den här telefonen om { $court } blir ledig { $date } kl. { $times }. Om flera bevakar tiden erbjuds den till en i taget, några minuter var, och först till den som längst har väntat sedan sitt senaste erbjudande.
watch-ask-hint = Webbläsaren kommer att fråga om Ledig får skicka notiser.
watch-ask-confirm = Bevaka tiden
watch-ask-cancel = Inte nu
# Länken till listan med bevakningar, inuti meningarna nedan.
watch-my-watches = Mina bevakningar
# Efter "Du bevakar 18:00–19:00. …": " Se [Mina bevakningar]."
watch-notice-see-before = { " Se " }
watch-notice-see-after = { "." }
# Efter "Du bevakar 18:00–19:00.", när ingen notis kan komma fram: " Du hittar den under [Mina bevakningar]."
watch-notice-listed-before = { " Du hittar den under " }
watch-notice-listed-after = { "." }
sport-badminton = Badminton
sport-pickleball = Pickleball
