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
audit-controller-revoked = Spärrade en låsenhet
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
