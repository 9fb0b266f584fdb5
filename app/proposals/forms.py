"""Forms of the case proposals. Every message is shown next to its field (templates/_forms.html)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, MultipleFileField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.cases.forms import declared_text_field
from app.form_fields import HiddenIntegerField, coerce_optional_id
from app.formatting import long_date
from app.models import ItemType
from app.models.case import CASE_FIELDS
from app.services.casework.proposals import REASON_MAX


class ProposalForm(FlaskForm):
    title = declared_text_field(CASE_FIELDS["title"], DataRequired(_l("Skriv tittelen på saken du foreslår.")))
    description = declared_text_field(CASE_FIELDS["description"])
    # The service checks the council (it must exist and be active) and the item type.
    council = SelectField(_l("Utvalg"), coerce=coerce_optional_id, validate_choice=False,
                          validators=[DataRequired(_l("Velg et utvalg som finnes og er aktivt."))])
    item_type = SelectField(_l("Innretning"), validate_choice=False,
                            validators=[DataRequired(_l("Velg en innretning fra listen."))])
    files = MultipleFileField(_l("Vedlegg"))
    exempt = BooleanField(_l("Unntatt offentlighet"))
    legal_basis = declared_text_field(CASE_FIELDS["legal_basis"])
    public_title = declared_text_field(CASE_FIELDS["public_title"])

    def set_choices(self, councils) -> None:
        self.council.choices = [("", _l("Velg utvalg"))] + [(c.id, f"{c.code} – {c.name}") for c in councils]
        self.item_type.choices = [("", _l("Velg innretning"))] + [(t, t) for t in ItemType.values()]

    def validate_legal_basis(self, field) -> None:
        if self.exempt.data and not (field.data or "").strip():
            raise ValidationError(_l("Skriv hjemmelen for unntaket, f.eks. «offl. § 15 første ledd»."))


class DecisionForm(FlaskForm):
    """Withdraw or decline: the version the page was opened with (a second decision is refused)."""

    version = HiddenIntegerField()


class AcceptForm(DecisionForm):
    meeting = SelectField(_l("Sett saken på dagsordenen til"), coerce=coerce_optional_id,
                          validate_choice=False)

    def set_choices(self, meetings) -> None:
        self.meeting.choices = [("", _l("Ikke nå: saken venter i sakskøen til utvalget"))] + [
            (m.id, f"{m.label}, {long_date(m.date)}") for m in meetings]


class DeclineForm(DecisionForm):
    reason = TextAreaField(_l("Begrunnelse"), validators=[
        DataRequired(_l("Skriv begrunnelsen forslagsstilleren skal få.")),
        Length(max=REASON_MAX, message=_l("Begrunnelsen kan ha høyst %(max)s tegn.", max=REASON_MAX))])


class QueueFilterForm(FlaskForm):
    """The queue's council filter, read from the query string."""

    class Meta:
        csrf = False

    utvalg = SelectField(_l("Utvalg"), default="", validate_choice=False)
