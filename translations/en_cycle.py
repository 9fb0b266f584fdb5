"""English texts for the case queue, the case chain and the papers-updated notice (issue 4's
shared parts), keyed by the Norwegian msgid. translations/en.py merges them."""

ENGLISH = {
    "Varsel om oppdaterte sakspapirer er lagt i utboksen til %(num)s mottakere.":
        "A notice of updated papers has been put in the outbox for %(num)s recipients.",
    "Venter på behandling i %(code)s": "Waiting to be treated in %(code)s",
    "Saker som venter på behandling": "Cases waiting to be treated",
    "Varsle medlemmene på e-post": "Notify the members by e-mail",
}
