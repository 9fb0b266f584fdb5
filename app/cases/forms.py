"""Forms of the case register. Every message is shown next to its field (templates/_forms.html)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.formatting import organisation_name
from app.models.case import CASE_FIELDS
from app.models.fields import Field


def _optional_id(value):
    """Select values: "" means none."""
    if value in (None, "", "None"):
        return None
    return int(value)


def declared_text_field(declared: Field, *validators):
    """A form field for a declared text field, with its label and its length limit."""
    if declared.max_length:
        validators += (Length(max=declared.max_length, message=_l(
            declared.too_long_message(), max=declared.max_length, label=_l(declared.label))),)
    field_class = TextAreaField if declared.multiline else StringField
    return field_class(_l(declared.label), validators=list(validators))


def declared_label(declared: Field):
    """A declared field's label, translated where shown (the labels are in messages.po)."""
    label = declared.label
    return _l(label)


class CaseForm(FlaskForm):
    """Every declared text field of a case (CASE_FIELDS) is a field here; those that need more
    than their label and limit are spelled out."""

    title = declared_text_field(CASE_FIELDS["title"], DataRequired(_l("Skriv sakens tittel.")))
    submitted_by_organisation = SelectField(declared_label(CASE_FIELDS["submitted_by_organisation"]),
                                            coerce=_optional_id, validate_choice=True)
    submitted_by_person = SelectField(declared_label(CASE_FIELDS["submitted_by_person"]),
                                      coerce=_optional_id, validate_choice=True)
    exempt = BooleanField(declared_label(CASE_FIELDS["exempt"]))

    def set_choices(self, organisations, people) -> None:
        self.submitted_by_organisation.choices = [("", _l("(ingen)"))] + [
            (o.id, o.name) for o in organisations]
        self.submitted_by_person.choices = [("", _l("(ingen)"))] + [
            (p.id, f"{p.name} ({organisation_name(p.organisation)})" if p.organisation else p.name)
            for p in people]

    def validate_legal_basis(self, field) -> None:
        if self.exempt.data and not (field.data or "").strip():
            raise ValidationError(_l("Skriv hjemmelen for unntaket, f.eks. «offl. § 15 første ledd»."))


for _declared in CASE_FIELDS.texts:
    if _declared.name not in CaseForm.__dict__:
        setattr(CaseForm, _declared.name, declared_text_field(_declared))


class LinkForm(FlaskForm):
    file_number = StringField(_l("Arkivsaksnummer"), validators=[
        DataRequired(_l("Skriv arkivsaksnummeret til saken, f.eks. 2022/123."))])


class DocumentAccessForm(FlaskForm):
    """A document's public access: exempt on its own, with its legal basis (DOMAIN.md §9)."""

    exempt = BooleanField(_l("Unntatt offentlighet"))
    legal_basis = declared_text_field(CASE_FIELDS["legal_basis"])  # the same rule as a case's

    def validate_legal_basis(self, field) -> None:
        if self.exempt.data and not (field.data or "").strip():
            raise ValidationError(_l("Skriv hjemmelen for unntaket, f.eks. «offl. § 15 første ledd»."))


class UploadForm(DocumentAccessForm):
    file = FileField(_l("Fil"), validators=[FileRequired(_l("Velg en fil å laste opp."))])


class ConfirmForm(FlaskForm):
    """Only the CSRF token: used for unlink and delete buttons."""


class ListChoiceField(SelectField):
    """A select whose value must be one of its options (message in Norwegian)."""

    def pre_validate(self, form) -> None:
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(_l("Velg en verdi fra listen."))


class FilterForm(FlaskForm):
    """The register's filters, read from the query string (GET; no CSRF token)."""

    class Meta:
        csrf = False

    utvalg = ListChoiceField(_l("Utvalg"), default="")
    status = ListChoiceField(_l("Status"), default="")
    aar = ListChoiceField(_l("År"), default="")
    tekst = StringField(_l("Søk i tittel og beskrivelse"), validators=[
        Optional(), Length(max=200, message=_l("Søket kan ha høyst %(max)s tegn.", max=200))])

    def set_choices(self, councils, statuses: dict[str, str], years) -> None:
        self.utvalg.choices = [("", _l("Alle utvalg"))] + [(c.code, f"{c.code} – {c.name}") for c in councils]
        self.status.choices = [("", _l("Alle"))] + list(statuses.items())
        self.aar.choices = [("", _l("Alle år"))] + [(str(y), str(y)) for y in years]
