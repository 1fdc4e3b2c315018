# guichet — interface strings, English. Every key here must exist in fr.ftl and nl.ftl (a test checks).
# Keys starting with sheet-, day- or kind- are the printable sheet's: they also exist in ar, tr, es and ro.

## Layout
tagline = public procedures without the internet, in Brussels
skip-to-content = Skip to content
nav-languages = Language
nav-main = Main menu
nav-home = Home
nav-orientation = Find where to go
nav-gaps = Gaps and figures
nav-report = Report an attempt
footer-about = guichet shows how to carry out a Brussels public procedure at a counter, by phone, by appointment or by post, and whether that way really works. Information comes from dated public sources and from social workers' reports.
footer-api = Open data and API
signed-in-as = Signed in for
sign-out = Sign out
back-home = Back to the home page

## Errors
error-not-found = Page not found
error-not-found-text = This page does not exist. The address may be wrong or the procedure may have been removed.
error-forbidden = Not allowed
error-csrf = This form has expired or did not come from this site. Go back, reload the page and send it again.
error-form-too-large = This form is too long.
error-resubmitted = This form was already sent with other answers. Reload the page to report another attempt.
error-too-many = Too many attempts at once
error-too-many-text = { $minutes ->
    [one] Too many complaints were sent from this connection. Try again in 1 minute.
   *[other] Too many complaints were sent from this connection. Try again in { $minutes } minutes.
}
error-too-many-signins = Too many sign-in attempts from this connection. Try again in { $minutes ->
    [one] 1 minute.
   *[other] { $minutes } minutes.
}
error-internal = Something went wrong
error-internal-text = The service could not show this page. Try again in a moment.
form-has-errors = Please correct the following:
error-field = { $field }: { $message }
error-need = Say what the person needs to do.

## Home and search
home-title = What do you need to do?
home-question = What do you need to do?
search-label = Your procedure, in your own words
search-hint = For example: identity card, family allowance, unemployment, CPAS
where-label = Your commune or postcode (optional)
where-hint = For example: Schaerbeek or 1030
search-button = Search
frequent-title = Frequent procedures
need-identity-card = Identity card
need-residence-certificate = Household composition certificate
need-cpas = Income support (CPAS)
need-unemployment = Unemployment benefits
need-family-allowance = Family allowance
need-taxes = Tax return
need-change-of-address = Change of address
need-study-grant = Study grant
workers-title = For social workers and associations
workers-orientation = Find where to send someone, given their situation
workers-report = Report how an attempt went
workers-gaps = Procedures without an offline alternative, and the monitoring figures
search-title = Search
search-title-for = Results for “{ $q }”
results-for-place = Procedures for
no-results = Nothing found. Try other words, or the name of the institution.
no-offline-alternative = No way without the internet
unverified-alternative-long = Ways without the internet may exist, but what you need to use them is missing (address, number or how to book): to verify. Meanwhile a social service or a public computer space can help.
absent-kinds = According to a source, no: { $kinds }
no-channel-known = No way to carry out this procedure is known yet: to verify with the institution.
no-offline-alternative-long = No known way to do this without the internet. Ask a social service or a public computer space for help.
find-help-places = Find places that help

## Procedure page
documents-unknown = Unknown — to verify with the institution.
ways-title = Ways to do it
online-title = Online
online-url-unknown = Web address unknown.
online-needs = Online, you need:
id-eid = an identity card with a card reader
id-itsme = the itsme app on a smartphone
id-email-account = an e-mail address and an account
id-none = nothing special
more-details = More details
source = Source
uncertain = uncertain
declared = Declared
field-reports = Field reports
when = When
next-seven-days = The next 7 days
hours-unknown = Opening hours unknown — to verify.
address-unknown = Address unknown — to verify.
map = map
email = E-mail
to-verify = Unknown, to verify
print-sheet = Print a sheet
report-attempt = Report an attempt
signal-problem = Signal a problem
unknown = unknown
free = free

## Channel status in words
status-works = Works, according to recent field reports
status-open-declared = Open, according to the institution
status-difficult = Works with difficulty
status-restricted = Restricted
status-fails = Does not work, according to recent field reports
status-closed = Closed
status-unknown = Status unknown
declared-open = Open
declared-restricted = Restricted
declared-closed-temporarily = Temporarily closed
declared-closed-permanently = Closed for good
declared-unknown = Unknown
declared-since = { $state } since { $since }
observed-none = No field report in the last 90 days.
probe-working = Online form checked on { $date } at { $time }: working.
probe-error-page = Online form checked on { $date } at { $time }: not working (error message of the site).
probe-http-error = Online form checked on { $date } at { $time }: not working (the site answers with an error).
probe-no-answer = Online form checked on { $date } at { $time }: not working (the site does not answer).
observed-reachable = Social workers reach it.
observed-degraded = Social workers reach it with difficulty.
observed-unreachable = Social workers do not manage to reach it.
observed-unknown = Too few reports to say.
observed-last-attempts = { $failed } of the last { $total } attempts failed.
observed-fails-morning = Fails most in the morning ({ $failed } of { $total } attempts).
observed-fails-afternoon = Fails most in the afternoon ({ $failed } of { $total } attempts).
observed-complaints = { $n ->
    [one] 1 complaint in the last 90 days.
   *[other] { $n } complaints in the last 90 days.
}
observed-contradiction = Declared open, but the field says it does not work.
open-now = Open now.
open-now-until = Open now, until { $time }.
closed-now-next = Closed now. Next opening: { $when }.
closed-now-no-next = Closed now, and no opening in the next 60 days.
closed = closed
closed-holiday = closed ({ $holiday })
closed-all-week = Closed all week.
hours-walk-in = Without appointment: { $hours }
hours-appointment = By appointment: { $hours }
hours-phone = The line is open: { $hours }
hours-open = Open: { $hours }
moment = { $day } at { $time }
checked-field = Last checked in the field { $ago }
checked-source = Last checked: source dated { $date } ({ $ago })
checked-undated = Last checked: undated page, read in { $read }
checked-never = Never checked
days-ago = { $n ->
    [0] today
    [one] 1 day ago
   *[other] { $n } days ago
}
years-ago = { $n ->
    [0] less than a year ago
    [one] 1 year ago
   *[other] { $n } years ago
}
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Orientation
orientation-title = Find where to send someone
orientation-intro = Say what the person needs to do, where they live and what they cannot do: the ways that remain are ranked, with their reasons.
orientation-need = What does the person need to do?
orientation-postcode = Postcode or commune
orientation-constraints = The person…
constraint-no-internet = has no internet access
constraint-no-smartphone = has no smartphone
constraint-no-eid = has no identity card reader
constraint-cannot-phone = cannot phone
constraint-cannot-read = has difficulty reading and writing
constraint-wheelchair = uses a wheelchair
orientation-languages = Languages the person speaks (optional)
orientation-submit = Find
orientation-results = Where to go
orientation-procedures = Procedure:
orientation-help = Places that help (they help do it online: not an alternative)
orientation-excluded = Left out for this person
orientation-no-match = No procedure matches these words. Try other words or the name of the institution.
orientation-no-alternative = For this person, no official way without the internet is left. Below are places that help.
why = Why:
role-alternative = an official way without the internet
role-online = online
role-information = information or booking only
role-help = help
why-appointment-bookable-offline = the appointment can be booked without the internet
why-assisted-help-not-an-alternative = help to do it online, not an alternative
why-booking-by-phone-only = the appointment is booked by phone only
why-booking-online-only = the appointment can only be booked online
why-by-post = by post
why-cannot-phone = the person cannot phone
why-closed-now = closed now
why-closed-on-holiday = closed today (public holiday)
why-declared-closed = declared closed
why-declared-open = declared open
why-declared-open-but-observed-unreachable = declared open, but the field says it does not work
why-declared-restricted = declared restricted
why-declared-status-unknown = status unknown
why-done-by-phone = done by phone
why-has-a-cost = has a cost
why-help-place = a place that helps
why-hours-unknown = opening hours unknown
why-in-your-commune = in the person's commune
why-information-only = information only
why-languages-not-spoken = the person's languages are not spoken there
why-languages-unknown = languages spoken unknown
why-line-saturated = the line is often saturated
why-needs-reading-and-writing = needs reading and writing
why-not-wheelchair-accessible = not wheelchair accessible
why-observed-degraded = works with difficulty, according to the field
why-observed-reachable-recently = reached recently by social workers
why-observed-unknown = not enough field reports
why-observed-unreachable = does not work, according to the field
why-open-now = open now
why-opens-within-24h = opens within 24 hours
why-requires-eid = needs an identity card reader
why-requires-internet = needs the internet
why-requires-smartphone = needs a smartphone
why-walk-in-no-appointment = walk in, no appointment
why-speaks = { $language } spoken

## Gaps dashboard
gaps-title = Gaps and figures
gaps-intro = Which procedures fail the rules that keep a way without the internet open, and why; the counts by level and by institution; and what social workers report.
gaps-rules = Rules
gaps-by-level = By level of government
gaps-by-institution = By institution
gaps-by-institution-caption = Procedures per institution, the most failing first
level = Level
institution = Institution
procedure = Procedure
commune = Commune
part-of = Part of
website = Website
compliant = Compliant
compliance-paper = Compliant on paper only
compliance-non = Not compliant
compliance-na = Not concerned
compliance-insufficient = Not enough data
coverage = Coverage (known facts)
chart-levels = Compliance by level for the rule: { $rule }
chart-legend = Each bar is a level of government, cut into its procedures: not compliant, compliant on paper only, not enough data (hatched), compliant — in this order, each named under its bar. The table below gives the same figures.
chart-reasons = Why attempts failed
monitoring-title = Field monitoring
monitoring-none = No field report yet.
monitoring-by-institution = Attempts by institution
filter-from = From
filter-to = To
filter-all-communes = All communes
filter-from-error = “From” must be a date.
filter-to-error = “To” must be a date, not before “From”.
filter-commune-error = Choose a commune from the list.
fig-total = Attempts reported
fig-not-completed = Not completed
fig-on-behalf = Done in the person's place
fig-minutes = Time per attempt
fig-minutes-value = { $mean } minutes on average (median { $median })
fig-hours = Hours spent in all
reason = Reason
attempts = Attempts
open-data-title = Open data
export-gaps-csv = Gaps (CSV, for spreadsheets)
export-gaps-geojson = Gaps (GeoJSON, for maps)
export-monitoring-csv = Monitoring figures (CSV)
export-procedures-csv = Procedures (CSV)
export-channels-csv = Ways to do procedures (CSV)
export-feed = Changes (Atom feed)
export-summary-json = Summary (JSON)
level-federal = Federal
level-region = Region
level-community = Community
level-cocom = Common Community Commission
level-cocof = French Community Commission
level-commune = Commune
level-cpas = CPAS
level-payment-body = Payment body
level-mutuality = Health insurance fund
level-association = Association

## Institution page
institution-procedures = Procedures
institution-no-procedures = No procedure of this institution is in the catalog yet.
institution-compliance-caption = Each procedure and the rules it meets

## Sign-in and reports
signin-title = Sign in to report
signin-intro = Paste your organisation's token. You stay signed in on this device for 12 hours.
signin-token = Your organisation's token
signin-submit = Sign in
signin-failed = This token is not valid or has been revoked.
report-title = Report an attempt
report-find = Which procedure did you try?
report-change-channel = change
report-submit = Send the report
report-done-title = Report recorded
report-done = Thank you: the report was recorded.
report-done-observed = This way now shows as:
report-again = Report another attempt on this way
report-back = Back to the procedure
field-outcome = How did it go?
outcome-completed = Done
outcome-partial = Partly done
outcome-not-completed = Not done
outcome-redirected-online = Sent back to the internet
field-failure-reason = If not done: why?
field-failure-reason-hint = Required when the attempt did not succeed.
field-minutes-spent = Minutes spent
field-wait-minutes = Minutes waiting (optional)
field-on-behalf = I did it in the person's place
field-occurred-at = When
field-reporter-role = Your job (optional)
field-comment = Comment (optional)
field-comment-hint = Never write anything that identifies the person: no name, no national number, no phone, no e-mail.
field-channel-id = Which way
field-procedure = Procedure
field-problem = What is the problem?
field-description = What happened
field-email = Your e-mail, to be kept informed (optional)
field-email-hint = Never shown nor published.
field-body = Form
field-outcome-error = choose how it went.
field-failure-reason-error = say why it was not done (and leave it empty when it was done).
field-minutes-spent-error = a number of minutes from 0 to 600.
field-wait-minutes-error = a number of minutes from 0 to 1440.
field-on-behalf-error = tick or leave empty.
field-occurred-at-error = a date and time, not in the future.
field-reporter-role-error = at most 100 characters, and nothing that identifies the person.
field-comment-error = at most 500 characters, and nothing that identifies the person (name, national number, phone, e-mail, account number).
field-channel-id-error = choose a way from the list.
field-procedure-error = choose a procedure.
field-problem-error = choose a problem from the list.
field-description-error = describe what happened (at most 2,000 characters).
field-email-error = an e-mail address such as name@example.be, or leave empty.
field-body-error = the form could not be read.
reason-no-answer = No answer
reason-line-saturated = Line saturated
reason-closed-on-site = Closed on site
reason-no-appointment-available = No appointment available
reason-appointment-online-only = Appointment online only
reason-redirected-online = Sent back to the internet
reason-technical-error = Technical error
reason-missing-documents = Missing documents
reason-language-barrier = Language barrier
reason-other = Other

## Complaints
complaint-title = Signal a problem
complaint-intro = A way to do a procedure does not work? Say so. You do not need an account. Public bodies must keep a way without the internet.
complaint-whole-procedure = The procedure in general
complaint-submit = Send
complaint-tracking-title = Your complaint
complaint-keep-code = Keep this code to follow your complaint:
complaint-state = Where it stands
complaint-history = History
complaint-track-other = Follow another complaint: its code
complaint-track-submit = Follow
complaint-state-received = received
complaint-state-forwarded = sent to the institution
complaint-state-answered = answered
complaint-state-closed = closed

## Printable sheet (also in ar, tr, es, ro)
sheet-skip = Skip to the sheet
sheet-languages = Language of the sheet
sheet-back = Back to the procedure
sheet-print-hint = To print: your browser's menu, then Print.
sheet-closed = closed
sheet-closed-holiday = closed on { $date } (public holiday)
sheet-status-open = Open, according to the institution.
sheet-status-restricted = Open with restrictions: check before going.
sheet-status-closed = Closed.
sheet-status-unknown = We do not know if it is open: check before going.
sheet-checked = Information dated { $date }.
sheet-checked-unknown = Date of the information unknown.
sheet-printed-on = Printed on { $date }.
sheet-qr-label = QR code of this sheet's web address
sheet-qr-caption = Scan to see this sheet, up to date:
sheet-in-fr = in French
sheet-in-nl = in Dutch
sheet-in-en = in English
sheet-in-language = in { $language }
day-1 = Monday
day-2 = Tuesday
day-3 = Wednesday
day-4 = Thursday
day-5 = Friday
day-6 = Saturday
day-7 = Sunday
kind-counter = Counter
kind-phone = Phone
kind-appointment = Appointment
kind-post = Post
kind-online = Online
kind-email = E-mail
kind-assisted = Help

## actionable answers
role-to-verify = Perhaps a way without the internet: to verify
why-no-address-known = the address is not known
why-no-number-known = the number is not known
why-no-booking-route-known = how to book is not known
why-no-contact-known = how to reach it is not known
why-help-place-linked = known help for this procedure

## ways: the words about one way to act, shared by the procedure page, the orientation page and the sheet
way-registered-letter = Registered letter
way-booking-phone = by phone
way-booking-online = online
way-booking-in-person = on site
way-booking-email = by e-mail
way-booking-post = by post
way-booking-phone-unknown = by phone (number not known yet)
way-booking-online-unknown = online (web address not known yet)
way-booking-in-person-unknown = on site (address not known yet)
way-booking-email-unknown = by e-mail (address not known yet)
way-booking-post-unknown = by post (address not known yet)
way-needs-internet = needs the internet
way-call-free = free call
way-call-paid = paid call
way-not-known = Not known yet
way-fact-address = address
way-fact-opening-hours = opening hours
way-fact-booking = how to book
way-fact-phone = phone number
way-fact-url = web address
way-fact-email = e-mail address
way-fact-declared-status = whether it is open
way-fact-cost = cost
way-fact-call-cost = cost of the call
way-fact-languages = languages spoken
way-fact-wheelchair = wheelchair access
way-address = Address
way-hours = Opening hours
way-phone = Phone
way-email = E-mail
way-web = Web address
way-booking = How to book
way-cost = Cost
way-conditions = Conditions
way-deadline = Deadline
way-bring = What to bring
way-languages = Languages spoken
way-wheelchair = Wheelchair access
way-wheelchair-yes = yes
way-wheelchair-limited = limited
way-wheelchair-no = no
way-questions = To ask a question
way-purpose-booking = only to book an appointment
way-purpose-info = only for information
way-website = Website
way-fact-documents = what to bring
sheet-ask-first = Ask before you go.
sheet-checked-undated = Undated page, read in { $read }.
## gaps list
gaps-filter-commune = Commune
gaps-filter-commune-hint = Procedures offered to its residents; reports from organisations working there.
gaps-filter-period-hint = The period counts the field reports only.
gaps-filter-submit = Show
filter-all-levels = All levels
filter-all-institutions = All institutions
filter-rule-error = Choose a rule from the list.
filter-level-error = Choose a level from the list.
filter-institution-error = Choose an institution from the list.
filter-page-error = The page number must be a whole number, from 1.
gaps-list-title = Procedures that fail this rule, and why
gaps-list-count-failing = { $n ->
    [0] No procedure of this selection fails it.
    [one] One procedure fails it.
   *[other] { $n } procedures fail it.
}
gaps-list-count-unknown = { $n ->
    [0] The catalog knows enough to judge every other one.
    [one] For one more, the catalog does not know enough to judge.
   *[other] For { $n } more, the catalog does not know enough to judge.
}
gaps-list-none = Nothing to list for this selection: every procedure concerned is compliant.
gaps-list-failing = Not compliant, or compliant on paper only
gaps-list-failing-hint = A requirement is missing: a source says there is none, the only such ways are closed or booked online only, or social workers found them unreachable.
gaps-list-unknown = Not enough data to judge
gaps-list-unknown-hint = Nothing is known to be missing, but the catalog lacks facts: a gap in what we know, not a breach.
gaps-pages = Pages of the list
gaps-page-of = Page { $page } of { $pages }
gaps-page-previous = Previous page
gaps-page-next = Next page
gaps-req-physical-reception = Reception in person
gaps-req-telephone = Telephone service
gaps-req-postal = Exchanges by post
gaps-req-walk-in = Counter without an appointment booked online
gaps-req-offline-alternative = A way without the internet
gaps-why-usable = met
gaps-why-source-says-none = missing: a source says there is none ({ $source })
gaps-why-closed = missing: declared closed
gaps-why-booked-online-only = missing: appointments can only be booked online
gaps-why-observed-unreachable = missing in practice: offered on paper, but social workers found it unreachable
gaps-why-lacks-facts = not verified: listed, but without what a person needs to use it (address, number or booking route)
gaps-why-not-catalogued = not verified: the catalog does not know whether there is one
duration-hours-minutes = { $hours } h { $minutes }
## search
place-which = “{ $place }” can be several communes. Which one?
place-unknown = We could not tell which commune “{ $place }” is. Choose it in the list:
place-outside = { $place } is not a postcode of the Brussels-Capital Region. Choose a Brussels commune:
results-whole-region = Meanwhile, the results are for the whole Region.
search-which-commune = In which commune?
orientation-languages-error = Choose the languages in the list.
## reporters
reporters-signin-intro = Sign in with the user name and password your organisation gave you.
reporters-user-name = User name
reporters-password = Password
reporters-remember = Remember this device
reporters-remember-hint = You stay signed in for 5 days (a working week). Otherwise 12 hours. Not on a shared computer.
reporters-signin-failed = This user name and password do not go together, or this account was revoked.
reporters-link-gone = This sign-in link was already used, has expired or was revoked. Ask your organisation for a new one, or sign in below.
reporters-signin-token-title = With the organisation's token
reporters-signin-token-submit = Sign in with the token
reporters-minutes-pick = { $n } min
reporters-minutes-other = Or type the number of minutes
not-known-yet = Not known yet
fact-cost = cost
fact-call-cost = cost of the call
fact-languages = languages spoken
fact-wheelchair = wheelchair access

## unavailable
error-unavailable = Service temporarily unavailable
error-unavailable-text = The database is not answering. Try again in a moment: nothing already saved is lost.
## privacy
privacy-national-register-number = this text seems to contain a national register number. Write nothing by which a person could be recognised: this text is stored and shown.
privacy-iban = this text seems to contain a bank account number (IBAN). Write nothing by which a person could be recognised: this text is stored and shown.
privacy-email = this text seems to contain an e-mail address. Write nothing by which a person could be recognised: this text is stored and shown.
privacy-phone = this text seems to contain a phone number (or another long number). There is no need to give the service's number: the way you chose already says it.
privacy-description-hint = Whoever has the tracking code sees this text: no name, no national number, no phone, no e-mail, no account number.
