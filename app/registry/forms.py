"""Forms for councils, organisations, people and memberships.

The forms check what a single field can tell (required, length, dates); the rules that need the
database (unique names, valid formats, overlapping seats) are in app/services/councils.py, whose
FieldError the views put next to the field it names.
"""
from datetime import date

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

from app.models import MembershipRole
from app.services import ServiceError
from app.services.councils import check_format

ROLE_LABELS = {
    MembershipRole.LEADER: "Leder",
    MembershipRole.DEPUTY_LEADER: "Nestleder",
    MembershipRole.MEMBER: "Medlem",
    MembershipRole.SUBSTITUTE: "Varamedlem",
    MembershipRole.OBSERVER: "Observatør",
    MembershipRole.SECRETARIAT: "Sekretariat",
}


def optional_id(value):
    """Select values: '' means none chosen."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError("Ugyldig valg.") from None


class NorwegianDateField(DateField):
    """A date input (the browser's date picker) that also takes "19.05.2022" typed by hand, with
    its error in Norwegian."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y"],
                         invalid_value_message="Skriv en gyldig dato, for eksempel 19.05.2022.",
                         **kwargs)


class IdSelectField(SelectField):
    """A select of database rows by id, with an empty first choice."""

    def __init__(self, label=None, validators=None, empty_label="Ingen", **kwargs):
        super().__init__(label, validators, coerce=optional_id, **kwargs)
        self.empty_label = empty_label

    def set_rows(self, rows, label=lambda row: row.name):
        self.choices = [SelectChoice("", self.empty_label)] + [
            SelectChoice(row.id, label(row)) for row in rows]
        self.ids = {row.id for row in rows}

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Velg fra listen.") from None

    def pre_validate(self, form):
        if self.process_errors:
            return
        if self.data is not None and self.data not in self.ids:
            raise ValidationError("Velg fra listen.")


def _after_from(form, field):
    if field.data and form.active_from.data and field.data < form.active_from.data:
        raise ValidationError("Sluttdatoen kan ikke være før startdatoen.")


class CouncilForm(FlaskForm):
    code = StringField("Kode", validators=[DataRequired("Skriv en kode for utvalget, for eksempel NUIT."),
                                           Length(max=10, message="Høyst 10 tegn.")])
    name = StringField("Navn", validators=[DataRequired("Skriv navnet på utvalget."),
                                           Length(max=200, message="Høyst 200 tegn.")])
    description = TextAreaField("Mandat og beskrivelse", validators=[Optional()])
    case_number_format = StringField(
        "Format for møtesaksnummer",
        validators=[DataRequired("Skriv et saksnummerformat, for eksempel {seq}/{yy}."),
                    Length(max=40, message="Høyst 40 tegn.")],
        default="{seq}/{yy}")
    active_from = NorwegianDateField("Aktiv fra", validators=[Optional()])
    active_to = NorwegianDateField("Aktiv til", validators=[Optional(), _after_from])
    secretariat = IdSelectField("Sekretariat", empty_label="Ingen valgt")

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
    name = StringField("Navn", validators=[DataRequired("Skriv navnet på organisasjonen."),
                                           Length(max=200, message="Høyst 200 tegn.")])
    short_name = StringField("Kortnavn", validators=[Optional(),
                                                     Length(max=50, message="Høyst 50 tegn.")])


class PersonForm(FlaskForm):
    name = StringField("Navn", validators=[DataRequired("Skriv navnet på personen."),
                                           Length(max=200, message="Høyst 200 tegn.")])
    title = StringField("Tittel", validators=[Optional(), Length(max=200, message="Høyst 200 tegn.")])
    organisation = IdSelectField("Organisasjon", empty_label="Ingen valgt")
    email = StringField("E-post", validators=[Optional(), Length(max=254, message="Høyst 254 tegn.")])


class MembershipForm(FlaskForm):
    person = IdSelectField("Person", validators=[DataRequired("Velg en person.")],
                           empty_label="Velg person")
    role = SelectField("Rolle", choices=[SelectChoice(v, label) for v, label in ROLE_LABELS.items()], default=MembershipRole.MEMBER,
                       validate_choice=False)
    organisation = IdSelectField("Representerer (organisasjon)", empty_label="Personens egen organisasjon")
    valid_from = NorwegianDateField("Fra dato", validators=[
        InputRequired("Skriv datoen medlemskapet gjelder fra.")], default=date.today)

    def validate_role(self, field):
        if field.data not in ROLE_LABELS:
            raise ValidationError("Velg en rolle fra listen.")


class EndMembershipForm(FlaskForm):
    valid_to = NorwegianDateField("Siste dag i vervet", validators=[
        InputRequired("Skriv datoen medlemskapet slutter.")], default=date.today)
    confirm = BooleanField("Jeg bekrefter at medlemskapet skal avsluttes",
                           validators=[DataRequired("Kryss av for å bekrefte.")])
