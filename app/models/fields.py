"""A record's editable fields, declared once next to its model.

The service checks, the form limits, the YAML validation, the exporter and the importer all read
the declaration, so adding a field means adding a column and one ``Field`` line.
"""
from dataclasses import dataclass

from app.input_limits import clean_text

TEXT, FLAG, ORGANISATION, PERSON = "text", "flag", "organisation", "person"


@dataclass(frozen=True)
class Field:
    """One editable field. ``label`` is Norwegian (translated where shown); ``max_length`` is the
    column's length unless given; ``yaml_key`` is its key in the import format (None: not carried);
    ``too_long`` is a Norwegian message with ``%(max)s`` (default: one naming the label)."""

    name: str
    label: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    multiline: bool = False
    yaml_key: str | None = ""
    too_long: str | None = None

    @property
    def key(self) -> str | None:
        """The field's YAML key (its name unless declared otherwise)."""
        return self.name if self.yaml_key == "" else self.yaml_key

    @property
    def attribute(self) -> str:
        """The model attribute holding the value (references are stored as ids)."""
        return f"{self.name}_id" if self.kind in (ORGANISATION, PERSON) else self.name

    def tidy(self, value):
        """Text loses its control characters and is stripped; text with nothing visible is None
        (app.input_limits.clean_text); a flag is a bool."""
        if self.kind == FLAG:
            return bool(value)
        if self.kind == TEXT:
            return clean_text(value, multiline=self.multiline) if isinstance(value, str) else value
        return value

    def too_long_message(self) -> str:
        """Norwegian; translate with ``gettext(message, max=..., label=...)`` where it is shown."""
        return self.too_long or "«%(label)s» kan ha høyst %(max)s tegn."

    def length_error(self, value) -> str | None:
        """The Norwegian message when ``value`` is longer than the limit, else None."""
        if self.max_length is None or not isinstance(value, str) or len(value) <= self.max_length:
            return None
        return self.too_long_message() % {"max": self.max_length, "label": self.label}


class Fields:
    """The declared fields of one model, in order; limits default to the column lengths."""

    def __init__(self, model, *fields: Field):
        columns = model.__table__.columns
        self.model = model
        self.all = tuple(
            f if f.max_length is not None or f.kind != TEXT
            else Field(**{**f.__dict__, "max_length": getattr(columns[f.name].type, "length", None)})
            for f in fields)
        self._by_name = {f.name: f for f in self.all}

    def __getitem__(self, name: str) -> Field:
        return self._by_name[name]

    def __iter__(self):
        return iter(self.all)

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    @property
    def texts(self) -> tuple[Field, ...]:
        return tuple(f for f in self.all if f.kind == TEXT)

    @property
    def in_yaml(self) -> tuple[Field, ...]:
        return tuple(f for f in self.all if f.key)

    def yaml_limits(self) -> dict[str, int]:
        """YAML key -> maximum length, for the text fields the import format carries."""
        return {f.key: f.max_length for f in self.texts if f.key and f.max_length}
