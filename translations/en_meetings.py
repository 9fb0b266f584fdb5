"""English texts for the secretariat's meeting pages (templates/meetings, app/meetings), keyed by
the Norwegian msgid. translations/en.py merges them into messages.po with `fill()`.

Texts already in translations/en.py (e.g. "Møtekalender", "Dato", "Innretning", "Forslag til
vedtak", "Saken er trukket.") are not repeated here."""

ENGLISH = {
    # app/meetings/forms.py
    "Fyll ut feltet.": "Fill in this field.",
    "(ingen)": "(none)",
    "Starttid": "Start time",
    "Type møte": "Meeting type",
    "Ordinært møte": "Ordinary meeting",
    "Sted": "Venue",
    "Høyst 300 tegn.": "At most 300 characters.",
    "Videolenke": "Video link",
    "Skriv en gyldig lenke som begynner med https://.": "Enter a valid link beginning with https://.",
    "Hvorfor avlyses møtet?": "Why is the meeting cancelled?",
    "Tittel på ny sak": "Title of the new case",
    "Skriv sakens tittel.": "Enter the title of the case.",
    "Høyst 500 tegn.": "At most 500 characters.",
    "Varighet (minutter)": "Duration (minutes)",
    "Mellom 0 og 1440 minutter.": "Between 0 and 1440 minutes.",
    "Arkivsaksnummer (f.eks. 2022/12)": "Archive case number (e.g. 2022/12)",
    "Skriv arkivsaksnummeret.": "Enter the archive case number.",
    "Pause": "Break",
    "Lunsj": "Lunch",
    "Skriv varigheten i minutter.": "Enter the duration in minutes.",
    "Skriv tittelen.": "Enter the title.",
    "Navn skilt med komma, f.eks. «Lars Erik Antonsen, Marit Hermansen».":
        "Names separated by commas, e.g. “Lars Erik Antonsen, Marit Hermansen”.",
    "Organisasjon som presenterer": "Presenting organisation",
    "Fast starttid": "Fixed start time",
    "La stå tom for å regne tiden ut fra punktene før.":
        "Leave empty to calculate the time from the preceding items.",
    "Underpunkter": "Sub-items",
    "Ett underpunkt per linje.": "One sub-item per line.",
    "Overskrift": "Heading",
    "Egen overskrift": "Custom heading",
    "Brukes når du velger «Annen overskrift».": "Used when you choose “Other heading”.",
    "Form": "Format",
    "Tekst": "Text",
    "Nummererte punkter (ett per linje)": "Numbered points (one per line)",
    "Deler (linje som begynner med «# » er delens overskrift)":
        "Parts (a line beginning with “# ” is the heading of the part)",
    "Formulering fra biblioteket": "Wording from the library",
    "Utsett til møtet": "Postpone to the meeting on",
    "Flytt til møte": "Move to meeting",
    "Send innkallingen selv om det er advarsler": "Issue the notice despite the warnings",

    # app/meetings/views.py: field names, flash messages, choices, confirmations
    "Organisasjon": "Organisation",
    "Varighet": "Duration",
    "Dagsordenen ble endret av noen andre i samme øyeblikk. Ingenting ble lagret; "
    "se over siden og prøv igjen.": "Someone else changed the agenda at the same moment. Nothing "
                                   "was saved; review the page and try again.",
    "%(code)s %(label)s er opprettet med standardpunktene.":
        "%(code)s %(label)s has been created with the standard items.",
    "Saken «%(title)s» er lagt til (arkivsak %(number)s).":
        "The case “%(title)s” has been added (archive case %(number)s).",
    "Fant ingen sak med arkivsaksnummer %(number)s.": "No case found with archive case number %(number)s.",
    "Sak %(number)s «%(title)s» er lagt til.": "Case %(number)s “%(title)s” has been added.",
    "%(title)s på %(minutes)s minutter er lagt til.": "%(title)s of %(minutes)s minutes has been added.",
    "Endringene er lagret.": "The changes have been saved.",
    "Velg datoen for møtet saken utsettes til (åååå-mm-dd).":
        "Choose the date of the meeting the case is postponed to (yyyy-mm-dd).",
    "Saken er utsatt til møtet %(date)s.": "The case has been postponed to the meeting on %(date)s.",
    "Saken står på dagsordenen igjen.": "The case is back on the agenda.",
    "Velg møtet punktet skal flyttes til.": "Choose the meeting the item is to be moved to.",
    "«%(title)s» er flyttet til %(label)s.": "“%(title)s” has been moved to %(label)s.",
    "Trekk saken": "Withdraw the case",
    "Saken blir stående på dagsordenen som trukket, uten tid. "
    "Møtesaksnummeret blir ikke brukt på nytt.": "The case stays on the agenda as withdrawn, without "
                                                "a time. The meeting case number is not reused.",
    "Fjern punktet": "Remove the item",
    "Punktet tas helt bort fra dagsordenen. Saken blir liggende i saksregisteret.":
        "The item is removed from the agenda entirely. The case remains in the case register.",
    "Punktet er fjernet fra dagsordenen.": "The item has been removed from the agenda.",
    "Annen overskrift": "Other heading",
    "Velg en formulering …": "Choose a wording …",
    "Velg en formulering fra listen.": "Choose a wording from the list.",
    "Skriv overskriften, eller velg en av de faste.": "Enter the heading, or choose one of the standard ones.",
    "Forslaget til vedtak er lagret.": "The proposed decision has been saved.",
    "Innkallingen til %(code)s %(label)s er registrert. Sakene har fått møtesaksnummer.":
        "The notice for %(code)s %(label)s has been registered. The cases have been given meeting "
        "case numbers.",
    "%(label)s er endret.": "%(label)s has been changed.",
    "%(label)s er avlyst. Møtenummeret brukes ikke på nytt.":
        "%(label)s has been cancelled. The meeting number is not reused.",

    # templates/meetings
    "Lagre endringene": "Save the changes",
    "Avbryt": "Cancel",
    "Handlinger": "Actions",
    "Dagsorden %(code)s %(label)s": "Agenda %(code)s %(label)s",
    "Dagsorden for %(code)s %(label)s": "Agenda for %(code)s %(label)s",
    "%(date)s kl. %(time)s": "%(date)s at %(time)s",
    "Møtet er avlyst: %(reason)s": "The meeting is cancelled: %(reason)s",
    "Se dagsordenen slik deltakerne ser den": "See the agenda as the participants see it",
    "Endre dato, tid eller sted": "Change date, time or venue",
    "Avlys møtet": "Cancel the meeting",
    "Dagsorden. Flytt punkter med knappene «Opp» og «Ned», eller dra radene.":
        "Agenda. Move items with the “Up” and “Down” buttons, or drag the rows.",
    "Mangler forslag til vedtak": "No proposed decision yet",
    'Forslag til vedtak<span class="visually-hidden"> for %(title)s</span>':
        'Proposed decision<span class="visually-hidden"> for %(title)s</span>',
    "%(minutes)s min": "%(minutes)s min",
    "(fast)": "(fixed)",
    'Opp<span class="visually-hidden"> – flytt «%(title)s» opp</span>':
        'Up<span class="visually-hidden"> – move “%(title)s” up</span>',
    'Ned<span class="visually-hidden"> – flytt «%(title)s» ned</span>':
        'Down<span class="visually-hidden"> – move “%(title)s” down</span>',
    "Legg til på dagsordenen": "Add to the agenda",
    "Ny sak": "New case",
    "Legg til sak": "Add case",
    "Registrert sak": "Registered case",
    "Legg til registrert sak": "Add registered case",
    "Legg til pause": "Add break",
    "Innkalling": "Notice",
    "Dette må rettes før innkallingen kan sendes:": "This must be corrected before the notice can be issued:",
    "Send innkalling …": "Issue the notice …",
    "Velg utvalg og år": "Choose council and year",
    "Vis": "Show",
    "Nytt møte i %(code)s": "New meeting of %(code)s",
    "Møter i %(code)s %(year)s": "Meetings of %(code)s in %(year)s",
    "(ekstramøte)": "(extraordinary meeting)",
    "Video": "Video",
    "Ingen møter i %(code)s i %(year)s ennå.": "No meetings of %(code)s in %(year)s yet.",
    "Avlys %(code)s %(label)s %(date)s?": "Cancel %(code)s %(label)s on %(date)s?",
    "Møtet blir stående i kalenderen som avlyst, og møtenummeret brukes ikke på nytt.":
        "The meeting stays in the calendar as cancelled, and the meeting number is not reused.",
    "Ikke avlys": "Do not cancel",
    "%(action)s: «%(title)s»?": "%(action)s: “%(title)s”?",
    "Ja, %(action)s": "Yes, %(action)s",
    "Endre møtet": "Change the meeting",
    "Endre %(code)s %(label)s": "Change %(code)s %(label)s",
    "Møtenummeret endres ikke. Datoen kan flyttes innenfor %(year)s.":
        "The meeting number does not change. The date can be moved within %(year)s.",
    "Send innkalling": "Issue the notice",
    "Send innkalling til %(code)s %(label)s": "Issue the notice for %(code)s %(label)s",
    "Innkallingen er allerede sendt, eller møtet er avlyst.":
        "The notice has already been issued, or the meeting is cancelled.",
    "Når innkallingen sendes, får sakene møtesaksnummer i rekkefølgen på dagsordenen, og "
    "dagsordenen lagres slik den ble sendt. Endringer etterpå er lov, men blir merket «oppdatert».":
        "When the notice is issued, the cases are given meeting case numbers in agenda order, and the "
        "agenda is stored as issued. Later changes are allowed, but are marked “updated”.",
    "Dette må rettes først:": "This must be corrected first:",
    "Tilbake til dagsordenen": "Back to the agenda",
    "Send innkallingen": "Issue the notice",
    "Sak %(number)s: %(title)s": "Case %(number)s: %(title)s",
    "Arkivsak %(number)s": "Archive case %(number)s",
    "Lagringen ble stoppet": "Saving was stopped",
    "Felt": "Field",
    "Lagret nå": "Saved now",
    "Det du skrev": "What you wrote",
    "Rediger forslaget til vedtak": "Edit the proposed decision",
    "Skriv forslag til vedtak": "Write the proposed decision",
    "Tidligere versjoner (%(count)s)": "Earlier versions (%(count)s)",
    "Utsett, flytt eller trekk": "Postpone, move or withdraw",
    "Saken er utsatt.": "The case has been postponed.",
    "Sett saken tilbake på dagsordenen": "Put the case back on the agenda",
    "Saken beholder nummeret sitt på dette møtet og får nytt nummer når den settes opp igjen.":
        "The case keeps its number at this meeting and gets a new number when it is scheduled again.",
    "Utsett saken": "Postpone",
    "Flytt til møtet": "Move to the meeting",
    "Trekk saken fra dagsordenen, eller fjern punktet helt.":
        "Withdraw the case from the agenda, or remove the item entirely.",
    "Trekk saken fra dagsordenen.": "Withdraw the case from the agenda.",
    "Trekk saken …": "Withdraw …",
    "Fjern punktet …": "Remove the item …",
    "Fjern pausen …": "Remove the break …",
    "Nytt møte": "New meeting",
    "Møtenummeret («Møte 3/22») settes automatisk: neste ledige nummer i utvalget det året, "
    "ekstramøter medregnet.": "The meeting number (“Møte 3/22”) is set automatically: the next free "
                              "number in the council that year, extraordinary meetings included.",
    "Dagsordenen starter med «Godkjenning av innkalling og dagsorden», «Godkjenning av referat» for "
    "referater som ikke er godkjent, og «Eventuelt».":
        "The agenda starts with “Godkjenning av innkalling og dagsorden” (approval of the notice and "
        "agenda), “Godkjenning av referat” (approval of minutes) for minutes not yet approved, and "
        "“Eventuelt” (any other business).",
    "F.eks. «Direktoratet for e-helse, Oslo». La stå tom for rene videomøter.":
        "E.g. “Direktoratet for e-helse, Oslo”. Leave empty for video-only meetings.",
    "Opprett møtet": "Create the meeting",
    "Forslag til vedtak – %(title)s": "Proposed decision – %(title)s",
    "Forslag til vedtak i sak %(number)s": "Proposed decision in case %(number)s",
    "Sett inn formuleringen": "Insert the wording",
    "Avsnitt skilles med en tom linje. Fyll ut […] der formuleringen har det.":
        "Separate paragraphs with a blank line. Fill in […] where the wording has it.",
    "Lagre forslaget": "Save the proposal",
    "Slik står forslaget nå": "The proposal as it stands",
    "Versjoner – %(title)s": "Versions – %(title)s",
    "Versjoner av forslaget til vedtak i sak %(number)s": "Versions of the proposed decision in case %(number)s",
    "Versjoner av forslaget til vedtak": "Versions of the proposed decision",
    "Versjon %(number)s – %(date)s kl. %(time)s": "Version %(number)s – %(date)s at %(time)s",
    "(gjeldende)": "(current)",
    "Tilbake til forslaget": "Back to the proposal",
    # app/reach_messages.py
    "Ingen e-post ble sendt: ingen i %(code)s har e-postadresse.":
        "No e-mail was sent: nobody in %(code)s has an e-mail address.",
    "Innkallingen er sendt til alle %(count)s medlemmer.":
        "The notice has been sent to all %(count)s members.",
    "Innkallingen er sendt til %(sent)s av %(total)s medlemmer. Uten e-postadresse: %(names)s.":
        "The notice has been sent to %(sent)s of %(total)s members. Without an e-mail address: %(names)s.",
    "Referatet er sendt til alle %(count)s medlemmer.":
        "The minutes have been sent to all %(count)s members.",
    "Referatet er sendt til %(sent)s av %(total)s medlemmer. Uten e-postadresse: %(names)s.":
        "The minutes have been sent to %(sent)s of %(total)s members. Without an e-mail address: %(names)s.",
}
