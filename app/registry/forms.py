"""Forms for councils, organisations, people and memberships.

The forms check what a single field can tell (required, length, dates); the rules that need the
database (unique names, valid formats, overlapping seats) are in app/services/registry/councils.py, whose
FieldError the views put next to the field it names.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.form_fields import parse_id
from app.models import MembershipRole
from app.services import ServiceError
from app.services.registry.councils import check_format

ROLE_LABELS = {
    MembershipRole.LEADER: _l("Leder"),
    MembershipRole.DEPUTY_LEADER: _l("Nestleder"),
    MembershipRole.MEMBER: _l("Medlem"),
    MembershipRole.SUBSTITUTE: _l("Varamedlem"),
    MembershipRole.OBSERVER: _l("Observatør"),
    MembershipRole.SECRETARIAT: _l("Sekretariat"),
}


def optional_id(value):
    """Select values: '' means none chosen."""
    if value in (None, "", "None"):
        return None
    number = parse_id(value)
    if number is None:
        raise ValueError(_l("Ugyldig valg."))
    return number


class NorwegianDateField(DateField):
    """A date input (the browser's date picker) that also takes "19.05.2022" typed by hand, with
    its error in Norwegian."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y"],
                         invalid_value_message=_l("Skriv en gyldig dato, for eksempel 19.05.2022."),
                         **kwargs)


class IdSelectField(SelectField):
    """A select of database rows by id, with an empty first choice."""

    def __init__(self, label=None, validators=None, empty_label=None, **kwargs):
        super().__init__(label, validators, coerce=optional_id, **kwargs)
        self.empty_label = empty_label if empty_label is not None else _l("Ingen")

    def set_rows(self, rows, label=lambda row: row.name):
        self.choices = [SelectChoice("", self.empty_label)] + [
            SelectChoice(row.id, label(row)) for row in rows]
        self.ids = {row.id for row in rows}

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Velg fra listen.")) from None

    def pre_validate(self, form):
        if self.process_errors:
            return
        if self.data is not None and self.data not in self.ids:
            raise ValidationError(_l("Velg fra listen."))


def _after_from(form, field):
    if field.data and form.active_from.data and field.data < form.active_from.data:
        raise ValidationError(_l("Sluttdatoen kan ikke være før startdatoen."))


class CouncilForm(FlaskForm):
    code = StringField(_l("Kode"), validators=[
        DataRequired(_l("Skriv en kode for utvalget, for eksempel NUIT.")),
        Length(max=10, message=_l("Høyst %(max)s tegn.", max=10))])
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv navnet på utvalget.")),
                                               Length(max=200, message=_l("Høyst %(max)s tegn.", max=200))])
    description = TextAreaField(_l("Mandat og beskrivelse"), validators=[Optional()])
    case_number_format = StringField(
        _l("Format for møtesaksnummer"),
        validators=[DataRequired(_l("Skriv et saksnummerformat, for eksempel {seq}/{yy}.")),
                    Length(max=40, message=_l("Høyst %(max)s tegn.", max=40))],
        default="{seq}/{yy}")
    active_from = NorwegianDateField(_l("Aktiv fra"), validators=[Optional()])
    active_to = NorwegianDateField(_l("Aktiv til"), validators=[Optional(), _after_from])
    secretariat = IdSelectField(_l("Sekretariat"), empty_label=_l("Ingen valgt"))

    def validate_case_number_format(self, field):
        """Told at once, with the other fields' errors; the service checks again on save."""
        try:
            check_format(field.data)
        except ServiceError as exc:
            raise ValidationError(str(exc)) from None


class CouncilEditForm(CouncilForm):
    """The code is fixed once a council is created."""

    code = None


class OrganisationForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv navnet på organisasjonen.")),
                                               Length(max=200, message=_l("Høyst %(max)s tegn.", max=200))])
    short_name = StringField(_l("Kortnavn"), validators=[
        Optional(), Length(max=50, message=_l("Høyst %(max)s tegn.", max=50))])


class PersonForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv navnet på personen.")),
                                               Length(max=200, message=_l("Høyst %(max)s tegn.", max=200))])
    title = StringField(_l("Tittel"), validators=[
        Optional(), Length(max=200, message=_l("Høyst %(max)s tegn.", max=200))])
    organisation = IdSelectField(_l("Organisasjon"), empty_label=_l("Ingen valgt"))
    email = StringField(_l("E-post"), validators=[
        Optional(), Length(max=254, message=_l("Høyst %(max)s tegn.", max=254))])


class MembershipForm(FlaskForm):
    person = IdSelectField(_l("Person"), validators=[DataRequired(_l("Velg en person."))],
                           empty_label=_l("Velg person"))
    role = SelectField(_l("Rolle"), choices=[SelectChoice(v, label) for v, label in ROLE_LABELS.items()], default=MembershipRole.MEMBER,
                       validate_choice=False)
    organisation = IdSelectField(_l("Representerer (organisasjon)"),
                                 empty_label=_l("Personens egen organisasjon"))
    valid_from = NorwegianDateField(_l("Fra dato"), validators=[
        InputRequired(_l("Skriv datoen medlemskapet gjelder fra."))], default=date.today)

    def validate_role(self, field):
        if field.data not in ROLE_LABELS:
            raise ValidationError(_l("Velg en rolle fra listen."))


class EndMembershipForm(FlaskForm):
    valid_to = NorwegianDateField(_l("Siste dag i vervet"), validators=[
        InputRequired(_l("Skriv datoen medlemskapet slutter."))], default=date.today)
    confirm = BooleanField(_l("Jeg bekrefter at medlemskapet skal avsluttes"),
                           validators=[DataRequired(_l("Kryss av for å bekrefte."))])
