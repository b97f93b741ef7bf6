# Signing in, the account page and the browser's passkey errors. Swedish is
# the default language. "Passkey" is "inloggningsnyckel" throughout.
# A space at the start or end of a text is written { " " } (Fluent trims
# plain spaces there).

## Sign in (/signin)

signin-title = Logga in
signin-page-heading = Ditt konto
signin-intro = När du loggar in finns dina bokningar på alla dina enheter och du får dina priser. Du kan också boka utan konto.
signin-heading = Logga in
signin-email = E-postadress
signin-with-passkey = Logga in med inloggningsnyckel
signin-email-me-code = Skicka en kod till min e-post
signin-new-here = Ny här?{ " " }
signin-create-with-passkey = Skapa ett konto med inloggningsnyckel
signin-no-passkeys = Den här webbläsaren har inte stöd för inloggningsnycklar. Vi skickar i stället en sexsiffrig kod till din e-post.
signin-code-heading = Ange koden
signin-code-sent = Vi har skickat en sexsiffrig kod till { $email }. Den gäller i 10 minuter.
signin-code = Kod från e-postmeddelandet
signin-signing-in = Loggar in…
signin-submit = Logga in
signin-new-code = Skicka en ny kod
signin-register-heading = Skapa ett konto
signin-register-intro = Med en inloggningsnyckel loggar du in med fingeravtryck, ansiktsigenkänning eller skärmlåset på din telefon – utan lösenord.
signin-name = Namn
signin-creating = Skapar…
signin-create-passkey = Skapa inloggningsnyckel
signin-have-account = Jag har redan ett konto

## The account page (/account)

account-title = Konto
account-heading = Konto
account-signed-out = Du är inte inloggad.
account-sign-in = Logga in

account-profile = Profil
account-email = E-postadress:{ " " }
account-email-unconfirmed = { " " }(ännu inte bekräftad med en kod)
account-name = Namn
account-phone = Telefonnummer (frivilligt)
account-language = Språk
# The languages are named in their own language, the same in every file.
account-language-sv = Svenska
account-language-en = English
account-category = Priskategori
account-category-hint = Anläggningar kan ha lägre priser för ungdomar och seniorer och kan be dig styrka din ålder på plats.
account-category-adult = Vuxen
account-category-youth = Ungdom (under 20 år)
account-category-senior = Senior (65 år och äldre)
account-category-club = Förening (anges av anläggningen)
account-saved = Sparat.
account-save = Spara

account-passkeys = Inloggningsnycklar
account-passkey-count = { $count ->
    [0] Du har ingen inloggningsnyckel än, så du loggar in med koder via e-post.
    [one] { $count } inloggningsnyckel kan användas för att logga in på kontot.
   *[other] { $count } inloggningsnycklar kan användas för att logga in på kontot.
}
account-add-passkey = Lägg till en inloggningsnyckel på den här enheten
account-passkey-added = Inloggningsnyckeln är tillagd.

account-calendar = Kalender
account-calendar-intro = Prenumerera på dina bokningar i telefonens kalender. Adressen är hemlig. Om du skapar en ny slutar den gamla att fungera.
account-calendar-get = Hämta min kalenderadress
account-calendar-address = Kalenderadress

account-devices = Inloggade enheter
account-device-unknown = Okänd webbläsare
# A browser that is none of Edge, Firefox, Chrome and Safari.
account-device-browser = Webbläsare
# "Chrome på Android"
account-device-on = { $browser } på { $os }
account-device-current = { " " }– den här enheten
# { $when } is "2025-11-23 18:04".
account-device-last-used = { " " }· senast använd { $when }
account-device-sign-out = Logga ut
account-device-sign-out-label = Logga ut från { $device }
account-sign-out = Logga ut
account-sign-out-hint = När du loggar ut tas dina bokningar, koder och uppgifter bort från den här enheten. Bokningarna finns kvar på ditt konto.

## The browser's part of a passkey, when it fails

passkey-cancelled = Begäran om inloggningsnyckel avbröts eller tog för lång tid. Försök igen eller använd en kod via e-post.
passkey-exists = Den här enheten har redan en inloggningsnyckel för kontot.
passkey-insecure = Inloggningsnycklar fungerar bara på appens egen säkra adress (https).
passkey-unsupported = Den här webbläsaren kunde inte använda någon inloggningsnyckel. Använd en kod via e-post i stället.
passkey-unreadable = Webbläsaren lämnade en inloggningsnyckel som inte går att läsa.

account-your-data = Dina uppgifter
account-your-data-hint = Se och ladda ner allt Ledig sparar om dig, eller radera kontot.
