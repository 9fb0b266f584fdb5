"""Form fields whose parse errors are in Norwegian and say what to write."""
from wtforms import DateField, IntegerField, TimeField

DATE_FORMAT = "Skriv datoen som åååå-mm-dd, f.eks. 2022-05-19."
TIME_FORMAT = "Skriv klokkeslettet som tt:mm, f.eks. 08:30."
NUMBER_FORMAT = "Skriv et helt tall."


class NorwegianDateField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(DATE_FORMAT) from None


class NorwegianTimeField(TimeField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(TIME_FORMAT) from None


class NorwegianIntegerField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(NUMBER_FORMAT) from None
