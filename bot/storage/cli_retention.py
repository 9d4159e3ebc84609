"""`python -m bot retention purge|delete-conversation`: delete patient data.

`purge` deletes conversations and screenings older than RETENTION_DAYS (or --days);
run it daily. `delete-conversation ID` deletes one conversation from every table
(an erasure request). Both say what they removed and write an audit row.
"""

from __future__ import annotations

import argparse

from bot.settings import get_settings
from bot.storage.cli_support import current_database, positive_days, report_errors
from bot.storage.errors import StorageError
from bot.storage.times import iso


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="retention_command", required=True)
    purge = commands.add_parser(
        "purge", help="delete conversations and screenings older than the period"
    )
    purge.add_argument(
        "--days",
        type=positive_days,
        help="keep this many days (default RETENTION_DAYS)",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="count what would go, delete nothing"
    )
    delete = commands.add_parser(
        "delete-conversation", help="delete one conversation from every table"
    )
    delete.add_argument("conversation_id", metavar="ID")


def run(args: argparse.Namespace) -> int:
    command = _purge if args.retention_command == "purge" else _delete
    return report_errors(lambda: command(args))


def _purge(args: argparse.Namespace) -> int:
    # Imported here, not at the top: see cli_support.
    from bot.storage import retention
    from bot.storage.audit import cli_actor

    days = args.days or get_settings().retention_days
    if days < 1:
        raise StorageError(f"RETENTION_DAYS is {days}; it must be 1 or more.")
    cutoff = retention.cutoff_for(days)
    removed = retention.purge(
        current_database(), cutoff=cutoff, actor=cli_actor(), dry_run=args.dry_run
    )
    verb = "Would delete" if args.dry_run else "Deleted"
    print(f"{verb} {removed.describe()} older than {days} days (before {iso(cutoff)}).")
    return 0


def _delete(args: argparse.Namespace) -> int:
    # Imported here, not at the top: see cli_support.
    from bot.storage import retention
    from bot.storage.audit import cli_actor

    removed = retention.delete_conversation(
        current_database(), args.conversation_id, actor=cli_actor()
    )
    if not removed.anything:
        print(f"Nothing is stored for conversation {args.conversation_id!r}.")
        return 1
    print(f"Deleted {removed.describe()} (conversation {args.conversation_id!r}).")
    return 0
