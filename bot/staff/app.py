"""The staff app's factory: one Flask app on one database.

    app = create_app(get_database(), secret_key=load_config().secret_key)

Server-rendered pages (Jinja, autoescaped), no script, one stylesheet. Everything
but the login page, /healthz and the static files needs a logged-in staff member
(`security.py`); every POST needs a CSRF token (Flask-WTF's `CSRFProtect`).
X-Forwarded-For and X-Forwarded-Proto are read only from `trusted_proxies` proxies
(`config.py`), never otherwise.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Flask, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.staff import admin, auth, booking_webhook, dashboard, queue, screenings
from bot.staff.config import UTC
from bot.staff.display import register_filters
from bot.staff.security import install_security
from bot.staff.services import Services
from bot.storage.contact_crypto import ContactCipher
from bot.storage.db import Database
from bot.storage.errors import NotFound, StorageError

logger = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 64 * 1024  # the longest form is a 10,000-character note


def create_app(
    database: Database,
    *,
    secret_key: str,
    session_idle: timedelta = timedelta(minutes=30),
    session_max: timedelta = timedelta(hours=12),
    secure_cookies: bool = False,
    trusted_proxies: int = 0,
    clinic_timezone: ZoneInfo = UTC,
    booking_webhook_secret: str = "",
    contact_cipher: ContactCipher | None = None,
) -> Flask:
    """The staff app; `secure_cookies` when it is served over HTTPS,
    `trusted_proxies` when that many proxies add X-Forwarded-For (the rest:
    config.py)."""
    if not secret_key:
        raise ValueError("The staff app needs a secret key.")
    app = Flask(__name__)
    if trusted_proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies
        )
    app.config.update(
        SECRET_KEY=secret_key,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        CLINIC_TIMEZONE=clinic_timezone,
        BOOKING_WEBHOOK_SECRET=booking_webhook_secret,
    )
    app.jinja_env.autoescape = True  # every template, whatever its file name
    install_security(
        app, session_idle=session_idle, session_max=session_max, secure=secure_cookies
    )
    CSRFProtect(app).exempt(booking_webhook.bp)  # signed instead (its docstring)
    Services.for_database(
        database, secret_key=secret_key, contact_cipher=contact_cipher
    ).install(app)
    register_filters(app)
    blueprints = (auth, queue, screenings, dashboard, admin, booking_webhook)
    for blueprint in (module.bp for module in blueprints):
        app.register_blueprint(blueprint)
    app.add_url_rule("/", "home", _home)
    app.add_url_rule("/healthz", "health", _health)
    _register_error_pages(app)
    return app


def _home() -> ResponseReturnValue:
    return redirect(url_for("queue.index"))


def _health() -> ResponseReturnValue:
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


def _register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> ResponseReturnValue:
        message = "The form expired or did not come from this site. Reload the page."
        return _error_page(400, message)

    @app.errorhandler(NotFound)
    def _not_found(error: NotFound) -> ResponseReturnValue:
        return _error_page(404, str(error))

    @app.errorhandler(StorageError)
    def _storage(error: StorageError) -> ResponseReturnValue:
        logger.error("Storage error: %s", type(error).__name__)
        return _error_page(503, str(error))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        return _error_page(error.code or 500, error.description or error.name)


def _error_page(status: int, message: str) -> ResponseReturnValue:
    return render_template("error.html", status=status, message=message), status
