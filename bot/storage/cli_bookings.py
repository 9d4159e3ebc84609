"""`python -m bot bookings import FILE.csv`: mark screenings booked from the booking
system's export, by the `ref` the booking link carried (bookings.py).

The file needs a column named `ref` (or `booking_reference`); other columns are
ignored, so a booking system's own export can be fed as it is. `-` reads standard
input. Refs that match no screening are counted, not an error: the booking system
also holds bookings made without the bot.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from typing import TextIO

from bot.storage.cli_support import current_database, report_errors

REF_COLUMNS = ("ref", "booking_reference")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="bookings_command", required=True)
    importer = actions.add_parser("import", help="mark the screenings of a CSV booked")
    importer.add_argument("file", type=argparse.FileType("r", encoding="utf-8-sig"))


def run(args: argparse.Namespace) -> int:
    try:
        references = list(read_references(args.file))
    except ValueError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return report_errors(lambda: _import(references))


def read_references(file: TextIO) -> Iterator[str]:
    """The refs of a CSV file; ValueError naming the columns it needs."""
    reader = csv.DictReader(file)
    column = next((c for c in REF_COLUMNS if c in (reader.fieldnames or [])), None)
    if column is None:
        raise ValueError(
            f"{file.name}: no column named {' or '.join(REF_COLUMNS)}; the first "
            "line must name the columns"
        )
    for row in reader:
        yield row[column] or ""


def _import(references: list[str]) -> int:
    # Imported here, not at the top: see cli_support.
    from bot.storage.audit import cli_actor
    from bot.storage.bookings import Bookings

    result = Bookings(current_database()).mark_booked(references, actor=cli_actor())
    print(
        f"Booked: {result.booked} newly, {result.already} already; "
        f"{result.unknown} refs matched no screening."
    )
    return 0
