"""URL converters. ``<int:…>`` is bounded to what the database's integer columns hold, so a URL
with a number above 2⁶³ − 1 is a 404 like any other unknown id rather than an overflow in the
database driver (SQLite's OverflowError, psycopg's NumericValueOutOfRange)."""
from werkzeug.routing import IntegerConverter

from app.input_limits import MAX_DATABASE_INT


class BoundedIntegerConverter(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DATABASE_INT, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
