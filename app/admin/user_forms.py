"""Forms of the users page. The rules (a free e-mail address, the last admin, the password's
length) are in app/services/registry/accounts.py."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectMultipleField
from wtforms.validators import DataRequired, Length

from app.models import Role
from app.registry.forms import IdSelectField

ROLE_LABELS = {Role.ADMIN: _l("Administrator"), Role.SECRETARIAT: _l("Sekretariat"),
               Role.ARCHIVIST: _l("Arkivar")}


def _roles_field():
    return SelectMultipleField(_l("Roller"), choices=[SelectChoice(r, label) for r, label in ROLE_LABELS.items()],
                               validate_choice=True)


def _person_field():
    return IdSelectField(_l("Person i registeret"), empty_label=_l("Ingen (ikke knyttet til en person)"))


class UserEditForm(FlaskForm):
    roles = _roles_field()
    person = _person_field()


class UserCreateForm(FlaskForm):
    email = EmailField(_l("E-post"), validators=[
        DataRequired(_l("Skriv e-postadressen brukeren logger inn med.")),
        Length(max=254, message=_l("E-postadressen er for lang."))])
    roles = _roles_field()
    person = _person_field()
    send_invitation = BooleanField(_l("Send invitasjon på e-post, så brukeren velger passord selv"),
                                   default=True)
    password = PasswordField(_l("Passord"))
    confirmation = PasswordField(_l("Gjenta passordet"))
