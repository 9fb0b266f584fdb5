from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email


class LoginForm(FlaskForm):
    email = EmailField("E-post", validators=[DataRequired("Skriv e-postadressen din."),
                                             Email("Skriv en gyldig e-postadresse.")])
    password = PasswordField("Passord", validators=[DataRequired("Skriv passordet ditt.")])
    submit = SubmitField("Logg inn")
