"""Forms of the case register. Every message is shown next to its field (templates/_forms.html)."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.services.cases import LEGAL_BASIS_MAX, TITLE_MAX


def _optional_id(value):
    """Select values: "" means none."""
    if value in (None, "", "None"):
        return None
    return int(value)


class CaseForm(FlaskForm):
    title = StringField("Tittel", validators=[
        DataRequired("Skriv sakens tittel."),
        Length(max=TITLE_MAX, message=f"Tittelen kan ha høyst {TITLE_MAX} tegn.")])
    description = TextAreaField("Beskrivelse", validators=[Optional()])
    submitted_by_organisation = SelectField("Innsendt av virksomhet", coerce=_optional_id,
                                            validate_choice=True)
    submitted_by_person = SelectField("Innsendt av person", coerce=_optional_id,
                                      validate_choice=True)
    exempt = BooleanField("Unntatt offentlighet")
    legal_basis = StringField("Hjemmel", validators=[
        Length(max=LEGAL_BASIS_MAX, message=f"Hjemmelen kan ha høyst {LEGAL_BASIS_MAX} tegn.")])
    public_title = StringField("Offentlig tittel", validators=[
        Length(max=TITLE_MAX, message=f"Den offentlige tittelen kan ha høyst {TITLE_MAX} tegn.")])

    def set_choices(self, organisations, people) -> None:
        self.submitted_by_organisation.choices = [("", "(ingen)")] + [
            (o.id, o.name) for o in organisations]
        self.submitted_by_person.choices = [("", "(ingen)")] + [
            (p.id, f"{p.name} ({p.organisation.label})" if p.organisation else p.name)
            for p in people]

    def validate_legal_basis(self, field) -> None:
        if self.exempt.data and not (field.data or "").strip():
            raise ValidationError("Skriv hjemmelen for unntaket, f.eks. «offl. § 15 første ledd».")


class LinkForm(FlaskForm):
    file_number = StringField("Arkivsaksnummer", validators=[
        DataRequired("Skriv arkivsaksnummeret til saken, f.eks. 2022/123.")])


class UploadForm(FlaskForm):
    file = FileField("Fil", validators=[FileRequired("Velg en fil å laste opp.")])


class ConfirmForm(FlaskForm):
    """Only the CSRF token: used for unlink and delete buttons."""


class ListChoiceField(SelectField):
    """A select whose value must be one of its options (message in Norwegian)."""

    def pre_validate(self, form) -> None:
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError("Velg en verdi fra listen.")


class FilterForm(FlaskForm):
    """The register's filters, read from the query string (GET; no CSRF token)."""

    class Meta:
        csrf = False

    utvalg = ListChoiceField("Utvalg", default="")
    status = ListChoiceField("Status", default="")
    aar = ListChoiceField("År", default="")
    tekst = StringField("Søk i tittel og beskrivelse", validators=[
        Optional(), Length(max=200, message="Søket kan ha høyst 200 tegn.")])

    def set_choices(self, councils, statuses: dict[str, str], years) -> None:
        self.utvalg.choices = [("", "Alle utvalg")] + [(c.code, f"{c.code} – {c.name}") for c in councils]
        self.status.choices = [("", "Alle")] + list(statuses.items())
        self.aar.choices = [("", "Alle år")] + [(str(y), str(y)) for y in years]
