"""English texts for the generated papers (app/papers, templates/papers) and the admin pages for
the councils' Word templates (app/admin/views.py, templates/admin/_nav.html,
paper_templates.html, council_paper_templates.html), keyed by the Norwegian msgid.
translations/en.py merges them into messages.po with `fill()`.

Texts already in translations/en.py or another en_*.py (e.g. "Innkalling", "Referat", "Utboks",
"Versjon", "Status", "Handling", "Filen er for stor") are not repeated here. The papers themselves
and the service layer's messages are Norwegian only."""

ENGLISH = {
    # app/papers/views.py
    "Samlet saksdokument": "Meeting book",
    "full versjon": "full version",
    "offentlig versjon": "public version",
    "Samlet saksdokument (PDF)": "Meeting book (PDF)",
    "Offentlig referat (%(format)s)": "Public minutes (%(format)s)",
    "Offentlig innkalling (%(format)s)": "Public notice (%(format)s)",
    "Last ned referat (%(format)s)": "Download minutes (%(format)s)",
    "Last ned innkalling (%(format)s)": "Download notice (%(format)s)",
    "%(kind)s, %(variant)s, %(format)s": "%(kind)s, %(variant)s, %(format)s",
    "kommandolinjen eller en leser uten innlogging": "the command line or a reader not logged in",
    "Dokumentet kunne ikke lagres. Prøv igjen.": "The document could not be saved. Try again.",
    # templates/papers/_panel.html
    "Referatet som dokument": "The minutes as a document",
    "Innkallingen som dokument": "The notice as a document",
    "Hver nedlasting lagres som en ny versjon med sjekksum (SHA-256), så den nøyaktige filen som "
    "ble sendt, kan finnes igjen.": "Every download is stored as a new version with a checksum "
                                    "(SHA-256), so the exact file that was sent can be found again.",
    "Den offentlige versjonen har ikke med innhold som er unntatt offentlighet.":
        "The public version leaves out content exempt from public access.",
    "Tidligere versjoner, nyeste først": "Earlier versions, newest first",
    "Dokument": "Document",
    "Laget av": "Made by",
    "Tidspunkt": "Time",
    "SHA-256": "SHA-256",
    "Last ned": "Download",
    "versjon %(number)s": "version %(number)s",
    # app/admin/views.py
    "Velg en Word-fil (.docx) å laste opp.": "Choose a Word file (.docx) to upload.",
    "Malen «%(name)s» er lastet opp og brukes nå for %(kind)s i %(code)s.":
        "The template “%(name)s” is uploaded and is now used for the %(kind)s of %(code)s.",
    "Malen «%(name)s» brukes nå for %(kind)s i %(code)s.":
        "The template “%(name)s” is now used for the %(kind)s of %(code)s.",
    "Standardmalen brukes nå for %(kind)s i %(code)s.":
        "The built-in template is now used for the %(kind)s of %(code)s.",
    # templates/admin/*.html
    "Administrasjon": "Administration",
    "Dokumentmaler": "Document templates",
    "Dokumentmaler for innkalling og referat": "Document templates for notices and minutes",
    "Innkallinger og referater lages fra Word-maler. Last ned standardmalen, endre skrift, logo, "
    "marger og faste tekster i Word, og last den opp for et utvalg. Malen prøves før den tas i "
    "bruk; en mal som ikke virker, blir avvist, og den forrige brukes videre.":
        "Notices and minutes are made from Word templates. Download the built-in template, change "
        "fonts, logo, margins and fixed texts in Word, and upload it for a council. The template is "
        "tried before it is used; a template that does not work is refused, and the previous one "
        "stays in use.",
    "Last ned standardmalen for %(kind)s": "Download the built-in template for %(kind)s",
    "Malen som brukes for hvert utvalg": "The template used for each council",
    "Standardmalen": "Built-in template",
    "Dokumentmaler for %(code)s": "Document templates for %(code)s",
    "Malen gjelder bare dokumentene til %(code)s. Feltene i doble klammeparenteser fylles ut når "
    "dokumentet lages; la dem stå når du endrer utseendet.":
        "The template applies to the documents of %(code)s only. The fields in double curly "
        "brackets are filled in when the document is made; leave them in place when you change "
        "the look.",
    "I bruk: «%(name)s», lastet opp %(when)s.": "In use: “%(name)s”, uploaded %(when)s.",
    "I bruk: standardmalen.": "In use: the built-in template.",
    "Last ned standardmalen": "Download the built-in template",
    "Ny mal for %(kind)s (.docx)": "New template for %(kind)s (.docx)",
    "Word-dokument, høyst %(size)s. Malen prøves med eksempeldata før den tas i bruk.":
        "Word document, at most %(size)s. The template is tried with sample data before it is used.",
    "Last opp og ta i bruk": "Upload and use",
    "Opplastede maler for %(kind)s, nyeste først": "Uploaded templates for %(kind)s, newest first",
    "Lastet opp av": "Uploaded by",
    "I bruk": "In use",
    "Ikke i bruk": "Not in use",
    "Bruk denne": "Use this one",
    "Gå tilbake til standardmalen for %(kind)s": "Go back to the built-in template for %(kind)s",
}
