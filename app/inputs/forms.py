"""Forms of members' input and of the secretariat's summary (Norwegian message ids). The rules
(required, length, deadline) are the service's: its messages appear next to the fields."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from app.form_fields import CheckedByService, HiddenIntegerField


class InputForm(FlaskForm):
    version = HiddenIntegerField()  # the input's version when the page was opened; 0: none yet
    body = TextAreaField(_l("Ditt innspill"), validators=[CheckedByService()])


class DeleteInputForm(FlaskForm):
    version = HiddenIntegerField()


class SummaryForm(FlaskForm):
    version = HiddenIntegerField()  # the item's version
    input_summary = TextAreaField(_l("Oppsummering av innspill til referatet"))
