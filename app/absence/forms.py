"""Forms for the member's forfall and habilitet, and the secretariat's habilitet record."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.form_fields import CheckedByService, coerce_id
from app.services.proceedings.absence import NAME_MAX
from app.services.proceedings.absence import REASON_MAX as ABSENCE_REASON_MAX
from app.services.proceedings.conflicts import REASON_MAX as CONFLICT_REASON_MAX


class AbsenceForm(FlaskForm):
    # The vara select is checked by the service, whose message says what is wrong.
    reason = StringField(_l("Grunn"), validators=[
        Length(max=ABSENCE_REASON_MAX, message=_l("Høyst 500 tegn."))])
    vara = SelectField(_l("Vara fra varamedlemmene"), coerce=coerce_id, validate_choice=False,
                       validators=[Optional()])
    vara_name = StringField(_l("… eller vara som ikke står i listen (navn)"), validators=[
        Length(max=NAME_MAX, message=_l("Høyst 200 tegn."))])


class ConflictForm(FlaskForm):
    reason = TextAreaField(_l("Hvorfor er du inhabil?"), validators=[
        CheckedByService(), Length(max=CONFLICT_REASON_MAX, message=_l("Høyst 1000 tegn."))])


class RecordConflictForm(FlaskForm):
    person = SelectField(_l("Person"), coerce=coerce_id, validate_choice=False, validators=[Optional()])
    reason = TextAreaField(_l("Grunn"), validators=[
        CheckedByService(), Length(max=CONFLICT_REASON_MAX, message=_l("Høyst 1000 tegn."))])
