"""Form fields whose parse errors are in Norwegian and say what to write."""
from flask_babel import gettext
from wtforms import DateField, IntegerField, TimeField


# Marked for extraction with N_ (a no-op); translated where the error is raised.
def N_(text: str) -> str:
    return text


DATE_FORMAT = N_("Skriv datoen som åååå-mm-dd, f.eks. 2022-05-19.")
TIME_FORMAT = N_("Skriv klokkeslettet som tt:mm, f.eks. 08:30.")
NUMBER_FORMAT = N_("Skriv et helt tall.")


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
