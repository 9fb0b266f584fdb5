"""Forms for the meeting calendar and the agenda builder (Norwegian message ids, translated with
Flask-Babel)."""
from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from app.form_fields import (
    DATE_REQUIRED,
    TIME_FORMAT,
    HiddenIntegerField,
    HiddenJSONField,
    coerce_id,
)
from app.form_fields import NorwegianDateField as DateField
from app.form_fields import NorwegianIntegerField as IntegerField
from app.form_fields import NorwegianTimeField as TimeField
from app.formatting import split_names
from app.models import AgendaItem, ItemKind, ItemType, MeetingKind
from app.services.planning.item_locking import item_values

REQUIRED = _l("Fyll ut feltet.")
ITEM_TYPE_CHOICES = [SelectChoice("", _l("(ingen)"))] + [SelectChoice(t, t) for t in ItemType.values()]


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class MeetingForm(FlaskForm):
    council = SelectField(_l("Utvalg"), coerce=coerce_id, validators=[InputRequired(REQUIRED)])
    date = DateField(_l("Dato"), validators=[InputRequired(_l(DATE_REQUIRED))])
    start = TimeField(_l("Starttid"), validators=[InputRequired(TIME_FORMAT)])
    kind = RadioField(_l("Type møte"), default=MeetingKind.ORDINARY,
                      choices=choices([(MeetingKind.ORDINARY, _l("Ordinært møte")),
                                       (MeetingKind.EXTRAORDINARY, _l("Ekstramøte"))]))
    location = StringField(_l("Sted"), validators=[Optional(), Length(max=300, message=_l("Høyst 300 tegn."))])
    video_url = URLField(_l("Videolenke"), validators=[Optional(), URL(message=_l("Skriv en gyldig lenke som begynner med https://.")),
                                                   Length(max=500)])


class EditMeetingForm(MeetingForm):
    """Date, start, place and kind of an existing meeting; its council and number stay."""

    council = None


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Hvorfor avlyses møtet?"), validators=[DataRequired(REQUIRED), Length(max=5000)])


class NewCaseItemForm(FlaskForm):
    title = StringField(_l("Tittel på ny sak"), validators=[DataRequired(_l("Skriv sakens tittel.")),
                                                        Length(max=500, message=_l("Høyst 500 tegn."))])
    item_type = SelectField(_l("Innretning"), choices=ITEM_TYPE_CHOICES, validators=[Optional()])
    duration = IntegerField(_l("Varighet (minutter)"), default=30,
                            validators=[Optional(), NumberRange(0, 1440, _l("Mellom 0 og 1440 minutter."))])


class ExistingCaseItemForm(FlaskForm):
    file_number = StringField(_l("Arkivsaksnummer (f.eks. 2022/12)"),
                              validators=[DataRequired(_l("Skriv arkivsaksnummeret."))])


class BreakForm(FlaskForm):
    title = SelectField(_l("Pause"), choices=choices([("Pause", _l("Pause")), ("Lunsj", _l("Lunsj"))]))
    duration = IntegerField(_l("Varighet (minutter)"), default=10,
                            validators=[InputRequired(_l("Skriv varigheten i minutter.")),
                                        NumberRange(0, 1440, _l("Mellom 0 og 1440 minutter."))])


class ItemForm(FlaskForm):
    version = HiddenIntegerField()
    original = HiddenJSONField()  # the values as the form was opened, for merging on conflict
    title = StringField(_l("Tittel"), validators=[DataRequired(_l("Skriv tittelen.")),
                                              Length(max=500, message=_l("Høyst 500 tegn."))])
    item_type = SelectField(_l("Innretning"), choices=ITEM_TYPE_CHOICES, validators=[Optional()])
    presenters = StringField(_l("Presenterer saken"),
                             validators=[Length(max=1000)],
                             description=_l("Navn skilt med komma, f.eks. «Lars Erik Antonsen, Marit Hermansen»."))
    organisation = SelectField(_l("Organisasjon som presenterer"), coerce=coerce_id, validators=[Optional()])
    duration = IntegerField(_l("Varighet (minutter)"),
                            validators=[Optional(), NumberRange(0, 1440, _l("Mellom 0 og 1440 minutter."))])
    pinned_start = TimeField(_l("Fast starttid"), validators=[Optional()],
                             description=_l("La stå tom for å regne tiden ut fra punktene før."))
    subitems = TextAreaField(_l("Underpunkter"), description=_l("Ett underpunkt per linje."))
    # Members' input (app/services/proceedings/item_inputs.py checks the deadline)
    input_requested = BooleanField(_l("Be medlemmene om innspill"))
    input_deadline = DateField(_l("Frist for innspill"), validators=[Optional()],
                               description=_l("Påkrevd når du ber om innspill; senest møtedagen."))


class BreakItemForm(FlaskForm):
    version = HiddenIntegerField()
    original = HiddenJSONField()
    title = StringField(_l("Tittel"), validators=[DataRequired(_l("Skriv tittelen.")), Length(max=500)])
    duration = IntegerField(_l("Varighet (minutter)"),
                            validators=[Optional(), NumberRange(0, 1440, _l("Mellom 0 og 1440 minutter."))])
    pinned_start = TimeField(_l("Fast starttid"), validators=[Optional()])


class ProposalForm(FlaskForm):
    revision = HiddenIntegerField()  # how many versions existed when the editor was opened
    heading = SelectField(_l("Overskrift"))
    custom_heading = StringField(_l("Egen overskrift"), validators=[Length(max=200)],
                                 description=_l("Brukes når du velger «Annen overskrift»."))
    kind = RadioField(_l("Form"), default="text", choices=choices([
        ("text", _l("Tekst")), ("points", _l("Nummererte punkter (ett per linje)")),
        ("parts", _l("Deler (linje som begynner med «# » er delens overskrift)"))]))
    body = TextAreaField(_l("Forslag til vedtak"))
    phrase = SelectField(_l("Formulering fra biblioteket"), validators=[Optional()])


class PostponeForm(FlaskForm):
    to_date = DateField(_l("Utsett til møtet"), validators=[InputRequired(_l(DATE_REQUIRED))])


class MoveForm(FlaskForm):
    target = SelectField(_l("Flytt til møte"), coerce=coerce_id)


class IssueForm(FlaskForm):
    accept_warnings = BooleanField(_l("Send innkallingen selv om det er advarsler"))


# --- the item form and an item's stored values -------------------------------------------------

def fill_item_form(form, item: AgendaItem) -> None:
    form.version.data = item.version
    form.original.data = snapshot(item_values(item))
    form.title.data = item.title
    form.duration.data = item.duration_minutes
    form.pinned_start.data = item.pinned_start
    if item.kind == ItemKind.CASE:
        form.item_type.data = item.item_type or ""
        form.presenters.data = ", ".join(p.display_name for p in item.presenters)
        form.organisation.data = item.presenting_organisation_id or 0
        form.subitems.data = "\n".join(item.subitems or [])
        form.input_requested.data = item.input_requested
        form.input_deadline.data = item.input_deadline


def snapshot(values: dict) -> dict:
    """Item values as JSON-friendly data (times as "HH:MM")."""
    return {k: (v.strftime("%H:%M") if isinstance(v, time) else v) for k, v in values.items()}


def show_stored_value(form, field: str, value) -> None:
    """Put a stored value back into the item form (used to take over a colleague's change)."""
    if field == "title":
        form.title.data = value
    elif field == "duration_minutes":
        form.duration.data = value
    elif field == "pinned_start":
        form.pinned_start.data = value
    elif field == "item_type":
        form.item_type.data = value or ""
    elif field == "presenters":
        form.presenters.data = ", ".join(value)
    elif field == "presenting_organisation_id":
        form.organisation.data = value or 0
    elif field == "subitems":
        form.subitems.data = "\n".join(value)


def submitted_item_fields(form, item: AgendaItem) -> dict:
    fields = {"title": form.title.data.strip(), "duration_minutes": form.duration.data,
              "pinned_start": form.pinned_start.data}
    if item.kind == ItemKind.CASE:
        fields.update(item_type=form.item_type.data or None,
                      presenters=split_names(form.presenters.data),
                      presenting_organisation_id=form.organisation.data or None,
                      subitems=[s.strip() for s in (form.subitems.data or "").splitlines() if s.strip()])
    return fields
