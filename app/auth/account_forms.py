"""Forms of the account pages: choosing a password from a link, a forgotten password, a new
password. The rules (length, the two entries alike) are checked by app/services/registry/accounts.py,
whose FieldError the views put next to the field it names."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


def _new_password_fields():
    return (PasswordField(_l("Nytt passord"), validators=[DataRequired(_l("Skriv et nytt passord."))]),
            PasswordField(_l("Gjenta det nye passordet"),
                          validators=[DataRequired(_l("Skriv det nye passordet en gang til."))]))


class SetPasswordForm(FlaskForm):
    password, confirmation = _new_password_fields()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Nåværende passord"),
                            validators=[DataRequired(_l("Skriv passordet du bruker nå."))])
    password, confirmation = _new_password_fields()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-post"), validators=[
        DataRequired(_l("Skriv e-postadressen du logger inn med.")),
        Length(max=254, message=_l("E-postadressen er for lang."))])
