"""The project's command line. Each command imports its module only when it runs."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

# command name -> (module holding `add_arguments(parser)` and `run(args) -> int`, help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("bot.local_run", "start the bot on localhost (Rasa, actions, web chat)"),
    "shell": ("bot.local_run", "chat with the bot in the terminal"),
    "webchat": ("bot.webchat.server", "serve the web chat page (started by 'run')"),
    "export": ("bot.storage.cli_export", "print stored screenings (spec section 3)"),
    "db": ("bot.storage.cli_db", "database migrations: upgrade, current, revision"),
    "retention": ("bot.storage.cli_retention", "delete old or requested conversations"),
    "staff": ("bot.staff.cli_serve", "serve the staff web app (started by 'run')"),
    "create-admin": ("bot.staff.cli_create_admin", "create a staff admin account"),
    "add-staff": ("bot.staff.cli_accounts", "add a staff account (reviewer or admin)"),
    "serve": ("bot.serve", "run rasa or rasa_sdk, logs redacted (started by 'run')"),
    "contact-key": ("bot.storage.cli_contact_key", "print a new CONTACT_KEY"),
    "bookings": ("bot.storage.cli_bookings", "mark screenings booked from a CSV"),
    "sms-id": (
        "bot.channels.cli_sms_id",
        "the conversation id of a phone number's SMS screenings",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        sub.set_defaults(module_name=module_name)
        importlib.import_module(module_name).add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return importlib.import_module(args.module_name).run(args)
