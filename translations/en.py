"""English texts for translations/en/LC_MESSAGES/messages.po, keyed by the Norwegian msgid.

After `pybabel extract`/`update` (see docs/architecture.md), run `python translations/en.py` to
fill in the .po file."""
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ENGLISH = {
    "Logg inn for å se denne siden.": "Log in to see this page.",
    "Skjemaet kunne ikke sendes": "The form could not be sent",
    "Skjemaet var utløpt eller ufullstendig. Gå tilbake, last siden på nytt og prøv igjen. "
    "Ingenting ble lagret.": "The form had expired or was incomplete. Go back, reload the page and "
                             "try again. Nothing was saved.",
    "Ingen tilgang": "No access",
    "Du har ikke tilgang til denne siden.": "You do not have access to this page.",
    "Fant ikke siden": "Page not found",
    "Siden finnes ikke, eller den er flyttet.": "The page does not exist, or it has moved.",
    "Noe gikk galt": "Something went wrong",
    "En feil oppstod hos oss. Prøv igjen om litt.": "An error occurred on our side. Please try again shortly.",
    "Møtekalender": "Meeting calendar",
    "Saker": "Cases",
    "Utvalg og personer": "Councils and people",
    "E-post": "E-mail",
    "Skriv e-postadressen din.": "Enter your e-mail address.",
    "E-postadressen er for lang.": "The e-mail address is too long.",
    "Passord": "Password",
    "Skriv passordet ditt.": "Enter your password.",
    "Logg inn": "Log in",
    "Feil e-post eller passord.": "Wrong e-mail or password.",
    "Du er logget inn.": "You are logged in.",
    "Du er logget ut.": "You are logged out.",
    "Skjemaet har feil som må rettes": "The form has errors that must be corrected",
    "valgfritt": "optional",
    "Hopp til hovedinnhold": "Skip to main content",
    "Hovedmeny": "Main menu",
    "Utvalg": "Councils",
    "Logg ut": "Log out",
    "Møtebok – møter og saker i den nasjonale rådsmodellen for e-helse":
        "Møtebok – meetings and cases of the national e-health council model",
    "Til forsiden": "To the front page",
    "År": "Year",
    "Møter i %(year)s": "Meetings in %(year)s",
    "Møte": "Meeting",
    "Dato": "Date",
    "Type": "Type",
    "Status": "Status",
    "Ordinært": "Ordinary",
    "Ekstramøte": "Extraordinary meeting",
    "Planlagt": "Planned",
    "Innkalling sendt": "Notice issued",
    "Avholdt": "Held",
    "Avlyst": "Cancelled",
    "Ingen møter registrert i %(year)s.": "No meetings registered in %(year)s.",
    "Navn": "Name",
    "Tittel": "Title",
    "Aktør": "Organisation",
    "Medlemmer og observatører i %(code)s": "Members and observers of %(code)s",
    "Medlemmer i %(code)s": "Members of %(code)s",
    "Observatører": "Observers",
    "Observatør": "Observer",
    "Observatører i %(code)s": "Observers of %(code)s",
    "Sekretariat": "Secretariat",
    "Sekretariatet for %(code)s": "Secretariat of %(code)s",
    "Utvalg i den nasjonale rådsmodellen for e-helse": "Councils of the national e-health council model",
    "Fra": "From",
    "til": "to",
    "Ingen utvalg er registrert ennå.": "No councils are registered yet.",
    "Last inn demodata med": "Load the demo data with",
    "eller importer en fil med": "or import a file with",
    "Møte i %(code)s": "Meeting of %(code)s",
    "kl.": "at",
    "Dagsorden": "Agenda",
    "Sak": "Case",
    "Agenda": "Agenda",
    "Innretning": "Item type",
    "Presenterer saken": "Presented by",
    "Start": "Start",
    "oppdatert": "updated",
    "Unntatt offentlighet, jf. %(basis)s": "Exempt from public access, cf. %(basis)s",
    "Saken er trukket.": "The case has been withdrawn.",
    "Saken er utsatt til møtet %(date)s": "Postponed to the meeting on %(date)s",
    "Forslag til vedtak": "Proposed decision",
    "Rolle": "Role",
    "Skriv datoen som åååå-mm-dd, f.eks. 2022-05-19.": "Write the date as yyyy-mm-dd, e.g. 2022-05-19.",
    "Skriv klokkeslettet som tt:mm, f.eks. 08:30.": "Write the time as hh:mm, e.g. 08:30.",
    "Skriv et helt tall.": "Enter a whole number.",
    "Dagsordenen publiseres når innkallingen er sendt.":
        "The agenda is published when the notice has been issued.",
}


def all_texts() -> dict[str, str]:
    """These texts plus those of the other areas (translations/en_*.py)."""
    import importlib.util

    texts = dict(ENGLISH)
    for name in ("en_meetings", "en_registry", "en_meeting_day", "en_minutes", "en_followup",
                 "en_cycle", "en_papers"):
        path = Path(__file__).parent / f"{name}.py"
        if path.exists():
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            texts.update(module.ENGLISH)
    return texts


def fill(po_path: Path) -> list[str]:
    """Write the English texts into the catalog; returns the msgids still without one."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    texts = all_texts()
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if message.id in texts:
            message.string = texts[message.id]
            message.flags.discard("fuzzy")
        elif not message.string or message.fuzzy:
            # A fuzzy match is pybabel's guess from a similar text: never keep it.
            message.string = ""
            message.flags.discard("fuzzy")
            missing.append(message.id)
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    return missing


if __name__ == "__main__":
    left = fill(Path(__file__).parent / "en" / "LC_MESSAGES" / "messages.po")
    print("untranslated:", left or "none")
