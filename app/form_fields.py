"""Form fields whose parse errors are in Norwegian and say what to write, and bounded parsing of
ids and hidden fields, so a malformed or huge value is a form error or a 400, never a crash."""
import json

from flask import abort
from flask_babel import gettext
from wtforms import DateField, HiddenField, IntegerField, TimeField

from app.input_limits import MAX_DATABASE_INT


# Marked for extraction with N_ (a no-op); translated where the error is raised.
def N_(text: str) -> str:
    return text


DATE_FORMAT = N_("Skriv datoen som åååå-mm-dd, f.eks. 2022-05-19.")
DATE_REQUIRED = N_("Datoen må fylles ut (åååå-mm-dd).")
TIME_FORMAT = N_("Skriv klokkeslettet som tt:mm, f.eks. 08:30.")
NUMBER_FORMAT = N_("Skriv et helt tall.")
NUMBER_TOO_LARGE = N_("Tallet er for stort.")
INVALID_CHOICE = N_("Ugyldig valg.")


class NorwegianDateField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(gettext(DATE_FORMAT)) from None


class NorwegianTimeField(TimeField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(gettext(TIME_FORMAT)) from None


class NorwegianIntegerField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(gettext(NUMBER_FORMAT)) from None
        if self.data is not None and abs(self.data) > MAX_DATABASE_INT:
            self.data = None
            raise ValueError(gettext(NUMBER_TOO_LARGE))


def parse_id(value) -> int | None:
    """An id from a form or query value: a positive whole number the database can hold, else None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_DATABASE_INT else None


def coerce_id(value) -> int:
    """``coerce`` for a select of records: its option's id, or 0 where 0 is the "(ingen)" option
    (an unknown or tampered value is a field error, never a query with a number the database
    cannot hold)."""
    if isinstance(value, int):
        return value
    number = 0 if str(value).strip() == "0" else parse_id(value)
    if number is None:
        raise ValueError(gettext(INVALID_CHOICE))
    return number


def coerce_optional_id(value) -> int | None:
    """``coerce_id`` where "" (or 0, "(ingen)") means none chosen."""
    if value in (None, "", "None", "0", 0):
        return None
    return coerce_id(value)


class HiddenIntegerField(HiddenField):
    """A hidden whole number the page wrote (a version, a revision count): None when empty. Anything
    else means the form was altered or cut short: 400, the error page says to reload and try again."""

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            self.data = None
            return
        if not (text.isascii() and text.isdigit()) or int(text) > MAX_DATABASE_INT:
            abort(400)
        self.data = int(text)


class HiddenJSONField(HiddenField):
    """A hidden JSON object the page wrote (the values as the form was opened): {} when empty;
    anything but a JSON object is 400, as for HiddenIntegerField."""

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        if not text.strip():
            self.data = {}
            return
        try:
            value = json.loads(text)
        except ValueError:
            abort(400)
        if not isinstance(value, dict):
            abort(400)
        self.data = value

    def _value(self):
        return json.dumps(self.data) if isinstance(self.data, dict) else (self.data or "")


class CheckedByService:
    """Marks a field required (no «valgfritt» beside its label) whose rule the service checks
    and reports next to the field, so the message is the service's in every path."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None
