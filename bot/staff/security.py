"""Who is logged in, for how long, and the headers every response carries.

Deny by default: every page needs a logged-in, active staff member except the
login page, the static files, /healthz and the signed booking webhook, so a page
added later cannot show patient data to a stranger by mistake. The user is read
back from the database on every request, so deactivating an account or changing
its role takes effect at once. The session (a signed cookie) ends after
`session_idle` without a request or `session_max` after login, whichever comes
first.

A signed cookie stays valid wherever it is copied, so clearing it in one browser
ends nothing. Each session therefore holds the account's session version from
login, and a request whose version is no longer the account's is logged out.
Logging out, a new password and a deactivation raise the version
(`bot/storage/staff.py`): every session of the account ends, copies included.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from bot.staff.services import services
from bot.storage.staff import StaffUser

# The booking webhook authenticates by its signature (booking_webhook.py).
PUBLIC_ENDPOINTS = frozenset(
    {"auth.login", "static", "health", "booking_webhook.receive"}
)
USER, SINCE, SEEN, VERSION = "user", "since", "seen", "version"

# No page runs a script or uses inline styles: the pages are server-rendered and
# the charts are SVG drawn on the server, so scripts are refused outright.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: Flask-WTF checks the Referer on HTTPS POSTs.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000"


def install_security(
    app: Flask, *, session_idle: timedelta, session_max: timedelta, secure: bool
) -> None:
    app.config.update(
        SESSION_COOKIE_NAME="staff_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=session_idle,
        STAFF_SESSION_MAX=session_max,
    )
    app.before_request(_require_login)
    app.after_request(_add_headers)


def log_in(user: StaffUser) -> None:
    """Start a fresh session (never reuse one from before the login)."""
    session.clear()
    session.permanent = True
    now = int(time.time())
    session.update(
        {USER: user.username, SINCE: now, SEEN: now, VERSION: user.session_version}
    )


def keep_session(user: StaffUser) -> None:
    """Keep this session going after a change to `user` ended all the others
    (an admin who set their own password)."""
    session[VERSION] = user.session_version


def log_out() -> None:
    """End every session of the logged-in user, then clear this one."""
    if g.user is not None:
        services().staff.end_sessions(g.user.username)
    session.clear()


def _require_login() -> ResponseReturnValue | None:
    g.user = _session_user()
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        # Back to the page after logging in; a form sent after the session ended
        # is not sent again (its CSRF token went with the session).
        back = request.full_path if request.method == "GET" else None
        return redirect(url_for("auth.login", next=back), 303)
    return None


def _session_user() -> StaffUser | None:
    username = session.get(USER)
    if username is None:
        return None
    now = int(time.time())
    if _expired(now):
        session.clear()
        flash("Your session expired. Please log in again.")
        return None
    user = services().staff.get(username)
    if user is None or not user.active or session.get(VERSION) != user.session_version:
        session.clear()
        return None
    session[SEEN] = now
    return user


def _expired(now: int) -> bool:
    idle = current_app.permanent_session_lifetime.total_seconds()
    longest = current_app.config["STAFF_SESSION_MAX"].total_seconds()
    return now - session.get(SEEN, 0) > idle or now - session.get(SINCE, 0) > longest


def _add_headers(response: Response) -> Response:
    response.headers.update(HEADERS)
    if request.endpoint != "static":
        # Patient data must not stay in a shared workstation's browser cache.
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    return response
