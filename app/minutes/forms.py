"""Forms for the minutes pages (Norwegian message ids, translated with Flask-Babel)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.form_fields import DATE_REQUIRED, HiddenIntegerField, coerce_optional_id
from app.form_fields import NorwegianDateField as DateField

DECISION_KINDS = [SelectChoice("text", _l("Tekst")),
                  SelectChoice("points", _l("Nummererte punkter (ett per linje)")),
                  SelectChoice("parts", _l("Deler (linje som begynner med «# » er delens overskrift)"))]


class SendForm(FlaskForm):
    deadline = DateField(_l("Frist for kommentarer"), validators=[InputRequired(_l(DATE_REQUIRED))])


class CommentForm(FlaskForm):
    item_id = HiddenIntegerField()
    text = TextAreaField(_l("Kommentar"), validators=[
        DataRequired(_l("Skriv en kommentar.")), Length(max=5000, message=_l("Høyst 5000 tegn."))])


class ResolveForm(FlaskForm):
    resolution = TextAreaField(_l("Merknad"), validators=[
        Optional(), Length(max=5000, message=_l("Høyst 5000 tegn."))])


class ApproveForm(FlaskForm):
    method = RadioField(_l("Hvordan ble referatet godkjent?"), default="meeting", choices=[
        SelectChoice("meeting", _l("I et senere møte (sak «Godkjenning av referat»)")),
        SelectChoice("circulation", _l("Ved sirkulasjon"))])
    item = SelectField(_l("Saken som godkjente referatet"), coerce=coerce_optional_id, validate_choice=False)
    circulated_on = DateField(_l("Dato for godkjenning ved sirkulasjon"),
                              validators=[Optional()])
    note = TextAreaField(_l("Merknad"), validators=[
        Optional(), Length(max=5000, message=_l("Høyst 5000 tegn."))])
    confirm_unresolved = HiddenField()


class ConfirmForm(FlaskForm):
    """Only the CSRF token: a confirmation button."""


class ItemTextForm(FlaskForm):
    """An item's decision and discussion while the minutes are a draft."""

    version = HiddenIntegerField()
    kind = RadioField(_l("Form på vedtaket"), default="text", choices=DECISION_KINDS)
    decision = TextAreaField(_l("Vedtak"))
    discussion = TextAreaField(_l("Drøftinger"), validators=[
        Optional(), Length(max=20000, message=_l("Høyst 20000 tegn."))])


class CorrectionForm(FlaskForm):
    """The reason for a correction; each item's fields are read by name (kind-<id>,
    decision-<id>, discussion-<id>)."""

    reason = TextAreaField(_l("Hvorfor rettes referatet?"), validators=[
        DataRequired(_l("Skriv hvorfor referatet rettes.")),
        Length(max=2000, message=_l("Høyst 2000 tegn."))])
