# guichet — teksten van de interface, in het Nederlands. Elke sleutel van en.ftl moet hier bestaan (een test controleert dat).
# Sleutels die beginnen met sheet-, day- of kind- zijn die van de fiche om af te drukken: ze bestaan ook in ar, tr, es en ro.

## Opmaak
tagline = overheidszaken regelen zonder internet, in Brussel
skip-to-content = Naar de inhoud
nav-languages = Taal
nav-main = Hoofdmenu
nav-home = Start
nav-orientation = Vinden waar u heen moet
nav-gaps = Tekorten en cijfers
nav-report = Een poging melden
footer-about = guichet toont hoe u een Brusselse overheidsprocedure regelt aan een loket, per telefoon, op afspraak of per post, en of die manier echt werkt. De informatie komt uit gedateerde openbare bronnen en uit meldingen van maatschappelijk werkers.
footer-api = Open data en API
signed-in-as = Aangemeld voor
sign-out = Afmelden
back-home = Terug naar de startpagina

## Fouten
error-not-found = Pagina niet gevonden
error-not-found-text = Deze pagina bestaat niet. Misschien is het adres fout, of is de procedure verwijderd.
error-forbidden = Niet toegestaan
error-csrf = Dit formulier is verlopen of komt niet van deze site. Ga terug, laad de pagina opnieuw en verstuur het nog eens.
error-form-too-large = Dit formulier is te lang.
error-resubmitted = Dit formulier is al verstuurd met andere antwoorden. Laad de pagina opnieuw om een andere poging te melden.
error-too-many = Te veel pogingen tegelijk
error-too-many-text = { $minutes ->
    [one] Er zijn te veel klachten verstuurd vanaf deze verbinding. Probeer opnieuw over { $minutes } minuut.
   *[other] Er zijn te veel klachten verstuurd vanaf deze verbinding. Probeer opnieuw over { $minutes } minuten.
}
error-too-many-signins = Te veel aanmeldpogingen vanaf deze verbinding. Probeer opnieuw over { $minutes ->
    [one] { $minutes } minuut.
   *[other] { $minutes } minuten.
}
error-internal = Er ging iets mis
error-internal-text = De dienst kon deze pagina niet tonen. Probeer het zo meteen opnieuw.
form-has-errors = Verbeter het volgende:
error-field = { $field }: { $message }
error-need = Zeg wat de persoon moet regelen.

## Start en zoeken
home-title = Wat moet u regelen?
home-question = Wat moet u regelen?
search-label = Wat u moet regelen, in uw eigen woorden
search-hint = Bijvoorbeeld: identiteitskaart, kinderbijslag, werkloosheid, OCMW
where-label = Uw gemeente of postcode (niet verplicht)
where-hint = Bijvoorbeeld: Schaarbeek of 1030
search-button = Zoeken
frequent-title = Veelgevraagde procedures
need-identity-card = Identiteitskaart
need-residence-certificate = Gezinssamenstelling
need-cpas = Leefloon (OCMW)
need-unemployment = Werkloosheidsuitkering
need-family-allowance = Kinderbijslag (groeipakket)
need-taxes = Belastingaangifte
need-change-of-address = Adreswijziging
need-study-grant = Studietoelage
workers-title = Voor maatschappelijk werkers en verenigingen
workers-orientation = Vinden waar u iemand heen stuurt, volgens de situatie van de persoon
workers-report = Melden hoe een poging verliep
workers-gaps = Procedures die niet zonder internet kunnen, en de cijfers van de opvolging
search-title = Zoeken
search-title-for = Resultaten voor “{ $q }”
results-for-place = Procedures voor
no-results = Niets gevonden. Probeer andere woorden, of de naam van de instelling.
no-offline-alternative = Geen manier zonder internet
unverified-alternative-long = Misschien bestaan er manieren zonder internet, maar wat je nodig hebt om ze te gebruiken ontbreekt (adres, nummer of manier om een afspraak te maken): na te gaan. Intussen kan een sociale dienst of een openbare computerruimte helpen.
absent-kinds = Volgens een bron geen: { $kinds }
no-channel-known = Nog geen enkele manier om deze procedure te doen is gekend: na te vragen bij de instelling.
no-offline-alternative-long = We kennen geen manier om dit zonder internet te doen. Vraag hulp aan een sociale dienst of een openbare computerruimte.
find-help-places = Plaatsen vinden die helpen

## Pagina van een procedure
documents-unknown = Onbekend — na te vragen bij de instelling.
ways-title = Manieren om het te regelen
online-title = Online
online-url-unknown = Webadres onbekend.
online-needs = Online hebt u nodig:
id-eid = een identiteitskaart en een kaartlezer
id-itsme = de app itsme op een smartphone
id-email-account = een e-mailadres en een account
id-none = niets bijzonders
more-details = Meer details
source = Bron
uncertain = onzeker
declared = Volgens de instelling
field-reports = Meldingen van het terrein
when = Wanneer
next-seven-days = De komende 7 dagen
hours-unknown = Openingsuren onbekend — na te kijken.
address-unknown = Adres onbekend — na te kijken.
map = kaart
email = E-mail
to-verify = Onbekend, na te kijken
print-sheet = Een fiche afdrukken
report-attempt = Een poging melden
signal-problem = Een probleem melden
unknown = onbekend
free = gratis

## De toestand van een manier, in woorden
status-works = Werkt, volgens recente meldingen van het terrein
status-open-declared = Open, volgens de instelling
status-difficult = Werkt slecht
status-restricted = Beperkt
status-fails = Werkt niet, volgens recente meldingen van het terrein
status-closed = Gesloten
status-unknown = Toestand onbekend
declared-open = Open
declared-restricted = Beperkt
declared-closed-temporarily = Tijdelijk gesloten
declared-closed-permanently = Definitief gesloten
declared-unknown = Onbekend
declared-since = { $state } sinds { $since }
observed-none = Geen melding van het terrein in de laatste 90 dagen.
probe-working = Onlineformulier gecontroleerd op { $date } om { $time }: het werkt.
probe-error-page = Onlineformulier gecontroleerd op { $date } om { $time }: het werkt niet (foutmelding van de website).
probe-http-error = Onlineformulier gecontroleerd op { $date } om { $time }: het werkt niet (de website antwoordt met een fout).
probe-no-answer = Onlineformulier gecontroleerd op { $date } om { $time }: het werkt niet (de website antwoordt niet).
observed-reachable = Maatschappelijk werkers bereiken het.
observed-degraded = Maatschappelijk werkers bereiken het moeilijk.
observed-unreachable = Maatschappelijk werkers slagen er niet in het te bereiken.
observed-unknown = Te weinig meldingen om iets te zeggen.
observed-last-attempts = Mislukte pogingen: { $failed } van de laatste { $total }.
observed-fails-morning = Mislukt vooral 's ochtends ({ $failed } van { $total } pogingen).
observed-fails-afternoon = Mislukt vooral 's namiddags ({ $failed } van { $total } pogingen).
observed-complaints = { $n ->
    [one] { $n } klacht in de laatste 90 dagen.
   *[other] { $n } klachten in de laatste 90 dagen.
}
observed-contradiction = Open volgens de instelling, maar volgens het terrein werkt het niet.
open-now = Nu open.
open-now-until = Nu open, tot { $time }.
closed-now-next = Nu gesloten. Volgende opening: { $when }.
closed-now-no-next = Nu gesloten, en geen opening in de komende 60 dagen.
closed = gesloten
closed-holiday = gesloten ({ $holiday })
closed-all-week = De hele week gesloten.
hours-walk-in = Zonder afspraak: { $hours }
hours-appointment = Op afspraak: { $hours }
hours-phone = De lijn is open: { $hours }
hours-open = Open: { $hours }
moment = { $day } om { $time }
checked-field = Laatst nagekeken op het terrein: { $ago }
checked-source = Laatst nagekeken: bron van { $date } ({ $ago })
checked-undated = Laatst nagegaan: pagina zonder datum, gelezen in { $read }
checked-never = Nooit nagekeken
days-ago = { $n ->
    [0] vandaag
    [one] { $n } dag geleden
   *[other] { $n } dagen geleden
}
years-ago = { $n ->
    [0] minder dan een jaar geleden
    [one] { $n } jaar geleden
   *[other] { $n } jaar geleden
}
month-1 = januari
month-2 = februari
month-3 = maart
month-4 = april
month-5 = mei
month-6 = juni
month-7 = juli
month-8 = augustus
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

## Doorverwijzen
orientation-title = Vinden waar u iemand heen stuurt
orientation-intro = Zeg wat de persoon moet regelen, waar de persoon woont en wat hij of zij niet kan. De manieren die overblijven staan in volgorde, met hun redenen.
orientation-need = Wat moet de persoon regelen?
orientation-postcode = Postcode of gemeente
orientation-constraints = De persoon…
constraint-no-internet = heeft geen internet
constraint-no-smartphone = heeft geen smartphone
constraint-no-eid = heeft geen kaartlezer voor de identiteitskaart
constraint-cannot-phone = kan niet telefoneren
constraint-cannot-read = heeft moeite met lezen en schrijven
constraint-wheelchair = zit in een rolstoel
orientation-languages = Talen die de persoon spreekt (niet verplicht)
orientation-submit = Zoeken
orientation-results = Waar naartoe
orientation-procedures = Procedure:
orientation-help = Plaatsen die helpen (ze helpen om het online te doen: dat is geen alternatief)
orientation-excluded = Niet geschikt voor deze persoon
orientation-no-match = Geen procedure past bij deze woorden. Probeer andere woorden of de naam van de instelling.
orientation-no-alternative = Voor deze persoon blijft er geen officiële manier zonder internet over. Hieronder staan plaatsen die helpen.
why = Waarom:
role-alternative = een officiële manier zonder internet
role-online = online
role-information = alleen informatie of een afspraak maken
role-help = hulp
why-appointment-bookable-offline = de afspraak kan zonder internet gemaakt worden
why-assisted-help-not-an-alternative = hulp om het online te doen, geen alternatief
why-booking-by-phone-only = de afspraak kan alleen per telefoon gemaakt worden
why-booking-online-only = de afspraak kan alleen online gemaakt worden
why-by-post = per post
why-cannot-phone = de persoon kan niet telefoneren
why-closed-now = nu gesloten
why-closed-on-holiday = vandaag gesloten (feestdag)
why-declared-closed = gesloten, volgens de instelling
why-declared-open = open, volgens de instelling
why-declared-open-but-observed-unreachable = open volgens de instelling, maar volgens het terrein werkt het niet
why-declared-restricted = beperkt, volgens de instelling
why-declared-status-unknown = toestand onbekend
why-done-by-phone = gebeurt per telefoon
why-has-a-cost = niet gratis
why-help-place = een plaats die helpt
why-hours-unknown = openingsuren onbekend
why-in-your-commune = in de gemeente van de persoon
why-information-only = alleen informatie
why-languages-not-spoken = de talen van de persoon worden er niet gesproken
why-languages-unknown = gesproken talen onbekend
why-line-saturated = de lijn is vaak overbelast
why-needs-reading-and-writing = lezen en schrijven is nodig
why-not-wheelchair-accessible = niet toegankelijk met een rolstoel
why-observed-degraded = werkt slecht, volgens het terrein
why-observed-reachable-recently = onlangs bereikt door maatschappelijk werkers
why-observed-unknown = te weinig meldingen van het terrein
why-observed-unreachable = werkt niet, volgens het terrein
why-open-now = nu open
why-opens-within-24h = gaat binnen 24 uur open
why-requires-eid = een kaartlezer voor de identiteitskaart is nodig
why-requires-internet = internet is nodig
why-requires-smartphone = een smartphone is nodig
why-walk-in-no-appointment = binnenlopen zonder afspraak
why-speaks = men spreekt er { $language }

## Overzicht van de tekorten
gaps-title = Tekorten en cijfers
gaps-intro = Welke procedures de regels niet naleven die een weg zonder internet openhouden, en waarom; de cijfers per bestuursniveau en per instelling; en wat maatschappelijk werkers melden.
gaps-rules = Regels
gaps-by-level = Per bestuursniveau
gaps-by-institution = Per instelling
gaps-by-institution-caption = Procedures per instelling, de slechtste eerst
level = Niveau
institution = Instelling
procedure = Procedure
commune = Gemeente
part-of = Deel van
website = Website
compliant = In orde
compliance-paper = Alleen op papier in orde
compliance-non = Niet in orde
compliance-na = Niet van toepassing
compliance-insufficient = Onvoldoende gegevens
coverage = Dekking (gekende feiten)
chart-levels = Naleving per niveau voor de regel: { $rule }
chart-legend = Elke balk is een bestuursniveau, verdeeld in zijn procedures: niet in orde, alleen op papier in orde, onvoldoende gegevens (gearceerd), in orde — in die volgorde, elk onder de balk benoemd. De tabel hieronder geeft dezelfde cijfers.
chart-reasons = Waarom pogingen mislukten
monitoring-title = Opvolging op het terrein
monitoring-none = Nog geen melding van het terrein.
monitoring-by-institution = Pogingen per instelling
filter-from = Van
filter-to = Tot
filter-all-communes = Alle gemeenten
filter-from-error = “Van” moet een datum zijn.
filter-to-error = “Tot” moet een datum zijn, niet vóór “Van”.
filter-commune-error = Kies een gemeente uit de lijst.
fig-total = Gemelde pogingen
fig-not-completed = Niet gelukt
fig-on-behalf = In de plaats van de persoon gedaan
fig-minutes = Tijd per poging
fig-minutes-value = Gemiddeld { $mean } minuten (mediaan: { $median })
fig-hours = Uren in totaal
reason = Reden
attempts = Pogingen
open-data-title = Open data
export-gaps-csv = Tekorten (CSV, voor rekenbladen)
export-gaps-geojson = Tekorten (GeoJSON, voor kaarten)
export-monitoring-csv = Cijfers van de opvolging (CSV)
export-procedures-csv = Procedures (CSV)
export-channels-csv = Manieren om procedures te regelen (CSV)
export-feed = Wijzigingen (Atom-feed)
export-summary-json = Samenvatting (JSON)
level-federal = Federaal
level-region = Gewest
level-community = Gemeenschap
level-cocom = Gemeenschappelijke Gemeenschapscommissie
level-cocof = Franse Gemeenschapscommissie
level-commune = Gemeente
level-cpas = OCMW
level-payment-body = Uitbetalingsinstelling
level-mutuality = Ziekenfonds
level-association = Vereniging

## Pagina van een instelling
institution-procedures = Procedures
institution-no-procedures = Er staat nog geen procedure van deze instelling in de catalogus.
institution-compliance-caption = Elke procedure en de regels waaraan ze voldoet

## Aanmelden en meldingen
signin-title = Aanmelden om te melden
signin-intro = Plak de token van uw organisatie. U blijft 12 uur aangemeld op dit toestel.
signin-token = De token van uw organisatie
signin-submit = Aanmelden
signin-failed = Deze token is niet geldig of werd ingetrokken.
report-title = Een poging melden
report-find = Welke procedure hebt u geprobeerd?
report-change-channel = wijzigen
report-submit = Melding versturen
report-done-title = Melding opgeslagen
report-done = Dank u: de melding is opgeslagen.
report-done-observed = Deze manier staat nu als:
report-again = Nog een poging op deze manier melden
report-back = Terug naar de procedure
field-outcome = Hoe ging het?
outcome-completed = Gelukt
outcome-partial = Deels gelukt
outcome-not-completed = Niet gelukt
outcome-redirected-online = Naar internet doorverwezen
field-failure-reason = Als het niet gelukt is: waarom?
field-failure-reason-hint = Verplicht als de poging niet gelukt is.
field-minutes-spent = Aantal minuten bezig
field-wait-minutes = Aantal minuten gewacht (niet verplicht)
field-on-behalf = Ik heb het in de plaats van de persoon gedaan
field-occurred-at = Wanneer
field-reporter-role = Uw beroep (niet verplicht)
field-comment = Opmerking (niet verplicht)
field-comment-hint = Schrijf nooit wie de persoon is: geen naam, geen rijksregisternummer, geen telefoon, geen e-mail.
field-channel-id = Welke manier
field-procedure = Procedure
field-problem = Wat is het probleem?
field-description = Wat is er gebeurd
field-email = Uw e-mail, om op de hoogte te blijven (niet verplicht)
field-email-hint = Nooit getoond of gepubliceerd.
field-body = Formulier
field-outcome-error = kies hoe het ging.
field-failure-reason-error = zeg waarom het niet gelukt is (en laat leeg als het gelukt is).
field-minutes-spent-error = een aantal minuten van 0 tot 600.
field-wait-minutes-error = een aantal minuten van 0 tot 1440.
field-on-behalf-error = vink aan of laat leeg.
field-occurred-at-error = een datum en een uur, niet in de toekomst.
field-reporter-role-error = hoogstens 100 tekens, en niets over wie de persoon is.
field-comment-error = hoogstens 500 tekens, en niets over wie de persoon is (naam, rijksregisternummer, telefoon, e-mail, rekeningnummer).
field-channel-id-error = kies een manier uit de lijst.
field-procedure-error = kies een procedure.
field-problem-error = kies een probleem uit de lijst.
field-description-error = beschrijf wat er gebeurd is (hoogstens 2.000 tekens).
field-email-error = een e-mailadres zoals naam@voorbeeld.be, of laat leeg.
field-body-error = het formulier kon niet gelezen worden.
reason-no-answer = Geen antwoord
reason-line-saturated = Lijn overbelast
reason-closed-on-site = Ter plaatse gesloten
reason-no-appointment-available = Geen afspraak vrij
reason-appointment-online-only = Afspraak alleen online
reason-redirected-online = Naar internet doorverwezen
reason-technical-error = Technische fout
reason-missing-documents = Documenten ontbreken
reason-language-barrier = Taalprobleem
reason-other = Andere

## Klachten
complaint-title = Een probleem melden
complaint-intro = Werkt een manier om een procedure te regelen niet? Zeg het. U hebt geen account nodig. Overheidsdiensten moeten een manier zonder internet behouden.
complaint-whole-procedure = De procedure in het algemeen
complaint-submit = Versturen
complaint-tracking-title = Uw klacht
complaint-keep-code = Bewaar deze code om uw klacht te volgen:
complaint-state = Stand van zaken
complaint-history = Geschiedenis
complaint-track-other = Een andere klacht volgen: de code ervan
complaint-track-submit = Volgen
complaint-state-received = ontvangen
complaint-state-forwarded = doorgestuurd naar de instelling
complaint-state-answered = beantwoord
complaint-state-closed = afgesloten

## Fiche om af te drukken (ook in ar, tr, es, ro)
sheet-skip = Naar de fiche
sheet-languages = Taal van de fiche
sheet-back = Terug naar de procedure
sheet-print-hint = Afdrukken: menu van de browser, dan Afdrukken.
sheet-closed = gesloten
sheet-closed-holiday = gesloten op { $date } (feestdag)
sheet-status-open = Open, volgens de instelling.
sheet-status-restricted = Open met beperkingen: kijk het na voor u gaat.
sheet-status-closed = Gesloten.
sheet-status-unknown = We weten niet of het open is: kijk het na voor u gaat.
sheet-checked = Informatie van { $date }.
sheet-checked-unknown = Datum van de informatie onbekend.
sheet-printed-on = Afgedrukt op { $date }.
sheet-qr-label = QR-code van het webadres van deze fiche
sheet-qr-caption = Scan om deze fiche actueel te zien:
sheet-in-fr = in het Frans
sheet-in-nl = in het Nederlands
sheet-in-en = in het Engels
sheet-in-language = in { $language }
day-1 = maandag
day-2 = dinsdag
day-3 = woensdag
day-4 = donderdag
day-5 = vrijdag
day-6 = zaterdag
day-7 = zondag
kind-counter = Loket
kind-phone = Telefoon
kind-appointment = Afspraak
kind-post = Post
kind-online = Online
kind-email = E-mail
kind-assisted = Hulp

## actionable answers
role-to-verify = Misschien een manier zonder internet: na te gaan
why-no-address-known = het adres is niet gekend
why-no-number-known = het nummer is niet gekend
why-no-booking-route-known = niet gekend hoe je een afspraak maakt
why-no-contact-known = niet gekend hoe je hen bereikt
why-help-place-linked = gekende hulp voor deze procedure

## ways: the words about one way to act, shared by the procedure page, the orientation page and the sheet
way-registered-letter = Aangetekende brief
way-booking-phone = per telefoon
way-booking-online = online
way-booking-in-person = ter plaatse
way-booking-email = per e-mail
way-booking-post = per post
way-booking-phone-unknown = per telefoon (nummer nog niet gekend)
way-booking-online-unknown = online (webadres nog niet gekend)
way-booking-in-person-unknown = ter plaatse (adres nog niet gekend)
way-booking-email-unknown = per e-mail (adres nog niet gekend)
way-booking-post-unknown = per post (adres nog niet gekend)
way-needs-internet = internet nodig
way-call-free = gratis oproep
way-call-paid = betalende oproep
way-not-known = Nog niet gekend
way-fact-address = adres
way-fact-opening-hours = openingsuren
way-fact-booking = hoe u een afspraak maakt
way-fact-phone = telefoonnummer
way-fact-url = webadres
way-fact-email = e-mailadres
way-fact-declared-status = of het open is
way-fact-cost = kostprijs
way-fact-call-cost = kostprijs van de oproep
way-fact-languages = gesproken talen
way-fact-wheelchair = toegang met een rolstoel
way-address = Adres
way-hours = Openingsuren
way-phone = Telefoon
way-email = E-mail
way-web = Webadres
way-booking = Hoe maakt u een afspraak
way-cost = Prijs
way-conditions = Voorwaarden
way-deadline = Termijn
way-bring = Wat u moet meebrengen
way-languages = Gesproken talen
way-wheelchair = Toegang met een rolstoel
way-wheelchair-yes = ja
way-wheelchair-limited = beperkt
way-wheelchair-no = nee
way-questions = Voor vragen
way-purpose-booking = alleen om een afspraak te maken
way-purpose-info = alleen voor informatie
way-website = Website
way-fact-documents = wat u moet meebrengen
sheet-ask-first = Vraag het na voor u gaat.
sheet-checked-undated = Pagina zonder datum, gelezen in { $read }.
## gaps list
gaps-filter-commune = Gemeente
gaps-filter-commune-hint = Procedures voor haar inwoners; meldingen van organisaties die er werken.
gaps-filter-period-hint = De periode geldt alleen voor de meldingen van het terrein.
gaps-filter-submit = Toon
filter-all-levels = Alle niveaus
filter-all-institutions = Alle instellingen
filter-rule-error = Kies een regel uit de lijst.
filter-level-error = Kies een niveau uit de lijst.
filter-institution-error = Kies een instelling uit de lijst.
filter-page-error = Het paginanummer moet een geheel getal zijn, vanaf 1.
gaps-list-title = Procedures die deze regel niet naleven, en waarom
gaps-list-count-failing = { $n ->
    [0] Geen enkele procedure van deze selectie schiet tekort.
    [one] Eén procedure schiet tekort.
   *[other] { $n } procedures schieten tekort.
}
gaps-list-count-unknown = { $n ->
    [0] De catalogus weet genoeg om alle andere te beoordelen.
    [one] Voor nog één weet de catalogus niet genoeg om te oordelen.
   *[other] Voor nog { $n } weet de catalogus niet genoeg om te oordelen.
}
gaps-list-none = Niets te tonen voor deze selectie: elke betrokken procedure is in orde.
gaps-list-failing = Niet in orde, of alleen op papier in orde
gaps-list-failing-hint = Een vereiste ontbreekt: een bron zegt dat er geen is, de enige zulke wegen zijn gesloten of alleen via een online afspraak, of maatschappelijk werkers vonden ze onbereikbaar.
gaps-list-unknown = Onvoldoende gegevens om te oordelen
gaps-list-unknown-hint = Er is niets bekend dat ontbreekt, maar de catalogus mist feiten: een gat in wat we weten, geen overtreding.
gaps-pages = Pagina's van de lijst
gaps-page-of = Pagina { $page } van { $pages }
gaps-page-previous = Vorige pagina
gaps-page-next = Volgende pagina
gaps-req-physical-reception = Fysiek onthaal
gaps-req-telephone = Telefonische dienst
gaps-req-postal = Uitwisseling per post
gaps-req-walk-in = Loket zonder online geboekte afspraak
gaps-req-offline-alternative = Een weg zonder internet
gaps-why-usable = in orde
gaps-why-source-says-none = ontbreekt: een bron zegt dat er geen is ({ $source })
gaps-why-closed = ontbreekt: gesloten verklaard
gaps-why-booked-online-only = ontbreekt: afspraken kunnen alleen online geboekt worden
gaps-why-observed-unreachable = ontbreekt in de praktijk: op papier aangeboden, maar maatschappelijk werkers vonden het onbereikbaar
gaps-why-lacks-facts = niet geverifieerd: vermeld, maar zonder wat iemand nodig heeft om het te gebruiken (adres, nummer of manier om een afspraak te maken)
gaps-why-not-catalogued = niet geverifieerd: de catalogus weet niet of er een is
duration-hours-minutes = { $hours } u { $minutes }
## search
place-which = “{ $place }” kan meerdere gemeenten zijn. Welke?
place-unknown = We weten niet welke gemeente “{ $place }” is. Kies ze in de lijst:
place-outside = { $place } is geen postcode van het Brussels Hoofdstedelijk Gewest. Kies een Brusselse gemeente:
results-whole-region = Intussen gelden de resultaten voor het hele Gewest.
search-which-commune = In welke gemeente?
orientation-languages-error = Kies de talen in de lijst.
## reporters
reporters-signin-intro = Meld je aan met de gebruikersnaam en het wachtwoord die je organisatie je gaf.
reporters-user-name = Gebruikersnaam
reporters-password = Wachtwoord
reporters-remember = Dit toestel onthouden
reporters-remember-hint = Je blijft 5 dagen aangemeld (een werkweek). Anders 12 uur. Niet op een gedeelde computer.
reporters-signin-failed = Deze gebruikersnaam en dit wachtwoord horen niet bij elkaar, of dit account werd ingetrokken.
reporters-link-gone = Deze aanmeldlink werd al gebruikt, is verlopen of werd ingetrokken. Vraag je organisatie om een nieuwe, of meld je hieronder aan.
reporters-signin-token-title = Met het token van de organisatie
reporters-signin-token-submit = Aanmelden met het token
reporters-minutes-pick = { $n } min
reporters-minutes-other = Of typ het aantal minuten
not-known-yet = Nog niet gekend
fact-cost = kostprijs
fact-call-cost = kostprijs van het gesprek
fact-languages = gesproken talen
fact-wheelchair = toegankelijkheid met rolstoel

## unavailable
error-unavailable = Dienst tijdelijk niet beschikbaar
error-unavailable-text = De databank antwoordt niet. Probeer het over enkele ogenblikken opnieuw: niets van wat al werd opgeslagen, gaat verloren.
## privacy
privacy-national-register-number = deze tekst lijkt een rijksregisternummer te bevatten. Schrijf niets waaraan iemand herkend kan worden: deze tekst wordt bewaard en getoond.
privacy-iban = deze tekst lijkt een bankrekeningnummer (IBAN) te bevatten. Schrijf niets waaraan iemand herkend kan worden: deze tekst wordt bewaard en getoond.
privacy-email = deze tekst lijkt een e-mailadres te bevatten. Schrijf niets waaraan iemand herkend kan worden: deze tekst wordt bewaard en getoond.
privacy-phone = deze tekst lijkt een telefoonnummer (of een ander lang nummer) te bevatten. Het nummer van de dienst hoeft er niet in: de gekozen weg zegt het al.
privacy-description-hint = Wie de volgcode heeft, ziet deze tekst: geen naam, geen rijksregisternummer, geen telefoon, geen e-mail, geen rekeningnummer.
