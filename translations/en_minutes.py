"""English texts for the minutes pages (templates/minutes, app/minutes, the minutes link and route
in templates/main/meeting.html and app/main/views.py), keyed by the Norwegian msgid.
translations/en.py merges them into messages.po with `fill()`.

Texts already in translations/en.py or en_meetings.py (e.g. "Sak", "Avbryt", "Lagre", "Tekst",
"Saken er trukket.", "Unntatt offentlighet, jf. %(basis)s") are not repeated here."""

ENGLISH = {
    # app/minutes/views.py
    "Utkast": "Draft",
    "Sendt til kommentar": "Sent for comments",
    "Godkjent": "Approved",
    "Publisert": "Published",
    "Referatet ble endret av noen andre i samme øyeblikk. Ingenting ble lagret; se over siden og "
    "prøv igjen.": "The minutes were changed by someone else at the same moment. Nothing was saved; "
                   "check the page and try again.",
    "%(code)s møte %(number)s/%(yy)s (%(date)s)": "%(code)s meeting %(number)s/%(yy)s (%(date)s)",
    "%(meeting)s, sak %(number)s %(title)s": "%(meeting)s, item %(number)s %(title)s",
    "%(meeting)s: %(title)s": "%(meeting)s: %(title)s",
    "Sendt til kommentar, frist %(date)s": "Sent for comments, deadline %(date)s",
    "Referatet er åpent for kommentarer med frist %(date)s.":
        "The minutes are open for comments with the deadline %(date)s.",
    "Kommentaren er lagret. Sekretariatet ser den sammen med punktet.":
        "Your comment has been saved. The secretariat sees it with the item.",
    "Kommentaren er merket som behandlet.": "The comment has been marked as handled.",
    "Vedtak og drøftinger er lagret.": "The decision and discussion have been saved.",
    "Velg saken i et senere møte som godkjente referatet.":
        "Choose the item of a later meeting that approved the minutes.",
    "Velg en sak «Godkjenning av referat» i et senere møte i samme utvalg.":
        "Choose an item “Approval of minutes” at a later meeting of the same council.",
    "Skriv datoen referatet ble godkjent ved sirkulasjon.":
        "Enter the date the minutes were approved by circulation.",
    "ved sirkulasjon %(date)s": "by circulation on %(date)s",
    "Referatet er godkjent: %(text)s. Det kan ikke lenger endres.":
        "The minutes have been approved: %(text)s. They can no longer be changed.",
    "Referatet er publisert og kan leses av alle.":
        "The minutes have been published and can be read by everyone.",
    "Referatet er ikke godkjent ennå; endre vedtak og drøftinger direkte i referatet.":
        "The minutes have not been approved yet; change decisions and discussions directly in the "
        "minutes.",
    "Referatet er rettet. Versjon %(number)s er lagret; de tidligere versjonene kan fortsatt leses.":
        "The minutes have been corrected. Version %(number)s has been saved; the earlier versions "
        "can still be read.",
    # app/minutes/forms.py
    "Frist for kommentarer": "Deadline for comments",
    "Kommentar": "Comment",
    "Skriv en kommentar.": "Write a comment.",
    "Høyst 5000 tegn.": "At most 5000 characters.",
    "Merknad": "Note",
    "Hvordan ble referatet godkjent?": "How were the minutes approved?",
    "I et senere møte (sak «Godkjenning av referat»)":
        "At a later meeting (item “Approval of minutes”)",
    "Ved sirkulasjon": "By circulation",
    "Saken som godkjente referatet": "The item that approved the minutes",
    "Dato for godkjenning ved sirkulasjon": "Date of approval by circulation",
    "Form på vedtaket": "Form of the decision",
    "Vedtak": "Decision",
    "Drøftinger": "Discussion",
    "Høyst 20000 tegn.": "At most 20000 characters.",
    "Hvorfor rettes referatet?": "Why are the minutes corrected?",
    "Skriv hvorfor referatet rettes.": "Write why the minutes are corrected.",
    "Høyst 2000 tegn.": "At most 2000 characters.",
    # templates/main/meeting.html
    "Referat": "Minutes",
    "utkast": "draft",
    "sendt til kommentar": "sent for comments",
    "godkjent, ikke publisert": "approved, not published",
    # templates/minutes
    "Referat %(code)s møte %(number)s": "Minutes %(code)s meeting %(number)s",
    "Referat fra %(code)s møte %(number)s": "Minutes of %(code)s meeting %(number)s",
    "Møtet er avlyst, så det får ikke noe referat.": "The meeting was cancelled, so it has no minutes.",
    "Referatet kan skrives når innkallingen er sendt.":
        "The minutes can be written once the notice has been issued.",
    "Til dagsordenen": "To the agenda",
    "Rett referatet": "Correct the minutes",
    "Rett referatet fra %(code)s møte %(number)s": "Correct the minutes of %(code)s meeting %(number)s",
    "Referatet er godkjent. En rettelse lagres som en ny versjon med begrunnelsen din; de tidligere "
    "versjonene blir stående og kan fortsatt leses.":
        "The minutes have been approved. A correction is saved as a new version with your reason; "
        "the earlier versions remain and can still be read.",
    "Lagre rettelsen som ny versjon": "Save the correction as a new version",
    "Publiser referatet": "Publish the minutes",
    "Publiser": "Publish",
    "Publiser referatet fra %(code)s møte %(number)s?": "Publish the minutes of %(code)s meeting %(number)s?",
    "Referatet er allerede publisert.": "The minutes have already been published.",
    "Bare godkjente referater kan publiseres.": "Only approved minutes can be published.",
    "Tilbake til referatet": "Back to the minutes",
    "Når referatet er publisert, kan alle lese det, også uten å logge inn. Publiseringen kan ikke "
    "trekkes tilbake.": "Once published, the minutes can be read by everyone, also without logging "
                       "in. Publication cannot be withdrawn.",
    "Saker unntatt offentlighet vises bare med offentlig tittel og hjemmel:":
        "Items exempt from public access are shown only with their public title and legal basis:",
    "Ja, publiser referatet": "Yes, publish the minutes",
    "Versjoner av referatet %(code)s møte %(number)s": "Versions of the minutes %(code)s meeting %(number)s",
    "Versjoner": "Versions",
    "Versjoner av referatet fra %(code)s møte %(number)s":
        "Versions of the minutes of %(code)s meeting %(number)s",
    "Status nå: %(status)s": "Status now: %(status)s",
    "Versjon": "Version",
    "Hvorfor": "Why",
    "Når": "When",
    "Hvem": "Who",
    "Versjon %(number)s": "Version %(number)s",
    "Ingen versjoner er lagret ennå. En versjon lagres når referatet sendes til kommentar, "
    "godkjennes eller rettes.": "No versions have been saved yet. A version is saved when the "
                               "minutes are sent for comments, approved or corrected.",
    "Til gjeldende referat": "To the current minutes",
    "%(author)s, %(date)s kl. %(time)s": "%(author)s, %(date)s at %(time)s",
    "Sekretariatets merknad: %(note)s": "Note from the secretariat: %(note)s",
    'Behandlet<span class="visually-hidden"> – kommentar fra %(author)s</span>':
        'Handled<span class="visually-hidden"> – comment from %(author)s</span>',
    "Send kommentaren": "Send the comment",
    "Publisert %(date)s": "Published %(date)s",
    "Medlemmene kan kommentere referatet fram til og med %(date)s.":
        "The members can comment on the minutes until and including %(date)s.",
    "Møtesiden": "The meeting page",
    "Versjoner (%(count)s)": "Versions (%(count)s)",
    "Publiser …": "Publish …",
    "Rett referatet …": "Correct the minutes …",
    "Sekretariatets arbeid med referatet": "The secretariat's work on the minutes",
    "Saker som mangler utfall (%(count)s):": "Items without an outcome (%(count)s):",
    "Send på nytt med ny frist": "Send again with a new deadline",
    "Send til medlemmene for kommentarer": "Send to the members for comments",
    "Medlemmene får e-post med lenke til utkastet.":
        "The members receive an e-mail with a link to the draft.",
    "Godkjenn": "Approve",
    "Ingen senere møte i %(code)s har en sak «Godkjenning av referat» ennå.":
        "No later meeting of %(code)s has an item “Approval of minutes” yet.",
    "Bare ved sirkulasjon.": "Only for approval by circulation.",
    "Et godkjent referat kan ikke endres. Rettelser lagres som en ny versjon med begrunnelse.":
        "Approved minutes cannot be changed. Corrections are saved as a new version with a reason.",
    "Godkjenn referatet": "Approve the minutes",
    "Kommentarer": "Comments",
    "Kommenter sak %(number)s": "Comment on item %(number)s",
    "Kommenter saken": "Comment on the item",
    "Kommentar til sak %(number)s": "Comment on item %(number)s",
    "Kommentar til saken": "Comment on the item",
    "Endre vedtak og drøftinger": "Change the decision and discussion",
    "Avsnitt skilles med en tom linje.": "Separate paragraphs with a blank line.",
    "Kommentarer til hele referatet": "Comments on the minutes as a whole",
    "Kommentar til hele referatet": "Comment on the minutes as a whole",
    "Godkjenn referatet likevel?": "Approve the minutes anyway?",
    "Godkjenn referatet fra %(code)s møte %(number)s likevel?":
        "Approve the minutes of %(code)s meeting %(number)s anyway?",
    "Godkjenning: %(approval)s": "Approval: %(approval)s",
    "Kommentarer som ikke er behandlet": "Comments not yet handled",
    "Hele referatet": "The minutes as a whole",
    "Godkjenn likevel": "Approve anyway",
    "Avbryt og se kommentarene": "Cancel and see the comments",
    "Referat %(code)s møte %(number)s, versjon %(version)s":
        "Minutes %(code)s meeting %(number)s, version %(version)s",
    "Referat fra %(code)s møte %(number)s, versjon %(version)s":
        "Minutes of %(code)s meeting %(number)s, version %(version)s",
    "Versjon %(number)s: %(reason)s (%(date)s kl. %(time)s%(who)s).":
        "Version %(number)s: %(reason)s (%(date)s at %(time)s%(who)s).",
    "Dette er en tidligere versjon; den kan ikke endres.":
        "This is an earlier version; it cannot be changed.",
    "Dette er den siste lagrede versjonen; den kan ikke endres.":
        "This is the latest saved version; it cannot be changed.",
    "Alle versjoner": "All versions",
    "møtte for %(name)s": "attended for %(name)s",
    "Oppmøte": "Attendance",
    "Oppmøtet er ikke registrert.": "Attendance has not been recorded.",
    "Til stede": "Present",
    "Forfall": "Apologies",
    "Varamedlemmer": "Substitutes",
    "Observatører med forfall": "Observers with apologies",
    "Fra sekretariatet": "From the secretariat",
    "Andre til stede": "Others present",
    "Møteleder": "Chair",
    "Referent": "Minute-taker",
    "Sendt videre til %(council)s": "Sent on to %(council)s",
    "Tatt til orientering": "Noted",
    "Vedtak:": "Decision:",
    "Oppfølgingspunkter": "Follow-up actions",
    "ansvarlig: %(owner)s": "responsible: %(owner)s",
    "frist: %(due)s": "due: %(due)s",
}
