# guichet — textes de l'interface, en français. Chaque clé de en.ftl doit exister ici (un test le vérifie).
# Les clés qui commencent par sheet-, day- ou kind- sont celles de la fiche à imprimer : elles existent aussi en ar, tr, es et ro.

## Mise en page
tagline = démarches publiques sans internet, à Bruxelles
skip-to-content = Aller au contenu
nav-languages = Langue
nav-main = Menu principal
nav-home = Accueil
nav-orientation = Trouver où aller
nav-gaps = Manques et chiffres
nav-report = Signaler une tentative
footer-about = guichet montre comment faire une démarche publique bruxelloise au guichet, par téléphone, sur rendez-vous ou par courrier, et si ce moyen marche vraiment. Les informations viennent de sources publiques datées et des retours de travailleurs sociaux.
footer-api = Données ouvertes et API
signed-in-as = Connecté pour
sign-out = Se déconnecter
back-home = Retour à la page d'accueil

## Erreurs
error-not-found = Page introuvable
error-not-found-text = Cette page n'existe pas. L'adresse est peut-être fausse, ou la démarche a peut-être été retirée.
error-forbidden = Pas autorisé
error-csrf = Ce formulaire a expiré ou ne vient pas de ce site. Revenez en arrière, rechargez la page et envoyez-le à nouveau.
error-form-too-large = Ce formulaire est trop long.
error-resubmitted = Ce formulaire a déjà été envoyé avec d'autres réponses. Rechargez la page pour signaler une autre tentative.
error-too-many = Trop de tentatives à la fois
error-too-many-text = { $minutes ->
    [one] Trop de plaintes ont été envoyées depuis cette connexion. Réessayez dans { $minutes } minute.
   *[other] Trop de plaintes ont été envoyées depuis cette connexion. Réessayez dans { $minutes } minutes.
}
error-too-many-signins = Trop de tentatives de connexion depuis cette connexion. Réessayez dans { $minutes ->
    [one] { $minutes } minute.
   *[other] { $minutes } minutes.
}
error-internal = Un problème est survenu
error-internal-text = Le service n'a pas pu afficher cette page. Réessayez dans un moment.
form-has-errors = Veuillez corriger ceci :
error-field = { $field } : { $message }
error-need = Dites ce que la personne doit faire.

## Accueil et recherche
home-title = Que devez-vous faire ?
home-question = Que devez-vous faire ?
search-label = Votre démarche, avec vos mots
search-hint = Par exemple : carte d'identité, allocations familiales, chômage, CPAS
where-label = Votre commune ou votre code postal (facultatif)
where-hint = Par exemple : Schaerbeek ou 1030
search-button = Chercher
frequent-title = Démarches fréquentes
need-identity-card = Carte d'identité
need-residence-certificate = Composition de ménage
need-cpas = Revenu d'intégration (CPAS)
need-unemployment = Allocations de chômage
need-family-allowance = Allocations familiales
need-taxes = Déclaration d'impôts
need-change-of-address = Changement d'adresse
need-study-grant = Allocation d'études
workers-title = Pour les travailleurs sociaux et les associations
workers-orientation = Trouver où envoyer quelqu'un, selon sa situation
workers-report = Signaler comment une tentative s'est passée
workers-gaps = Les démarches sans moyen hors internet, et les chiffres du suivi
search-title = Recherche
search-title-for = Résultats pour « { $q } »
results-for-place = Démarches pour
no-results = Rien trouvé. Essayez d'autres mots, ou le nom de l'institution.
no-offline-alternative = Aucun moyen sans internet
unverified-alternative-long = Des moyens sans internet existent peut-être, mais il manque ce qu'il faut pour les utiliser (adresse, numéro ou façon de prendre rendez-vous) : à vérifier. En attendant, un service social ou un espace public numérique (EPN) peut aider.
absent-kinds = Selon une source, pas de : { $kinds }
no-channel-known = Aucun moyen de faire cette démarche n'est encore connu : à vérifier auprès de l'institution.
no-offline-alternative-long = On ne connaît aucun moyen de faire cela sans internet. Demandez de l'aide à un service social ou à un espace public numérique (EPN).
find-help-places = Trouver des lieux d'aide

## Page d'une démarche
documents-unknown = Inconnu — à vérifier auprès de l'institution.
ways-title = Comment faire
online-title = En ligne
online-url-unknown = Adresse web inconnue.
online-needs = En ligne, il vous faut :
id-eid = une carte d'identité et un lecteur de carte
id-itsme = l'application itsme sur un smartphone
id-email-account = une adresse e-mail et un compte
id-none = rien de spécial
more-details = Plus de détails
source = Source
uncertain = incertaine
declared = Selon l'institution
field-reports = Retours du terrain
when = Quand
next-seven-days = Les 7 prochains jours
hours-unknown = Horaires inconnus — à vérifier.
address-unknown = Adresse inconnue — à vérifier.
map = plan
email = E-mail
to-verify = Inconnu, à vérifier
print-sheet = Imprimer une fiche
report-attempt = Signaler une tentative
signal-problem = Signaler un problème
unknown = inconnu
free = gratuit

## L'état d'un moyen, en mots
status-works = Fonctionne, selon les retours récents du terrain
status-open-declared = Ouvert, selon l'institution
status-difficult = Fonctionne mal
status-restricted = Limité
status-fails = Ne fonctionne pas, selon les retours récents du terrain
status-closed = Fermé
status-unknown = État inconnu
declared-open = Ouvert
declared-restricted = Limité
declared-closed-temporarily = Fermé pour un temps
declared-closed-permanently = Fermé définitivement
declared-unknown = Inconnu
declared-since = { $state } depuis { $since }
observed-none = Aucun retour du terrain ces 90 derniers jours.
probe-working = Formulaire en ligne vérifié le { $date } à { $time } : il fonctionne.
probe-error-page = Formulaire en ligne vérifié le { $date } à { $time } : il ne fonctionne pas (message d'erreur du site).
probe-http-error = Formulaire en ligne vérifié le { $date } à { $time } : il ne fonctionne pas (le site répond par une erreur).
probe-no-answer = Formulaire en ligne vérifié le { $date } à { $time } : il ne fonctionne pas (le site ne répond pas).
observed-reachable = Les travailleurs sociaux arrivent à le joindre.
observed-degraded = Les travailleurs sociaux le joignent avec difficulté.
observed-unreachable = Les travailleurs sociaux n'arrivent pas à le joindre.
observed-unknown = Trop peu de retours pour le dire.
observed-last-attempts = Tentatives qui ont échoué : { $failed } sur les { $total } dernières.
observed-fails-morning = Échoue surtout le matin ({ $failed } sur { $total } tentatives).
observed-fails-afternoon = Échoue surtout l'après-midi ({ $failed } sur { $total } tentatives).
observed-complaints = { $n ->
    [one] { $n } plainte ces 90 derniers jours.
   *[other] { $n } plaintes ces 90 derniers jours.
}
observed-contradiction = Ouvert selon l'institution, mais le terrain dit que ça ne fonctionne pas.
open-now = Ouvert maintenant.
open-now-until = Ouvert maintenant, jusqu'à { $time }.
closed-now-next = Fermé maintenant. Prochaine ouverture : { $when }.
closed-now-no-next = Fermé maintenant, et pas d'ouverture dans les 60 prochains jours.
closed = fermé
closed-holiday = fermé ({ $holiday })
closed-all-week = Fermé toute la semaine.
hours-walk-in = Sans rendez-vous : { $hours }
hours-appointment = Sur rendez-vous : { $hours }
hours-phone = La ligne est ouverte : { $hours }
hours-open = Ouvert : { $hours }
moment = { $day } à { $time }
checked-field = Dernière vérification sur le terrain : { $ago }
checked-source = Dernière vérification : source datée de { $date } ({ $ago })
checked-undated = Dernière vérification : page sans date, lue en { $read }
checked-never = Jamais vérifié
days-ago = { $n ->
    [0] aujourd'hui
    [one] il y a { $n } jour
   *[other] il y a { $n } jours
}
years-ago = { $n ->
    [0] il y a moins d'un an
    [one] il y a { $n } an
   *[other] il y a { $n } ans
}
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Orientation
orientation-title = Trouver où envoyer quelqu'un
orientation-intro = Dites ce que la personne doit faire, où elle habite et ce qu'elle ne peut pas faire. Les moyens qui restent sont classés, avec leurs raisons.
orientation-need = Que doit faire la personne ?
orientation-postcode = Code postal ou commune
orientation-constraints = La personne…
constraint-no-internet = n'a pas accès à internet
constraint-no-smartphone = n'a pas de smartphone
constraint-no-eid = n'a pas de lecteur de carte d'identité
constraint-cannot-phone = ne peut pas téléphoner
constraint-cannot-read = a du mal à lire et à écrire
constraint-wheelchair = se déplace en fauteuil roulant
orientation-languages = Langues que parle la personne (facultatif)
orientation-submit = Trouver
orientation-results = Où aller
orientation-procedures = Démarche :
orientation-help = Lieux qui aident (ils aident à le faire en ligne : ce n'est pas une alternative)
orientation-excluded = Écartés pour cette personne
orientation-no-match = Aucune démarche ne correspond à ces mots. Essayez d'autres mots ou le nom de l'institution.
orientation-no-alternative = Pour cette personne, il ne reste aucun moyen officiel sans internet. Voici des lieux qui aident.
why = Pourquoi :
role-alternative = un moyen officiel sans internet
role-online = en ligne
role-information = information ou prise de rendez-vous seulement
role-help = aide
why-appointment-bookable-offline = le rendez-vous peut se prendre sans internet
why-assisted-help-not-an-alternative = une aide pour le faire en ligne, pas une alternative
why-booking-by-phone-only = le rendez-vous se prend seulement par téléphone
why-booking-online-only = le rendez-vous se prend seulement en ligne
why-by-post = par courrier
why-cannot-phone = la personne ne peut pas téléphoner
why-closed-now = fermé maintenant
why-closed-on-holiday = fermé aujourd'hui (jour férié)
why-declared-closed = fermé, selon l'institution
why-declared-open = ouvert, selon l'institution
why-declared-open-but-observed-unreachable = ouvert selon l'institution, mais le terrain dit que ça ne fonctionne pas
why-declared-restricted = limité, selon l'institution
why-declared-status-unknown = état inconnu
why-done-by-phone = se fait par téléphone
why-has-a-cost = payant
why-help-place = un lieu qui aide
why-hours-unknown = horaires inconnus
why-in-your-commune = dans la commune de la personne
why-information-only = information seulement
why-languages-not-spoken = on n'y parle pas les langues de la personne
why-languages-unknown = langues parlées inconnues
why-line-saturated = la ligne est souvent saturée
why-needs-reading-and-writing = il faut savoir lire et écrire
why-not-wheelchair-accessible = pas accessible en fauteuil roulant
why-observed-degraded = fonctionne mal, selon le terrain
why-observed-reachable-recently = joint récemment par des travailleurs sociaux
why-observed-unknown = pas assez de retours du terrain
why-observed-unreachable = ne fonctionne pas, selon le terrain
why-open-now = ouvert maintenant
why-opens-within-24h = ouvre dans les 24 heures
why-requires-eid = il faut un lecteur de carte d'identité
why-requires-internet = il faut internet
why-requires-smartphone = il faut un smartphone
why-walk-in-no-appointment = on peut venir sans rendez-vous
why-speaks = on y parle { $language }

## Tableau des manques
gaps-title = Manques et chiffres
gaps-intro = Quelles démarches ne respectent pas les règles qui gardent un moyen sans internet, et pourquoi ; les chiffres par niveau de pouvoir et par institution ; et ce que disent les travailleurs sociaux.
gaps-rules = Règles
gaps-by-level = Par niveau de pouvoir
gaps-by-institution = Par institution
gaps-by-institution-caption = Démarches par institution, les plus en défaut d'abord
level = Niveau
institution = Institution
procedure = Démarche
commune = Commune
part-of = Fait partie de
website = Site web
compliant = Conforme
compliance-paper = Conforme sur papier seulement
compliance-non = Non conforme
compliance-na = Non concerné
compliance-insufficient = Données insuffisantes
coverage = Couverture (faits connus)
chart-levels = Conformité par niveau pour la règle : { $rule }
chart-legend = Chaque barre est un niveau de pouvoir, découpé en ses démarches : non conformes, conformes sur papier seulement, données insuffisantes (hachuré), conformes — dans cet ordre, chacune nommée sous sa barre. Le tableau ci-dessous donne les mêmes chiffres.
chart-reasons = Pourquoi les tentatives ont échoué
monitoring-title = Suivi sur le terrain
monitoring-none = Pas encore de retour du terrain.
monitoring-by-institution = Tentatives par institution
filter-from = Du
filter-to = Au
filter-all-communes = Toutes les communes
filter-from-error = « Du » doit être une date.
filter-to-error = « Au » doit être une date, pas avant « Du ».
filter-commune-error = Choisissez une commune dans la liste.
fig-total = Tentatives signalées
fig-not-completed = Pas abouties
fig-on-behalf = Faites à la place de la personne
fig-minutes = Temps par tentative
fig-minutes-value = { $mean } minutes en moyenne (médiane : { $median })
fig-hours = Heures passées en tout
reason = Raison
attempts = Tentatives
open-data-title = Données ouvertes
export-gaps-csv = Manques (CSV, pour les tableurs)
export-gaps-geojson = Manques (GeoJSON, pour les cartes)
export-monitoring-csv = Chiffres du suivi (CSV)
export-procedures-csv = Démarches (CSV)
export-channels-csv = Moyens de faire les démarches (CSV)
export-feed = Changements (flux Atom)
export-summary-json = Résumé (JSON)
level-federal = Fédéral
level-region = Région
level-community = Communauté
level-cocom = Commission communautaire commune
level-cocof = Commission communautaire française
level-commune = Commune
level-cpas = CPAS
level-payment-body = Organisme de paiement
level-mutuality = Mutuelle
level-association = Association

## Page d'une institution
institution-procedures = Démarches
institution-no-procedures = Aucune démarche de cette institution n'est encore dans le catalogue.
institution-compliance-caption = Chaque démarche et les règles qu'elle respecte

## Connexion et signalements
signin-title = Se connecter pour signaler
signin-intro = Collez le jeton de votre organisation. Vous restez connecté sur cet appareil pendant 12 heures.
signin-token = Le jeton de votre organisation
signin-submit = Se connecter
signin-failed = Ce jeton n'est pas valable ou a été retiré.
report-title = Signaler une tentative
report-find = Quelle démarche avez-vous essayée ?
report-change-channel = changer
report-submit = Envoyer le signalement
report-done-title = Signalement enregistré
report-done = Merci : le signalement a été enregistré.
report-done-observed = Ce moyen apparaît maintenant comme :
report-again = Signaler une autre tentative pour ce moyen
report-back = Retour à la démarche
field-outcome = Comment ça s'est passé ?
outcome-completed = Fait
outcome-partial = Fait en partie
outcome-not-completed = Pas fait
outcome-redirected-online = Renvoyé vers internet
field-failure-reason = Si ce n'est pas fait : pourquoi ?
field-failure-reason-hint = Obligatoire si la tentative n'a pas réussi.
field-minutes-spent = Minutes passées
field-wait-minutes = Minutes d'attente (facultatif)
field-on-behalf = Je l'ai fait à la place de la personne
field-occurred-at = Quand
field-reporter-role = Votre métier (facultatif)
field-comment = Commentaire (facultatif)
field-comment-hint = N'écrivez jamais qui est la personne : pas de nom, pas de numéro national, pas de téléphone, pas d'e-mail.
field-channel-id = Quel moyen
field-procedure = Démarche
field-problem = Quel est le problème ?
field-description = Ce qui s'est passé
field-email = Votre e-mail, pour être tenu au courant (facultatif)
field-email-hint = Jamais affiché ni publié.
field-body = Formulaire
field-outcome-error = choisissez comment ça s'est passé.
field-failure-reason-error = dites pourquoi ce n'est pas fait (et laissez vide si c'est fait).
field-minutes-spent-error = un nombre de minutes de 0 à 600.
field-wait-minutes-error = un nombre de minutes de 0 à 1440.
field-on-behalf-error = cochez ou laissez vide.
field-occurred-at-error = une date et une heure, pas dans le futur.
field-reporter-role-error = 100 caractères au maximum, et rien sur l'identité de la personne.
field-comment-error = 500 caractères au maximum, et rien sur l'identité de la personne (nom, numéro national, téléphone, e-mail, numéro de compte).
field-channel-id-error = choisissez un moyen dans la liste.
field-procedure-error = choisissez une démarche.
field-problem-error = choisissez un problème dans la liste.
field-description-error = décrivez ce qui s'est passé (2 000 caractères au maximum).
field-email-error = une adresse e-mail comme nom@exemple.be, ou laissez vide.
field-body-error = le formulaire n'a pas pu être lu.
reason-no-answer = Pas de réponse
reason-line-saturated = Ligne saturée
reason-closed-on-site = Fermé sur place
reason-no-appointment-available = Pas de rendez-vous libre
reason-appointment-online-only = Rendez-vous en ligne seulement
reason-redirected-online = Renvoyé vers internet
reason-technical-error = Erreur technique
reason-missing-documents = Documents manquants
reason-language-barrier = Problème de langue
reason-other = Autre

## Plaintes
complaint-title = Signaler un problème
complaint-intro = Un moyen de faire une démarche ne fonctionne pas ? Dites-le. Vous n'avez pas besoin de compte. Les services publics doivent garder un moyen sans internet.
complaint-whole-procedure = La démarche en général
complaint-submit = Envoyer
complaint-tracking-title = Votre plainte
complaint-keep-code = Gardez ce code pour suivre votre plainte :
complaint-state = Où en est-elle
complaint-history = Historique
complaint-track-other = Suivre une autre plainte : son code
complaint-track-submit = Suivre
complaint-state-received = reçue
complaint-state-forwarded = envoyée à l'institution
complaint-state-answered = réponse donnée
complaint-state-closed = clôturée

## Fiche à imprimer (aussi en ar, tr, es, ro)
sheet-skip = Aller à la fiche
sheet-languages = Langue de la fiche
sheet-back = Retour à la démarche
sheet-print-hint = Pour imprimer : menu du navigateur, puis Imprimer.
sheet-closed = fermé
sheet-closed-holiday = fermé le { $date } (jour férié)
sheet-status-open = Ouvert, selon l'institution.
sheet-status-restricted = Ouvert avec des limites : vérifiez avant d'y aller.
sheet-status-closed = Fermé.
sheet-status-unknown = Nous ne savons pas si c'est ouvert : vérifiez avant d'y aller.
sheet-checked = Informations datées de { $date }.
sheet-checked-unknown = Date des informations inconnue.
sheet-printed-on = Imprimé le { $date }.
sheet-qr-label = Code QR de l'adresse web de cette fiche
sheet-qr-caption = Scannez pour voir cette fiche à jour :
sheet-in-fr = en français
sheet-in-nl = en néerlandais
sheet-in-en = en anglais
sheet-in-language = en { $language }
day-1 = lundi
day-2 = mardi
day-3 = mercredi
day-4 = jeudi
day-5 = vendredi
day-6 = samedi
day-7 = dimanche
kind-counter = Guichet
kind-phone = Téléphone
kind-appointment = Rendez-vous
kind-post = Courrier
kind-online = En ligne
kind-email = E-mail
kind-assisted = Aide

## actionable answers
role-to-verify = Peut-être un moyen sans internet : à vérifier
why-no-address-known = l'adresse n'est pas connue
why-no-number-known = le numéro n'est pas connu
why-no-booking-route-known = on ne sait pas comment prendre rendez-vous
why-no-contact-known = on ne sait pas comment le joindre
why-help-place-linked = aide connue pour cette démarche

## ways: the words about one way to act, shared by the procedure page, the orientation page and the sheet
way-registered-letter = Lettre recommandée
way-booking-phone = par téléphone
way-booking-online = en ligne
way-booking-in-person = sur place
way-booking-email = par e-mail
way-booking-post = par courrier
way-booking-phone-unknown = par téléphone (numéro pas encore connu)
way-booking-online-unknown = en ligne (adresse web pas encore connue)
way-booking-in-person-unknown = sur place (adresse pas encore connue)
way-booking-email-unknown = par e-mail (adresse pas encore connue)
way-booking-post-unknown = par courrier (adresse pas encore connue)
way-needs-internet = il faut internet
way-call-free = appel gratuit
way-call-paid = appel payant
way-not-known = Pas encore connu
way-fact-address = adresse
way-fact-opening-hours = heures d'ouverture
way-fact-booking = comment prendre rendez-vous
way-fact-phone = numéro de téléphone
way-fact-url = adresse web
way-fact-email = adresse e-mail
way-fact-declared-status = s'il est ouvert
way-fact-cost = coût
way-fact-call-cost = coût de l'appel
way-fact-languages = langues parlées
way-fact-wheelchair = accès en fauteuil roulant
way-address = Adresse
way-hours = Heures d'ouverture
way-phone = Téléphone
way-email = E-mail
way-web = Adresse web
way-booking = Comment prendre rendez-vous
way-cost = Coût
way-conditions = Conditions
way-deadline = Délai
way-bring = Ce qu'il faut apporter
way-languages = Langues parlées
way-wheelchair = Accès en fauteuil roulant
way-wheelchair-yes = oui
way-wheelchair-limited = limité
way-wheelchair-no = non
way-questions = Pour poser une question
way-purpose-booking = seulement pour prendre rendez-vous
way-purpose-info = seulement pour s'informer
way-website = Site web
way-fact-documents = ce qu'il faut apporter
sheet-ask-first = Demandez avant d'y aller.
sheet-checked-undated = Page sans date, lue en { $read }.
## gaps list
gaps-filter-commune = Commune
gaps-filter-commune-hint = Démarches offertes à ses habitants ; retours des organisations qui y travaillent.
gaps-filter-period-hint = La période ne compte que pour les retours du terrain.
gaps-filter-submit = Afficher
filter-all-levels = Tous les niveaux
filter-all-institutions = Toutes les institutions
filter-rule-error = Choisissez une règle dans la liste.
filter-level-error = Choisissez un niveau dans la liste.
filter-institution-error = Choisissez une institution dans la liste.
filter-page-error = Le numéro de page doit être un nombre entier, à partir de 1.
gaps-list-title = Démarches qui ne respectent pas cette règle, et pourquoi
gaps-list-count-failing = { $n ->
    [0] Aucune démarche de cette sélection n'est en défaut.
    [one] Une démarche est en défaut.
   *[other] { $n } démarches sont en défaut.
}
gaps-list-count-unknown = { $n ->
    [0] Le catalogue en sait assez pour juger toutes les autres.
    [one] Pour une autre, le catalogue n'en sait pas assez pour juger.
   *[other] Pour { $n } autres, le catalogue n'en sait pas assez pour juger.
}
gaps-list-none = Rien à lister pour cette sélection : toutes les démarches concernées sont conformes.
gaps-list-failing = Non conformes, ou conformes sur papier seulement
gaps-list-failing-hint = Une exigence manque : une source dit qu'il n'y en a pas, les seuls moyens de ce type sont fermés ou sur rendez-vous pris en ligne seulement, ou les travailleurs sociaux les ont trouvés injoignables.
gaps-list-unknown = Données insuffisantes pour juger
gaps-list-unknown-hint = Rien n'est connu comme manquant, mais il manque des faits au catalogue : un trou dans ce que nous savons, pas une infraction.
gaps-pages = Pages de la liste
gaps-page-of = Page { $page } sur { $pages }
gaps-page-previous = Page précédente
gaps-page-next = Page suivante
gaps-req-physical-reception = Accueil physique
gaps-req-telephone = Service téléphonique
gaps-req-postal = Échanges par courrier postal
gaps-req-walk-in = Guichet sans rendez-vous pris en ligne
gaps-req-offline-alternative = Un moyen sans internet
gaps-why-usable = respecté
gaps-why-source-says-none = manquant : une source dit qu'il n'y en a pas ({ $source })
gaps-why-closed = manquant : déclaré fermé
gaps-why-booked-online-only = manquant : les rendez-vous ne se prennent qu'en ligne
gaps-why-observed-unreachable = manquant en pratique : offert sur papier, mais les travailleurs sociaux l'ont trouvé injoignable
gaps-why-lacks-facts = non vérifié : mentionné, mais sans ce qu'il faut pour l'utiliser (adresse, numéro ou moyen de prendre rendez-vous)
gaps-why-not-catalogued = non vérifié : le catalogue ne sait pas s'il en existe un
duration-hours-minutes = { $hours } h { $minutes }
## search
place-which = « { $place } » peut désigner plusieurs communes. Laquelle ?
place-unknown = Nous ne savons pas quelle commune est « { $place } ». Choisissez-la dans la liste :
place-outside = { $place } n'est pas un code postal de la Région de Bruxelles-Capitale. Choisissez une commune bruxelloise :
results-whole-region = En attendant, les résultats valent pour toute la Région.
search-which-commune = Dans quelle commune ?
orientation-languages-error = Choisissez les langues dans la liste.
## reporters
reporters-signin-intro = Connectez-vous avec le nom d'utilisateur et le mot de passe que votre organisation vous a donnés.
reporters-user-name = Nom d'utilisateur
reporters-password = Mot de passe
reporters-remember = Se souvenir de cet appareil
reporters-remember-hint = Vous restez connecté 5 jours (une semaine de travail). Sinon 12 heures. Pas sur un ordinateur partagé.
reporters-signin-failed = Ce nom d'utilisateur et ce mot de passe ne vont pas ensemble, ou ce compte a été retiré.
reporters-link-gone = Ce lien de connexion a déjà servi, a expiré ou a été retiré. Demandez-en un nouveau à votre organisation, ou connectez-vous ci-dessous.
reporters-signin-token-title = Avec le jeton de l'organisation
reporters-signin-token-submit = Se connecter avec le jeton
reporters-minutes-pick = { $n } min
reporters-minutes-other = Ou tapez le nombre de minutes
not-known-yet = Pas encore connu
fact-cost = coût
fact-call-cost = coût de l'appel
fact-languages = langues parlées
fact-wheelchair = accès en fauteuil roulant

## unavailable
error-unavailable = Service momentanément indisponible
error-unavailable-text = La base de données ne répond pas. Réessayez dans quelques instants : rien de ce qui a déjà été enregistré n'est perdu.
## privacy
privacy-national-register-number = ce texte semble contenir un numéro de registre national. N'écrivez rien qui permette de reconnaître une personne : ce texte est enregistré et montré.
privacy-iban = ce texte semble contenir un numéro de compte bancaire (IBAN). N'écrivez rien qui permette de reconnaître une personne : ce texte est enregistré et montré.
privacy-email = ce texte semble contenir une adresse e-mail. N'écrivez rien qui permette de reconnaître une personne : ce texte est enregistré et montré.
privacy-phone = ce texte semble contenir un numéro de téléphone (ou un autre long numéro). Inutile de citer le numéro du service : la voie choisie le dit déjà.
privacy-description-hint = Ce texte est montré à qui a le code de suivi : pas de nom, pas de numéro national, pas de téléphone, pas d'e-mail, pas de numéro de compte.
