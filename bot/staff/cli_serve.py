"""`python -m bot staff`: serve the staff app on 127.0.0.1.

With waitress installed it serves the app; otherwise Werkzeug's threaded server
does, which is fine on this machine behind its loopback address but is not a
production server (put the app behind waitress or gunicorn and a TLS proxy there).
Request logs show paths without query strings: a search can hold an id.
"""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

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
    )
    print(f"Staff app on http://{HOST}:{port}")
    print("No account yet? Create the first admin: python -m bot create-admin NAME")
    _run_server(app, port)
    return 0


def _run_server(app: Flask, port: int) -> None:
    try:
        from waitress import serve
    except ImportError:
        from werkzeug.serving import run_simple

        run_simple(HOST, port, app, threaded=True, request_handler=_quiet_handler())
    else:
        serve(app, host=HOST, port=port)


def _quiet_handler() -> type:
    """Werkzeug's request handler, logging paths without their query strings and
    naming no versions in the Server header."""
    from werkzeug.serving import WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def version_string(self) -> str:
            return "staff-app"  # not Werkzeug's and Python's versions

        def log_request(self, code: object = "-", size: object = "-") -> None:
            path = urlsplit(self.path).path
            self.log(
                "info", '"%s %s" %s', self.command, path, getattr(code, "value", code)
            )

    return QuietHandler
