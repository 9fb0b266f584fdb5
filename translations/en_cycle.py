"""English texts for the case queue, the case chain and the papers-updated notice (issue 4's
shared parts), keyed by the Norwegian msgid. translations/en.py merges them."""

ENGLISH = {
    "Varsel om oppdaterte sakspapirer er lagt i utboksen til %(num)s mottakere.":
        "A notice of updated papers has been put in the outbox for %(num)s recipients.",
    "Venter på behandling i %(code)s": "Waiting to be treated in %(code)s",
    "Saker som venter på behandling": "Cases waiting to be treated",
    "Varsle medlemmene på e-post": "Notify the members by e-mail",
    "Oppfølging": "Follow-up",
    "Oppdaterte sakspapirer": "Updated papers",
    "Referat til kommentar": "Minutes for comments",
    "Referat godkjent": "Minutes approved",
    "Påminnelse: frist snart": "Reminder: due soon",
    "Påminnelse: frist passert": "Reminder: overdue",
    "%(name)s er lagt til på oppmøtelisten (%(role)s).": "%(name)s has been added to the attendance list (%(role)s).",
    "Saken er satt på dagsordenen.": "The case has been put on the agenda.",
    "Behandlingsløp": "Course of treatment",
    "sendt videre til %(code)s": "sent on to %(code)s",
    "møtet %(date)s": "the meeting on %(date)s",
    "Referatet er godkjent og kan ikke endres. Bruk «Rett referatet» på referatsiden og skriv hvorfor; "
    "den godkjente versjonen blir stående og kan fortsatt leses.":
        "The minutes are approved and cannot be changed. Use “Correct the minutes” on the minutes page "
        "and say why; the approved version remains and can still be read.",
    "Medlemmer til stede: %(present)s. Varamedlemmer: %(substitutes)s. Observatører: %(observers)s. "
    "Forfall: %(absent)s.": "Members present: %(present)s. Substitutes: %(substitutes)s. "
                            "Observers: %(observers)s. Absent: %(absent)s.",
    "Dagsordenen blir endelig, og referatet påbegynnes som utkast. Du kan fortsatt føre vedtak og "
    "drøftinger helt til referatet er godkjent.":
        "The agenda becomes final and the minutes are started as a draft. You can still record "
        "decisions and discussions until the minutes are approved.",
    "saksnr. %(number)s": "case file %(number)s",
    "utsatt fra %(code)s %(label)s": "postponed from %(code)s %(label)s",
    "sendt videre fra %(code)s %(label)s": "sent on from %(code)s %(label)s",
    "Sett på dagsordenen": "Put on the agenda",
    "Saker endret etter at innkallingen ble sendt: %(num)s.": "Cases changed after the notice was issued: %(num)s.",
    "Begrunnelsen står i versjonslisten, som alle som kan lese referatet ser. Skriv den uten "
    "opplysninger som er unntatt offentlighet.": "The reason appears in the list of versions, which "
    "everyone who can read the minutes sees. Write it without information exempt from public access.",
    "Noen andre endret det samme i samme øyeblikk. Ingenting ble lagret; prøv igjen.":
        "Someone else changed the same thing at the same moment. Nothing was saved; please try again.",
}
