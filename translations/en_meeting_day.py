"""English texts for the meeting-day pages (templates/meeting_day, app/meeting_day and the links on
templates/meetings/builder.html): attendance and the minute-taker's recording page, keyed by the
Norwegian msgid. translations/en.py merges them into messages.po with `fill()`.

Texts already in translations/en.py, en_meetings.py or en_registry.py are not repeated here."""

ENGLISH = {
    # app/meeting_day/views.py
    "Vedtak fattet": "Decision made",
    "Tatt til orientering": "Taken for information",
    "Utsatt til møte …": "Postponed to meeting …",
    "Sendt videre til utvalg …": "Sent on to council …",
    "Sekretariatet": "Secretariat",
    "Annen deltaker": "Other participant",
    "Punktet ble lagret av noen andre i samme øyeblikk. Lagringen din ble ikke gjort; teksten din "
    "står fortsatt i feltene.":
        "Someone else saved the item at the same moment. Your save was not made; your text is "
        "still in the fields.",
    "Punktet er lagret av noen andre etter at du åpnet siden. Lagringen din ble ikke gjort; teksten "
    "din står fortsatt i feltene. Se hva som er lagret nå, og velg hvilken tekst som skal gjelde.":
        "Someone else saved the item after you opened the page. Your save was not made; your text "
        "is still in the fields. See what is saved now and choose which text applies.",
    "Møtet er avlyst; det har ikke oppmøte eller protokoll.":
        "The meeting is cancelled; it has no attendance or record.",
    "Andre personer": "Other people",
    "På oppmøtelisten": "On the attendance list",
    "(ikke valgt)": "(not chosen)",
    "Varamedlemmer i %(code)s": "Substitutes in %(code)s",
    "(velg person)": "(choose a person)",
    "(velg medlem med forfall)": "(choose an absent member)",
    "Sekretariatet i %(code)s": "Secretariat of %(code)s",
    "(velg medlem)": "(choose a member)",
    "Oppmøtet er lagret.": "The attendance has been saved.",
    "Velg møteleder og referent fra listene.": "Choose the chair and the minute-taker from the lists.",
    "Skjemaet kunne ikke leses; prøv igjen.": "The form could not be read; please try again.",
    "Velg hvilket medlem varamedlemmet møtte for.":
        "Choose the member the substitute attended for.",
    "%(name)s er registrert som varamedlem for %(member)s.":
        "%(name)s is registered as substitute for %(member)s.",
    "%(name)s er lagt til som %(role)s.": "%(name)s has been added as %(role)s.",
    "%(name)s er tatt bort fra oppmøtelisten.": "%(name)s has been removed from the attendance list.",
    "Velg medlemmet som har meldt forfall.": "Choose the member who has sent apologies.",
    "Forfall er registrert for %(name)s.": "Apologies registered for %(name)s.",
    "Møtet kan føres først når innkallingen er sendt.":
        "The meeting can be recorded once the notice has been issued.",
    "Velg møtet saken utsettes til fra listen.":
        "Choose the meeting the case is postponed to from the list.",
    "Velg utvalget saken sendes videre til fra listen.":
        "Choose the council the case is sent on to from the list.",
    "Lagret kl. %(time)s": "Saved at %(time)s",
    "«%(title)s» er lagret kl. %(time)s.": "“%(title)s” was saved at %(time)s.",
    "Økten er utløpt. Last siden på nytt; teksten din er tatt vare på i nettleseren.":
        "Your session has expired. Reload the page; your text has been kept in the browser.",
    "Sak %(number)s «%(title)s» er lagt til under Eventuelt.":
        "Case %(number)s “%(title)s” has been added under Any other business.",
    "%(code)s %(label)s er markert som avholdt. Referatet er påbegynt som utkast.":
        "%(code)s %(label)s is marked as held. The minutes have been started as a draft.",
    "Bare et møte med sendt innkalling kan markeres som avholdt.":
        "Only a meeting whose notice has been issued can be marked as held.",
    # app/meeting_day/forms.py
    "Høyst 200 tegn.": "At most 200 characters.",
    "Navn, hvis personen ikke står i listen": "Name, if the person is not in the list",
    "Møteleder": "Chair",
    "Referent": "Minute-taker",
    "Møtte for": "Attended for",
    "Annen deltaker (presenterer, gjest)": "Other participant (presenter, guest)",
    "Velg rolle.": "Choose a role.",
    "Medlem eller observatør": "Member or observer",
    "Grunn": "Reason",
    "Tittel på saken": "Title of the case",
    "Skriv tittelen på saken.": "Enter the title of the case.",
    # templates/meetings/builder.html and templates/meeting_day/_nav.html
    "Oppmøte": "Attendance",
    "Føre møtet": "Record the meeting",
    "Marker som avholdt …": "Mark as held …",
    "Møtets sider": "The meeting's pages",
    "Referat": "Minutes",
    # templates/meeting_day/mark_held.html
    "Marker møtet som avholdt": "Mark the meeting as held",
    "Marker %(code)s %(label)s som avholdt?": "Mark %(code)s %(label)s as held?",
    "Dagsordenen blir endelig, og referatet påbegynnes som utkast. Du kan fortsatt føre vedtak og "
    "drøftinger til referatet sendes ut.":
        "The agenda becomes final and the minutes are started as a draft. You can still record "
        "decisions and discussions until the minutes are sent out.",
    "Disse sakene har ikke fått utfall ennå:": "These cases have no outcome yet:",
    "Ja, marker som avholdt": "Yes, mark as held",
    # templates/meeting_day/recording.html
    "Føre møtet %(code)s %(label)s": "Record the meeting %(code)s %(label)s",
    "Referatet er godkjent og kan ikke endres. Bruk «Rett referatet» og skriv hvorfor; den "
    "godkjente versjonen blir stående og kan fortsatt leses.":
        "The minutes are approved and cannot be changed. Use “Correct the minutes” and say why; "
        "the approved version is kept and can still be read.",
    "Det du skriver, lagres når du går ut av et felt og ellers hvert 20. sekund. Uten nett blir "
    "teksten liggende i feltene og i nettleseren, og lagres når nettet er tilbake. Knappen «Lagre» "
    "lagrer punktet med en gang.":
        "What you write is saved when you leave a field, and otherwise every 20 seconds. Without "
        "a network the text stays in the fields and in the browser, and is saved when the network "
        "is back. The “Save” button saves the item at once.",
    "Saker som mangler utfall: %(num)s.": "Cases without an outcome: %(num)s.",
    "Marker møtet som avholdt …": "Mark the meeting as held …",
    "Lagrer …": "Saving …",
    "Ikke lagret – prøver igjen": "Not saved – trying again",
    "Ikke lagret": "Not saved",
    "Gjenopprettet tekst som ikke var lagret": "Restored text that had not been saved",
    "Gjenopprettet tekst som ikke var lagret. Punktet er lagret av noen andre siden; velg hvilken "
    "tekst som skal gjelde.":
        "Restored text that had not been saved. Someone else has saved the item since; choose "
        "which text applies.",
    "Vedtak lagret nå:": "Decision saved now:",
    "Drøftinger lagret nå:": "Discussion saved now:",
    "(tomt)": "(empty)",
    "Lagre min tekst": "Save my text",
    "Bruk teksten som er lagret": "Use the saved text",
    "Ingen endringer å lagre": "No changes to save",
    "Ikke lagret ennå: velg møte eller utvalg for utfallet":
        "Not saved yet: choose the meeting or council for the outcome",
    "Utsatt til %(date)s": "Postponed to %(date)s",
    "Sendt videre til %(code)s": "Sent on to %(code)s",
    "Vedtak": "Decision",
    "Ett nummerert punkt per linje.": "One numbered point per line.",
    "En linje som begynner med «# » er overskriften på en del.":
        "A line beginning with “# ” is the heading of a part.",
    "Drøftinger/merknader": "Discussion/remarks",
    "Utfall": "Outcome",
    "(ikke ført ennå)": "(not recorded yet)",
    "Utsatt til møte": "Postponed to meeting",
    "(velg møte, eller skriv dato)": "(choose a meeting, or enter a date)",
    "… eller møtedato": "… or meeting date",
    "Sendt videre til utvalg": "Sent on to council",
    "(velg utvalg)": "(choose a council)",
    "Trykk «Lagre» for å lagre teksten din over den som er lagret nå.":
        "Press “Save” to save your text over the one saved now.",
    'Lagre<span class="visually-hidden"> %(title)s</span>': 'Save<span class="visually-hidden"> %(title)s</span>',
    "Oppfølgingspunkter": "Follow-up actions",
    "frist %(due)s": "due %(due)s",
    'Nytt oppfølgingspunkt<span class="visually-hidden"> for %(title)s</span>':
        'New follow-up action<span class="visually-hidden"> for %(title)s</span>',
    "Ny sak under Eventuelt": "New case under Any other business",
    # templates/meeting_day/attendance.html
    "Oppmøte %(code)s %(label)s": "Attendance %(code)s %(label)s",
    "Møtet er ikke holdt ennå. Registrer forfall etter hvert som det meldes; på møtedagen står "
    "medlemmene som har meldt forfall, allerede med forfall.":
        "The meeting has not been held yet. Register apologies as they come in; on the day, the "
        "members who sent apologies are already marked absent.",
    "Til stede: %(present)s medlemmer, %(substitutes)s varamedlemmer, %(observers)s observatører. "
    "Forfall: %(absent)s.":
        "Present: %(present)s members, %(substitutes)s substitutes, %(observers)s observers. "
        "Apologies: %(absent)s.",
    "Medlemmer og observatører: til stede eller forfall": "Members and observers: present or absent",
    "Grunn for forfall": "Reason for absence",
    "Oppmøte for %(name)s": "Attendance of %(name)s",
    "Til stede": "Present",
    "Forfall": "Absent",
    "meldt på forhånd": "reported in advance",
    "Grunn for forfall for %(name)s": "Reason for absence of %(name)s",
    "Utvalget har ingen medlemmer registrert på møtedagen.":
        "The council has no members registered on the day of the meeting.",
    "Lagre oppmøte": "Save attendance",
    "Varamedlemmer, sekretariatet og andre deltakere": "Substitutes, secretariat and other participants",
    "møtte for %(name)s": "attended for %(name)s",
    'Fjern<span class="visually-hidden"> %(name)s</span> …': 'Remove<span class="visually-hidden"> %(name)s</span> …',
    "Ingen varamedlemmer eller andre deltakere er registrert.":
        "No substitutes or other participants are registered.",
    "Legg til deltaker": "Add participant",
    "Medlemmer med forfall.": "Members who are absent.",
    "Legg til varamedlem": "Add substitute",
    "Et varamedlem møter for et medlem med forfall. Registrer forfallet i listen over og lagre, så "
    "kan du legge til varamedlemmet.":
        "A substitute attends for an absent member. Mark the member absent in the list above and "
        "save; then you can add the substitute.",
    "Observatør, sekretariatet eller annen deltaker": "Observer, secretariat or other participant",
    "Forfall meldt på forhånd": "Apologies sent in advance",
    "Registrer forfall": "Register apologies",
    # templates/meeting_day/remove_attendee.html
    "Fjern %(name)s fra oppmøtelisten": "Remove %(name)s from the attendance list",
    "Fjerne %(name)s fra oppmøtelisten?": "Remove %(name)s from the attendance list?",
    "%(name)s står på listen som %(role)s. Fjern bare personen hvis hen ikke var til stede på møtet.":
        "%(name)s is on the list as %(role)s. Only remove the person if they were not at the meeting.",
    "Ja, fjern fra listen": "Yes, remove from the list",
    # attendance: filling in the list
    "%(count)s medlemmer og observatører er lagt til på oppmøtelisten.":
        "%(count)s members and observers have been added to the attendance list.",
    "%(count)s medlemmer og observatører i %(code)s står ikke på oppmøtelisten: %(names)s.":
        "%(count)s members and observers of %(code)s are not on the attendance list: %(names)s.",
    "Fyll ut fra medlemslisten":
        "Fill in from the list of members",
}
