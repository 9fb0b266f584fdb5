from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField("E-post", validators=[DataRequired("Skriv e-postadressen din."),
                                             Length(max=254, message="E-postadressen er for lang.")])
    password = PasswordField("Passord", validators=[DataRequired("Skriv passordet ditt.")])
    submit = SubmitField("Logg inn")
