from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-post"), validators=[DataRequired(_l("Skriv e-postadressen din.")),
                                             Length(max=254, message=_l("E-postadressen er for lang."))])
    password = PasswordField(_l("Passord"), validators=[DataRequired(_l("Skriv passordet ditt."))])
    submit = SubmitField(_l("Logg inn"))
