"""`python -m bot db upgrade|current|revision`: the schema migrations (`migrate.py`)."""

from __future__ import annotations

import argparse

from bot.storage.cli_support import report_errors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="db_command", required=True)
    commands.add_parser("upgrade", help="migrate the database to the latest schema")
    commands.add_parser("current", help="show the database's migration (exit 1 if old)")
    revision = commands.add_parser("revision", help="write a new migration script")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument(
        "--autogenerate",
        action="store_true",
        help="compare the models with an up-to-date database and write the changes",
    )


def run(args: argparse.Namespace) -> int:
    return report_errors(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: see cli_support.
    from bot.storage import migrate
    from bot.storage.db import get_database

    database = get_database()
    head = migrate.head_revision()
    if args.db_command == "upgrade":
        revision = migrate.upgrade(database)
        print(f"The database at {database.display_url} is at migration {revision}.")
        return 0
    if args.db_command == "revision":
        path = migrate.new_revision(database, args.message, args.autogenerate)
        print(f"Wrote {path}: read it and adjust it (see bot/storage/migrate.py).")
        return 0
    current = migrate.current_revision(database)
    print(
        f"The database at {database.display_url} is at migration "
        f"{current or '(none)'}; the latest is {head}."
    )
    if current != head:
        print(migrate.UPGRADE_HINT)
        return 1
    return 0
