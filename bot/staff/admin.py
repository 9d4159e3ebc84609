"""Admin pages: staff accounts and the audit log. Reviewers get 403 here.

Accounts are never deleted (reviews and notes keep their author): an admin
deactivates them. Admins cannot demote or deactivate themselves, so the clinic
cannot lock itself out by a slip; `python -m bot create-admin` is the way back in.
A new password or a deactivation logs the account out everywhere (an admin who sets
their own password stays logged in in this browser only).
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from bot.staff.forms import NewUserForm, PasswordForm, RoleForm
from bot.staff.security import keep_session
from bot.staff.services import services
from bot.storage.audit import AuditAction
from bot.storage.errors import StorageError
from bot.storage.staff import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")
logger = logging.getLogger(__name__)
AUDIT_PAGE = 100


@bp.before_request
def _admins_only() -> None:
    if g.user.role is not Role.ADMIN:
        abort(403)


@bp.get("/users")
def users() -> ResponseReturnValue:
    return _users_page(NewUserForm())


@bp.post("/users")
def create_user() -> ResponseReturnValue:
    form = NewUserForm()
    if not form.validate_on_submit():
        return _users_page(form, status=400)
    try:
        user = services().staff.create(
            form.username.data, form.password.data, Role(form.role.data)
        )
    except StorageError as error:
        form.username.errors.append(str(error))
        return _users_page(form, status=400)
    logger.info("Staff user %d created by staff user %d", user.id, g.user.id)
    flash(f"Created {user.role.value} '{user.username}'.")
    return redirect(url_for(".users"), 303)


@bp.get("/users/<username>")
def user(username: str) -> ResponseReturnValue:
    account = services().staff.get(username)
    if account is None:
        abort(404)
    return render_template(
        "user.html",
        account=account,
        role_form=RoleForm(role=account.role.value),
        password_form=PasswordForm(),
    )


@bp.post("/users/<username>/role")
def set_role(username: str) -> ResponseReturnValue:
    form = RoleForm()
    if _valid(form) and _not_self(username, "change your own role"):
        services().staff.set_role(username, Role(form.role.data))
        logger.info("Staff role changed by staff user %d", g.user.id)
        flash(f"'{username}' is now {form.role.data}.")
    return _to_user(username)


@bp.post("/users/<username>/active")
def set_active(username: str) -> ResponseReturnValue:
    active = request.form.get("active") == "1"
    if _not_self(username, "deactivate yourself"):
        services().staff.set_active(username, active)
        logger.info("Staff account (de)activated by staff user %d", g.user.id)
        flash(f"'{username}' is {'active' if active else 'deactivated'}.")
    return _to_user(username)


@bp.post("/users/<username>/password")
def set_password(username: str) -> ResponseReturnValue:
    form = PasswordForm()
    if _valid(form):
        staff = services().staff
        staff.set_password(username, form.password.data)  # ends their sessions
        if username == g.user.username:
            keep_session(staff.get(username))
        logger.info("Staff password set by staff user %d", g.user.id)
        flash(f"The password of '{username}' is changed.")
    return _to_user(username)


@bp.get("/audit")
def audit() -> ResponseReturnValue:
    action = request.args.get("action") or None
    if action not in (None, *(a.value for a in AuditAction)):
        abort(400)
    entries = services().audit.entries(
        actor=request.args.get("actor") or None,
        action=AuditAction(action) if action else None,
        before_id=request.args.get("before", type=int),
        limit=AUDIT_PAGE,
    )
    return render_template(
        "audit.html",
        entries=entries,
        actions=[a.value for a in AuditAction],
        full_page=len(entries) == AUDIT_PAGE,
    )


def _users_page(form: NewUserForm, status: int = 200) -> ResponseReturnValue:
    page = render_template("users.html", users=services().staff.list_users(), form=form)
    return page, status


def _valid(form: FlaskForm) -> bool:
    """Validate; flash the problems of an invalid form."""
    if form.validate_on_submit():
        return True
    flash(" ".join(error for errors in form.errors.values() for error in errors))
    return False


def _not_self(username: str, what: str) -> bool:
    if username == g.user.username:
        flash(f"You cannot {what}; ask another admin.")
        return False
    return True


def _to_user(username: str) -> ResponseReturnValue:
    return redirect(url_for(".user", username=username), 303)
