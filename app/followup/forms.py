"""Forms of the follow-up pages (Norwegian message ids, translated with Flask-Babel)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.form_fields import DATE_REQUIRED, parse_id
from app.form_fields import NorwegianDateField as DateField
from app.formatting import organisation_name
from app.models import ActionStatus

STATUS_CHOICES = [(ActionStatus.OPEN, _l("Åpen")), (ActionStatus.IN_PROGRESS, _l("Under arbeid")),
                  (ActionStatus.DONE, _l("Utført")), (ActionStatus.CANCELLED, _l("Avbrutt"))]
STATUS_LABELS = dict(STATUS_CHOICES)

# The overview's scope (query value → label); the values are what the links and the form send.
SCOPES = {"alle": _l("Alle"), "mine": _l("Mine"), "organisasjon": _l("Min organisasjon")}
SCOPE_FILTER = {"alle": "all", "mine": "mine", "organisasjon": "my_organisation"}
ORDERS = {"frist": _l("Etter frist"), "utvalg": _l("Etter utvalg")}
ORDER_FILTER = {"frist": "due", "utvalg": "council"}


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def optional_id(value):
    """Select values: "" means none."""
    if value in (None, "", "None"):
        return None
    number = parse_id(value)
    return -1 if number is None else number  # -1: not an option, refused by the field's check


class ChoiceField(SelectField):
    """A select whose value must be one of its options (message in Norwegian)."""

    def pre_validate(self, form) -> None:
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(_l("Velg en verdi fra listen."))


class FilterForm(FlaskForm):
    """The overview's filters, read from the query string (GET; no CSRF token)."""

    class Meta:
        csrf = False

    utvalg = ChoiceField(_l("Utvalg"), default="")
    omfang = ChoiceField(_l("Vis"), default="alle", choices=choices(SCOPES.items()))
    forfalt = BooleanField(_l("Bare forfalte"))
    alle = BooleanField(_l("Vis også utførte og avbrutte"))
    sorter = ChoiceField(_l("Sorter"), default="frist", choices=choices(ORDERS.items()))

    def set_councils(self, councils) -> None:
        self.utvalg.choices = choices([("", _l("Alle utvalg"))] + [
            (c.code, f"{c.code} – {c.name}") for c in councils])


def _choices_of(organisations, people):
    orgs = [("", _l("(ingen)"))] + [(o.id, o.name) for o in organisations]
    persons = [("", _l("(ingen)"))] + [
        (p.id, f"{p.name} ({organisation_name(p.organisation)})" if p.organisation else p.name) for p in people]
    return choices(orgs), choices(persons)


class ActionForm(FlaskForm):
    """A new action (and the secretariat's edit form below)."""

    description = TextAreaField(_l("Beskrivelse"), validators=[
        DataRequired(_l("Beskriv oppfølgingspunktet.")),
        Length(max=5000, message=_l("Høyst 5000 tegn."))])
    organisation = SelectField(_l("Ansvarlig organisasjon"), coerce=optional_id, validate_choice=False)
    person = SelectField(_l("Ansvarlig person"), coerce=optional_id, validate_choice=False)
    due_date = DateField(_l("Frist"), validators=[InputRequired(_l(DATE_REQUIRED))])
    due_label = StringField(_l("Frist som tekst"), validators=[
        Optional(), Length(max=100, message=_l("Høyst 100 tegn."))],
        description=_l("F.eks. «Q4 2022» eller «før jul», vist i stedet for datoen. Datoen brukes "
                       "til påminnelser og til å se om punktet er forfalt."))
    accept_past_due = BooleanField(_l("Fristen er riktig selv om den er passert"))

    def set_choices(self, organisations, people) -> None:
        self.organisation.choices, self.person.choices = _choices_of(organisations, people)
        self._org_ids = {o.id for o in organisations}
        self._person_ids = {p.id for p in people}

    def validate_organisation(self, field) -> None:
        if field.data is not None and field.data not in self._org_ids:
            raise ValidationError(_l("Velg en verdi fra listen."))
        if field.data is None and self.person.data is None:
            raise ValidationError(_l("Velg en ansvarlig organisasjon eller person."))

    def validate_person(self, field) -> None:
        if field.data is not None and field.data not in self._person_ids:
            raise ValidationError(_l("Velg en verdi fra listen."))


class EditActionForm(ActionForm):
    """The secretariat edits every field (status is in the progress form)."""

    accept_past_due = None
    version = HiddenField()
    reported_item = SelectField(_l("Meldt tilbake i"), coerce=optional_id, validate_choice=False,
                                description=_l("Saken i et senere møte i utvalget der "
                                               "oppfølgingen ble meldt tilbake."))

    def set_reported_choices(self, pairs) -> None:
        self.reported_item.choices = choices([("", _l("(ikke meldt tilbake)"))] + list(pairs))
        self._reported_ids = {value for value, _label in pairs}

    def validate_reported_item(self, field) -> None:
        if field.data is not None and field.data not in self._reported_ids:
            raise ValidationError(_l("Velg en verdi fra listen."))


class ProgressForm(FlaskForm):
    """Status and a progress note: the secretariat and the person responsible."""

    version = HiddenField()
    status = ChoiceField(_l("Status"), choices=choices(STATUS_CHOICES),
                         validators=[InputRequired(_l("Velg en status."))])
    note = TextAreaField(_l("Nytt notat om framdriften"), validators=[
        Optional(), Length(max=5000, message=_l("Høyst 5000 tegn."))])
