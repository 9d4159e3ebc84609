"""What the storage commands share: argument types, opening the database, errors.

Light on purpose: `python -m bot` imports every command module to build its help, so
the commands import SQLAlchemy only when they run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.storage.errors import StorageError
from bot.storage.times import parse_iso

if TYPE_CHECKING:
    from bot.storage.db import Database


def since_date(text: str) -> datetime:
    """Argument type: a date (midnight UTC) or an ISO-8601 time (naive means UTC)."""
    try:
        return parse_iso(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r}: use YYYY-MM-DD (UTC) or an ISO-8601 time such "
            "as 2024-05-01T08:00+02:00"
        ) from None


def positive_days(text: str) -> int:
    """Argument type: a whole number of days, at least 1."""
    try:
        days = int(text)
    except ValueError:
        days = 0
    if days < 1:
        raise argparse.ArgumentTypeError(
            f"invalid number of days {text!r}: use 1 or more"
        )
    return days


def report_errors(command: Callable[[], int]) -> int:
    """Run `command`; show a storage error's message (it says what to do), exit 1."""
    try:
        return command()
    except StorageError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1


def current_database() -> Database:
    """The configured database, once it is known to be reachable and migrated."""
    from bot.storage.db import get_database
    from bot.storage.migrate import require_current

    database = get_database()
    require_current(database)
    return database
