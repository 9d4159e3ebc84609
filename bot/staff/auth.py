"""Logging in and out.

A failed login says the same thing whether the username exists or not, and takes
as long either way (the storage checks unknown users against a dummy hash). Too
many failures lock the username, or the client address, for a while (see
`throttle.py`). Attempted usernames are not logged: people type passwords there.
The client address is the one the trusted proxies report, if any are configured
(`STAFF_TRUSTED_PROXIES`), else the peer's.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.staff.forms import LoginForm
from bot.staff.security import log_in, log_out
from bot.staff.services import services
from bot.storage.staff import StaffUser

bp = Blueprint("auth", __name__)
logger = logging.getLogger(__name__)

WRONG = "Unknown username or wrong password."
LOCKED = "Too many failed logins. Please wait a few minutes and try again."


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if g.user is not None:
        return redirect(url_for("queue.index"))
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        user, error = _authenticate(form.username.data.strip(), form.password.data)
        if user is not None:
            log_in(user)
            return redirect(_safe_next(request.args.get("next")), 303)
        status = 429 if error == LOCKED else 401
    no_accounts = not services().staff.list_users()
    return (
        render_template("login.html", form=form, error=error, no_accounts=no_accounts),
        status,
    )


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    log_out()
    flash("You are logged out.")
    return redirect(url_for("auth.login"), 303)


def _authenticate(username: str, password: str) -> tuple[StaffUser | None, str | None]:
    """The user, or the error to show. A locked address refuses failures only (see
    `throttle.py`), so its password is checked whatever the address's state."""
    app_services = services()
    throttle, address = app_services.throttle, request.remote_addr or "unknown"
    if throttle.name_locked(username):
        logger.warning("Staff login refused: too many failures")
        return None, LOCKED
    address_locked = throttle.address_locked(address)
    user = app_services.staff.authenticate(username, password)
    if user is not None:
        throttle.succeeded(username)
        logger.info("Staff user %d logged in", user.id)
        return user, None
    throttle.failed(username, address, known=app_services.staff.known(username))
    if address_locked:
        logger.warning("Staff login failed from an address with too many failures")
        return None, LOCKED
    logger.info("Staff login failed")
    return None, WRONG


def _safe_next(target: str | None) -> str:
    """`target` if it is a path on this site, else the screenings list."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("queue.index")
