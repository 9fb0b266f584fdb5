"""English texts for the follow-up pages (templates/followup, app/followup) and the admin's
outbox (templates/admin, app/admin), keyed by the Norwegian msgid. translations/en.py merges them
into messages.po with `fill()`.

Texts already in translations/en.py or the other en_*.py files are not repeated here."""

ENGLISH = {
    # app/followup/views.py
    "Oppfølgingspunktet ble endret av noen andre i samme øyeblikk. Ingenting ble lagret; last siden "
    "på nytt og prøv igjen.": "The follow-up action was changed by someone else at the same moment. "
                              "Nothing was saved; reload the page and try again.",
    "Oppfølgingspunktet er lagret (frist %(due)s).": "The follow-up action is saved (due %(due)s).",
    "sak %(number)s %(title)s": "item %(number)s %(title)s",
    "Ingenting å lagre: velg en annen status eller skriv et notat.":
        "Nothing to save: choose another status or write a note.",
    "Framdriften er lagret.": "The progress is saved.",
    # app/followup/forms.py
    "Åpen": "Open",
    "Under arbeid": "In progress",
    "Utført": "Done",
    "Avbrutt": "Cancelled",
    "Mine": "Mine",
    "Min organisasjon": "My organisation",
    "Etter frist": "By due date",
    "Etter utvalg": "By council",
    "Bare forfalte": "Overdue only",
    "Vis også utførte og avbrutte": "Also show done and cancelled",
    "Sorter": "Sort",
    "Beskriv oppfølgingspunktet.": "Describe the follow-up action.",
    "Høyst 5000 tegn.": "At most 5000 characters.",
    "Ansvarlig organisasjon": "Responsible organisation",
    "Ansvarlig person": "Responsible person",
    "Frist": "Due",
    "Frist som tekst": "Due date as text",
    "Høyst 100 tegn.": "At most 100 characters.",
    "F.eks. «Q4 2022» eller «før jul», vist i stedet for datoen. Datoen brukes til påminnelser og "
    "til å se om punktet er forfalt.": "E.g. “Q4 2022” or “before Christmas”, shown instead of the "
                                      "date. The date is used for reminders and to tell whether "
                                      "the action is overdue.",
    "Velg en status.": "Choose a status.",
    "Fristen er riktig selv om den er passert": "The due date is right although it has passed",
    "Velg en ansvarlig organisasjon eller person.": "Choose a responsible organisation or person.",
    "Meldt tilbake i": "Reported back in",
    "Saken i et senere møte i utvalget der oppfølgingen ble meldt tilbake.":
        "The item of a later meeting of the council where the action was reported back.",
    "(ikke meldt tilbake)": "(not reported back)",
    "Nytt notat om framdriften": "New progress note",
    # templates/followup
    "Oppfølgingspunkter": "Follow-up actions",
    "Oppfølgingspunkt": "Follow-up action",
    "Oppfølgingspunkter fra vedtak i alle utvalg.": "Follow-up actions from the decisions of every council.",
    "Nye punkter lages fra saken i møtet der vedtaket ble fattet.":
        "New actions are created from the item of the meeting where the decision was made.",
    "Hvilke oppfølgingspunkter": "Which follow-up actions",
    "Brukerkontoen din er ikke knyttet til en person i utvalgsregisteret, så ingen "
    "oppfølgingspunkter står på deg eller organisasjonen din. Kontakt sekretariatet.":
        "Your account is not linked to a person in the council register, so no follow-up actions "
        "are assigned to you or your organisation. Contact the secretariat.",
    "Du er ikke registrert med en organisasjon i utvalgsregisteret.":
        "You are not registered with an organisation in the council register.",
    "Filtrer oppfølgingspunkter": "Filter follow-up actions",
    "Last ned CSV": "Download CSV",
    "Ingen oppfølgingspunkter passer filtrene.": "No follow-up actions match the filters.",
    "Ingen åpne oppfølgingspunkter.": "No open follow-up actions.",
    "1 oppfølgingspunkt.": "1 follow-up action.",
    "%(count)s oppfølgingspunkter.": "%(count)s follow-up actions.",
    "Ansvarlig": "Responsible",
    "Forfalt": "Overdue",
    "sak %(number)s": "item %(number)s",
    "Nytt oppfølgingspunkt": "New follow-up action",
    "Fristen er passert": "The due date has passed",
    "Ingenting er lagret ennå. Kryss av under og lagre igjen hvis fristen skal stå.":
        "Nothing is saved yet. Tick the box below and save again to keep the due date.",
    "Velg organisasjon, person eller begge.": "Choose an organisation, a person or both.",
    "Lagre oppfølgingspunktet": "Save the follow-up action",
    "Tilbake til møtet": "Back to the meeting",
    "Ikke meldt tilbake ennå": "Not reported back yet",
    "Framdrift": "Progress",
    "%(author)s, %(when)s": "%(author)s, %(when)s",
    "ukjent": "unknown",
    "Ingen notater ennå.": "No notes yet.",
    "Lagre framdriften": "Save the progress",
    "Endre oppfølgingspunktet": "Edit the follow-up action",
    "Nytt oppfølgingspunkt fra samme sak": "New follow-up action from the same item",
    "Tilbake til oppfølgingspunktene": "Back to the follow-up actions",
    # app/admin/views.py, templates/admin, templates/base.html
    "Venter": "Waiting",
    "Sendt": "Sent",
    "Feilet": "Failed",
    "Meldingen til %(to)s er lagt i kø for å sendes på nytt.":
        "The message to %(to)s is queued to be sent again.",
    "Utboks": "Outbox",
    "Utboks for e-post": "E-mail outbox",
    "E-post sendes gjennom %(server)s, port %(port)s. Meldinger som ikke kommer fram, prøves på "
    "nytt med økende mellomrom.": "E-mail is sent through %(server)s, port %(port)s. Messages that "
                                 "do not get through are retried at growing intervals.",
    "E-post sendes ikke: MAIL_SERVER er ikke satt; meldingene skrives til loggen.":
        "E-mail is not sent: MAIL_SERVER is not set; the messages are written to the log.",
    "Filtrer på status": "Filter by status",
    "Alle (%(count)s)": "All (%(count)s)",
    "Ingen meldinger med denne statusen.": "No messages with this status.",
    "Utboksen er tom.": "The outbox is empty.",
    "Viser de %(limit)s nyeste av %(total)s meldinger.": "Showing the %(limit)s newest of %(total)s messages.",
    "%(total)s meldinger, nyeste først.": "%(total)s messages, newest first.",
    "Meldinger i utboksen, nyeste først": "Messages in the outbox, newest first",
    "Emne": "Subject",
    "Forsøk": "Attempts",
    "Neste forsøk": "Next attempt",
    "Siste feil": "Last error",
    "Handling": "Action",
    "Lagt i kø %(when)s": "Queued %(when)s",
    "Send på nytt": "Send again",
    "til %(to)s": "to %(to)s",
}
