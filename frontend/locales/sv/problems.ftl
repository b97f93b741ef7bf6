## Fel i formulär (shared::validate) och serverns problem, efter typ (problem_text.rs)

invalid-name-missing = Skriv ditt namn.
invalid-name-too-long = Namnet är för långt (högst 100 tecken).
invalid-name-characters = Namnet innehåller tecken som inte är tillåtna.
invalid-email = Skriv en giltig e-postadress, till exempel namn@example.se.
invalid-phone = Skriv ett telefonnummer som 070-123 45 67 eller +46 70 123 45 67.
invalid-sign-in-code = Koden är de sex siffrorna i mejlet.

problem-slot-taken = Någon annan har just bokat den här tiden. Välj en annan tid.
problem-min-notice = Den här tiden börjar för snart för att bokas här. Välj en senare tid.
problem-too-far-ahead = Den här tiden ligger för långt fram för att bokas ännu.
problem-booking-limit = Du har redan så många bokningar på den här anläggningen som den tillåter samtidigt.
problem-hold-lapsed = Tiden du höll har gått ut. Välj tiden igen för att boka den. Inget har dragits.
problem-not-payable = Den här bokningen är avbokad och kan inte betalas.
problem-already-paid = Den här bokningen är redan betald.
problem-already-started = Tiden har redan börjat. Inget har dragits.
problem-not-found = Det du letar efter finns inte, eller finns inte längre.
problem-unauthorized = Logga in för att göra det här.
problem-too-many = För många försök. Vänta en stund och försök igen.
problem-internal = Något gick fel hos oss. Försök igen om en stund.
problem-payment-unavailable = Betaltjänsten går inte att nå just nu. Försök igen om en stund.
problem-watch-limit = Du bevakar redan så många tider och platser som går. Ta bort en bevakning för att lägga till en ny.
problem-booked-time = Det finns bokningar under den tiden, och en reservation avbokar ingenting. Välj en annan tid, eller stäng banan i stället (då avbokas och återbetalas de).
problem-last-operator = Organisationen måste ha minst en administratör. Ge någon annan rollen administratör först.
problem-changed-meanwhile = Någon annan ändrade det här medan du hade det öppet. Ladda om och gör din ändring igen.
problem-account-exists = Det finns redan ett konto med den här e-postadressen. Logga in med en kod först.
problem-passkey-exists = Den här passkeyn finns redan på ditt konto.
problem-forbidden = Det här får du inte göra.
