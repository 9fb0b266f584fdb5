"""Forms for the meeting calendar and the agenda builder (messages in Norwegian)."""
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from app.form_fields import DATE_FORMAT, TIME_FORMAT
from app.form_fields import NorwegianDateField as DateField
from app.form_fields import NorwegianIntegerField as IntegerField
from app.form_fields import NorwegianTimeField as TimeField
from app.models import ItemType, MeetingKind

REQUIRED = "Fyll ut feltet."
ITEM_TYPE_CHOICES = [SelectChoice("", "(ingen)")] + [SelectChoice(t, t) for t in ItemType.values()]


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class MeetingForm(FlaskForm):
    council = SelectField("Utvalg", coerce=int, validators=[InputRequired(REQUIRED)])
    date = DateField("Dato", validators=[InputRequired(DATE_FORMAT)])
    start = TimeField("Starttid", validators=[InputRequired(TIME_FORMAT)])
    kind = RadioField("Type møte", default=MeetingKind.ORDINARY,
                      choices=choices([(MeetingKind.ORDINARY, "Ordinært møte"),
                                       (MeetingKind.EXTRAORDINARY, "Ekstramøte")]))
    location = StringField("Sted", validators=[Optional(), Length(max=300, message="Høyst 300 tegn.")])
    video_url = URLField("Videolenke", validators=[Optional(), URL(message="Skriv en gyldig lenke "
                                                                   "som begynner med https://."),
                                                   Length(max=500)])


class EditMeetingForm(MeetingForm):
    """Date, start, place and kind of an existing meeting; its council and number stay."""

    council = None


class CancelForm(FlaskForm):
    reason = TextAreaField("Hvorfor avlyses møtet?", validators=[DataRequired(REQUIRED), Length(max=5000)])


class NewCaseItemForm(FlaskForm):
    title = StringField("Tittel på ny sak", validators=[DataRequired("Skriv sakens tittel."),
                                                        Length(max=500, message="Høyst 500 tegn.")])
    item_type = SelectField("Innretning", choices=ITEM_TYPE_CHOICES, validators=[Optional()])
    duration = IntegerField("Varighet (minutter)", default=30,
                            validators=[Optional(), NumberRange(0, 1440, "Mellom 0 og 1440 minutter.")])


class ExistingCaseItemForm(FlaskForm):
    file_number = StringField("Arkivsaksnummer (f.eks. 2022/12)",
                              validators=[DataRequired("Skriv arkivsaksnummeret.")])


class BreakForm(FlaskForm):
    title = SelectField("Pause", choices=choices([("Pause", "Pause"), ("Lunsj", "Lunsj")]))
    duration = IntegerField("Varighet (minutter)", default=10,
                            validators=[InputRequired("Skriv varigheten i minutter."),
                                        NumberRange(0, 1440, "Mellom 0 og 1440 minutter.")])


class ItemForm(FlaskForm):
    version = HiddenField()
    original = HiddenField()  # the values as the form was opened (JSON), for merging on conflict
    title = StringField("Tittel", validators=[DataRequired("Skriv tittelen."),
                                              Length(max=500, message="Høyst 500 tegn.")])
    item_type = SelectField("Innretning", choices=ITEM_TYPE_CHOICES, validators=[Optional()])
    presenters = StringField("Presenterer saken",
                             validators=[Length(max=1000)],
                             description="Navn skilt med komma, f.eks. «Lars Erik Antonsen, Marit Hermansen».")
    organisation = SelectField("Organisasjon som presenterer", coerce=int, validators=[Optional()])
    duration = IntegerField("Varighet (minutter)",
                            validators=[Optional(), NumberRange(0, 1440, "Mellom 0 og 1440 minutter.")])
    pinned_start = TimeField("Fast starttid", validators=[Optional()],
                             description="La stå tom for å regne tiden ut fra punktene før.")
    subitems = TextAreaField("Underpunkter", description="Ett underpunkt per linje.")


class BreakItemForm(FlaskForm):
    version = HiddenField()
    original = HiddenField()
    title = StringField("Tittel", validators=[DataRequired("Skriv tittelen."), Length(max=500)])
    duration = IntegerField("Varighet (minutter)",
                            validators=[Optional(), NumberRange(0, 1440, "Mellom 0 og 1440 minutter.")])
    pinned_start = TimeField("Fast starttid", validators=[Optional()])


class ProposalForm(FlaskForm):
    revision = HiddenField()  # how many versions existed when the editor was opened
    heading = SelectField("Overskrift")
    custom_heading = StringField("Egen overskrift", validators=[Length(max=200)],
                                 description="Brukes når du velger «Annen overskrift».")
    kind = RadioField("Form", default="text", choices=choices([
        ("text", "Tekst"), ("points", "Nummererte punkter (ett per linje)"),
        ("parts", "Deler (linje som begynner med «# » er delens overskrift)")]))
    body = TextAreaField("Forslag til vedtak")
    phrase = SelectField("Formulering fra biblioteket", validators=[Optional()])


class PostponeForm(FlaskForm):
    to_date = DateField("Utsett til møtet", validators=[InputRequired(DATE_FORMAT)])


class MoveForm(FlaskForm):
    target = SelectField("Flytt til møte", coerce=int)


class IssueForm(FlaskForm):
    accept_warnings = BooleanField("Send innkallingen selv om det er advarsler")
