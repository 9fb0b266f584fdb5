"""The phrase library for decision proposals, by item type (DOMAIN.md §6), with the council filled in.

Placeholders the secretary must complete are written as […]."""
from datetime import date

from app.models import AgendaItem, ItemType

HIGHER_BODY_FROM_2023 = "Nasjonalt e-helseråd"
HIGHER_BODY_BEFORE_2023 = "Nasjonalt e-helsestyre"

PHRASES = {
    ItemType.APPROVAL: [
        "{C} godkjenner innkalling og dagsorden.",
        "{C} godkjenner referatet fra {C} […].",
    ],
    ItemType.INFORMATION: [
        "{C} tar saken til orientering.",
        "{C} tar sakene til orientering.",
    ],
    ItemType.DISCUSSION: [
        "{C} drøfter saken og ber {aktør} ta med seg drøftingsinnspillene i det videre arbeidet.",
        "{C} drøfter […]. Innspill tas med i videre bearbeiding av saken som skal behandles i {høyere}.",
    ],
    ItemType.RECOMMENDATION: [
        "{C} anbefaler […].",
        "{C} slutter seg til anbefalingene fra […].",
    ],
    ItemType.DECISION: [
        "{C} beslutter […].",
    ],
}
RETURN_PHRASE = "… og ber om at saken igjen fremmes for {C} når […]."
HEADINGS = ["Forslag til vedtak", "Forslag til vedtak - oppdatert", "Vedtak til drøfting i {C}"]


def higher_body(day: date) -> str:
    return HIGHER_BODY_FROM_2023 if day.year >= 2023 else HIGHER_BODY_BEFORE_2023


def phrases_for(item: AgendaItem) -> list[str]:
    council = item.meeting.council
    actor = item.presenting_organisation.name if item.presenting_organisation else "[…]"
    templates = PHRASES.get(item.item_type, [p for group in PHRASES.values() for p in group])
    return [t.format(C=council.code, aktør=actor, høyere=higher_body(item.meeting.date))
            for t in [*templates, RETURN_PHRASE]]


def headings_for(item: AgendaItem) -> list[str]:
    return [h.format(C=item.meeting.council.code) for h in HEADINGS]
