"""`python -m bot staff`: serve the staff app on 127.0.0.1.

Waitress serves it; in production put a TLS proxy in front.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.stack import Ports
from bot.storage.cli_support import report_errors

if TYPE_CHECKING:
    from flask import Flask

HOST = "127.0.0.1"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=Ports.staff)


def run(args: argparse.Namespace) -> int:
    return report_errors(lambda: _serve(args.port))


def _serve(port: int) -> int:
    # Imported here, not at the top: `python -m bot --help` imports this module.
    from bot.staff.app import create_app
    from bot.staff.config import ConfigError, load_config
    from bot.storage.cli_support import current_database

    logging.basicConfig(level=logging.INFO)
    try:
        config = load_config()
    except ConfigError as error:
        print(f"Error: {error}")
        return 1
    app = create_app(
        current_database(),
        secret_key=config.secret_key,
        session_idle=config.session_idle,
        session_max=config.session_max,
        secure_cookies=config.secure_cookies,
        trusted_proxies=config.trusted_proxies,
        clinic_timezone=config.clinic_timezone,
        booking_webhook_secret=config.booking_webhook_secret,
        contact_cipher=config.contact_cipher,
    )
    print(f"Staff app on http://{HOST}:{port}")
    print("No account yet? Create the first admin: python -m bot create-admin NAME")
    _run_server(app, port)
    return 0


def _run_server(app: Flask, port: int) -> None:
    """Serve with waitress, naming no versions in the Server header."""
    from waitress import serve

    serve(_access_logged(app), host=HOST, port=port, ident="staff-app")


def _access_logged(app: Flask) -> Callable:
    """Log each request's method, path and status, never its query string: a
    search can hold an id."""
    logger = logging.getLogger("bot.staff.access")

    def logged(environ: dict, start_response: Callable) -> object:
        def start(status: str, headers: list, *exc_info: object) -> object:
            method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
            logger.info('"%s %s" %s', method, path, status.split(" ", 1)[0])
            return start_response(status, headers, *exc_info)

        return app(environ, start)

    return logged
