"""Forms for the meeting day: attendance and the recording page (Norwegian message ids)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.form_fields import NorwegianTimeField, coerce_id
from app.meetings.forms import ITEM_TYPE_CHOICES, choices

NAME_LENGTH = Length(max=200, message=_l("Høyst 200 tegn."))
NAME_LABEL = _l("Navn, hvis personen ikke står i listen")


class RolesForm(FlaskForm):
    """Møteleder and referent; the per-row attendance fields are read from the request."""

    chair = SelectField(_l("Møteleder"), coerce=coerce_id, validators=[Optional()])
    minute_taker = SelectField(_l("Referent"), coerce=coerce_id, validators=[Optional()])


# The person selects are checked by the view (a person id it cannot find counts as none) and the
# rules by the service, whose messages say what is wrong; WTForms' "Not a valid choice" would not.
class SubstituteForm(FlaskForm):
    person = SelectField(_l("Varamedlem"), coerce=coerce_id, validate_choice=False, validators=[Optional()])
    name = StringField(NAME_LABEL, validators=[NAME_LENGTH])
    substitute_for = SelectField(_l("Møtte for"), coerce=coerce_id, validate_choice=False, validators=[
        InputRequired(_l("Velg hvilket medlem varamedlemmet møtte for."))])


class GuestForm(FlaskForm):
    role = SelectField(_l("Rolle"), choices=choices([
        ("observer", _l("Observatør")), ("secretariat", _l("Sekretariatet")),
        ("other", _l("Annen deltaker (presenterer, gjest)"))]), validators=[InputRequired(_l("Velg rolle."))])
    person = SelectField(_l("Person"), coerce=coerce_id, validate_choice=False, validators=[Optional()])
    name = StringField(NAME_LABEL, validators=[NAME_LENGTH])


class AdvanceAbsenceForm(FlaskForm):
    person = SelectField(_l("Medlem eller observatør"), coerce=coerce_id, validate_choice=False,
                         validators=[InputRequired(_l("Velg medlemmet som har meldt forfall."))])
    reason = StringField(_l("Grunn"), validators=[Length(max=500, message=_l("Høyst 500 tegn."))])


class LateItemForm(FlaskForm):
    title = StringField(_l("Tittel på saken"), validators=[
        DataRequired(_l("Skriv tittelen på saken.")), Length(max=500, message=_l("Høyst 500 tegn."))])
    item_type = SelectField(_l("Innretning"), choices=ITEM_TYPE_CHOICES, validators=[Optional()])


class MarkHeldForm(FlaskForm):
    end_time = NorwegianTimeField(_l("Møtet ble avsluttet kl."), validators=[Optional()])
