"""The staff app's POST forms. Flask-WTF checks each one's CSRF token (every POST
route is covered by `CSRFProtect` as well, forms or not)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Regexp

from bot.storage.models import FOLLOW_UP_STATUSES
from bot.storage.repository import MAX_NOTE
from bot.storage.staff import MAX_USERNAME, MIN_PASSWORD_LENGTH, Role

MAX_PASSWORD = 1024  # argon2 takes any length; this bounds the work per request
ROLE_CHOICES = [(role.value, role.value) for role in Role]
EXPORT_FORMATS = {"csv": "text/csv", "json": "application/json"}
# Usernames appear in URLs (/admin/users/<username>) and audit rows.
USERNAME_PATTERN = r"^[A-Za-z0-9._@-]+$"
USERNAME_RULE = "Use letters, digits and . _ @ - only."


class LoginForm(FlaskForm):
    username = StringField("Username", [InputRequired(), Length(max=MAX_USERNAME)])
    password = PasswordField("Password", [InputRequired(), Length(max=MAX_PASSWORD)])


class NoteForm(FlaskForm):
    # DataRequired, not InputRequired: a note of blanks is no note.
    text = TextAreaField("Note", [DataRequired(), Length(max=MAX_NOTE)])


class ExportForm(FlaskForm):
    format = SelectField("Format", choices=list(EXPORT_FORMATS))
    # Admins only; audited as export_contacts besides export.
    contacts = BooleanField("With call-back names and numbers")


class PasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        [
            InputRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD,
                message=f"A password needs at least {MIN_PASSWORD_LENGTH} characters "
                f"(and at most {MAX_PASSWORD}).",
            ),
        ],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat it", [EqualTo("password", message="The passwords differ.")]
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class NewUserForm(PasswordForm):
    username = StringField(
        "Username",
        [
            InputRequired(),
            Length(max=MAX_USERNAME),
            Regexp(USERNAME_PATTERN, message=USERNAME_RULE),
        ],
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.REVIEWER.value)


class FollowUpForm(FlaskForm):
    """A screening's follow-up status and who has it; `assignees` are the usernames
    of the active staff (the choice "" is nobody)."""

    status = SelectField(
        "Follow-up status",
        choices=[(s, s.replace("_", " ")) for s in FOLLOW_UP_STATUSES],
    )
    assignee = SelectField("Assigned to", choices=[("", "nobody")])

    def offer(self, assignees: list[str]) -> FollowUpForm:
        self.assignee.choices = [("", "nobody"), *((a, a) for a in assignees)]
        return self
