## Om Ledig: integritet och tillgänglighet (pages/about.rs), sidfoten (app.rs)

footer-label = Om Ledig
footer-privacy = Integritet
footer-accessibility = Tillgänglighet

privacy-title = Integritet och personuppgifter
privacy-controller = { $operator } är personuppgiftsansvarig för Ledig och bestämmer varför och hur dina uppgifter används.
privacy-kept-heading = Vad vi sparar och varför
privacy-kept-booking = När du bokar: ditt namn, din e-postadress, banan och tiden – för att hålla bokningen, skicka kvittot och ge dig koden till banan.
privacy-kept-payment = Betalningar: belopp, återbetalningar och kvitton. Kortuppgifter hanteras av betaltjänsten och når aldrig Ledig.
privacy-kept-account = Konto, om du skapar ett: e-postadress, namn, språk, inloggade enheter och namnen på dina passkeys.
privacy-kept-watch = Bevakningar: vilka banor och tider du bevakar, och telefonens adress för pushnotiser om du slår på dem.
privacy-kept-entry = Inpassering: när din kod eller QR-kod öppnade banans grind.
privacy-kept-device = På telefonen: dina bokningar och koder sparas i webbläsaren så att de går att visa utan nät, och ditt språkval. Inga spårningskakor.
privacy-basis = Rättslig grund: avtalet med dig (bokningen, betalningen och inpasseringen), ditt samtycke (pushnotiser) och rättslig förpliktelse (bokföringen).
privacy-retention-heading = Hur länge vi sparar
privacy-retention-codes = Inloggningskoder som skickats med e-post: { $hours ->
    [one] en timme
   *[other] { $hours } timmar
}.
privacy-retention-sessions = Avslutade inloggningar och enheter: { $days ->
    [one] en dag
   *[other] { $days } dagar
} efter att de gått ut.
privacy-retention-holds = Bokningar som aldrig betalades förlorar namn och e-post efter { $days ->
    [one] en dag
   *[other] { $days } dagar
}.
privacy-retention-entries = Inpasseringar: { $days ->
    [one] en dag
   *[other] { $days } dagar
}.
privacy-retention-push = Skickade pushnotiser: { $days ->
    [one] en dag
   *[other] { $days } dagar
}.
privacy-retention-receipts = Kvitton och betalningar sparas i sju år, som bokföringslagen kräver.
privacy-recipients-heading = Vilka som får uppgifter
privacy-recipient-stripe = Kort- och Swishbetalningar går via Stripe, som får det som behövs för betalningen.
privacy-recipient-mail = E-post (inloggningskoder och kvitton) skickas via den e-posttjänst som { $operator } använder.
privacy-recipient-tiles = Kartbilderna hämtas från { $host }, som ser telefonens IP-adress men inte vem du är eller vad du bokar.
privacy-recipient-none = Ingen annan: inga analysverktyg, inga annonsnätverk och inga typsnitt eller skript från andra webbplatser.
privacy-rights-heading = Dina rättigheter
privacy-rights = Du har rätt att få veta vad vi sparar om dig, att få det rättat eller raderat, att få ut det i ett maskinläsbart format och att invända mot behandlingen.
privacy-rights-self = Inloggad ser och laddar du ner allt vi sparar om dig, och raderar kontot, under Konto:
privacy-rights-self-link = Dina uppgifter
privacy-rights-contact = Skriv till { $email }, så svarar vi inom en månad.
privacy-rights-operator = Kontakta { $operator }, så svarar vi inom en månad.
privacy-complaint = Är du inte nöjd kan du klaga hos Integritetsskyddsmyndigheten (IMY) på imy.se.

accessibility-title = Tillgänglighet för Ledig
accessibility-intro = { $operator } står bakom Ledig. Vi vill att så många som möjligt ska kunna använda tjänsten. Här beskriver vi hur Ledig uppfyller lagen om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du rapporterar problem.
accessibility-status-heading = Hur tillgänglig är tjänsten?
accessibility-status = Ledig uppfyller till största delen kraven i WCAG 2.1 på nivå AA. Bristerna vi känner till står nedan.
accessibility-gaps-heading = Kända brister
accessibility-gap-map = Kartan går inte att använda fullt ut med tangentbord eller skärmläsare. Samma banor finns alltid i listan, med adress och avstånd.
accessibility-gap-stripe = Fälten för kortbetalning kommer från Stripe. Deras tillgänglighet styr vi inte över.
accessibility-report-heading = Rapportera brister
accessibility-report = Fungerar något inte för dig, eller behöver du innehållet i ett annat format? Skriv till { $email } och berätta vilken sida det gäller och vad som hände.
accessibility-report-operator = Fungerar något inte för dig, eller behöver du innehållet i ett annat format? Kontakta { $operator } och berätta vilken sida det gäller och vad som hände.
accessibility-supervision-heading = Tillsyn
accessibility-supervision = Myndigheten för digital förvaltning (DIGG) har tillsyn över lagen om tillgänglighet till digital offentlig service. Är du inte nöjd med hur vi hanterat dina synpunkter kan du anmäla det till DIGG på digg.se.
accessibility-method-heading = Hur vi har testat
accessibility-method = Vid varje ändring av koden testas varje sida automatiskt med axe, på svenska och engelska, i mobil- och datorstorlek, och bokningen från start till kod görs med enbart tangentbord. Redogörelsen uppdaterades senast den 4 december 2026.
