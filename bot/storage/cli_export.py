"""`python -m bot export`: stored screenings with transcripts (spec section 3).

Prints to standard output: `--format jsonl` (default) one JSON object per line,
`json` one array, `csv` flat columns without free text. Every export writes an
audit row (`export`, actor `cli:<os user>`), like an export from the staff app.
"""

from __future__ import annotations

import argparse
import sys

from bot.storage.cli_support import current_database, report_errors, since_date
from bot.storage.export import FORMATS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="jsonl")
    parser.add_argument(
        "--since",
        type=since_date,
        metavar="DATE",
        help="only screenings completed on or after DATE (YYYY-MM-DD, UTC)",
    )
    parser.add_argument(
        "--conversation", metavar="ID", help="only the screenings of conversation ID"
    )


def run(args: argparse.Namespace) -> int:
    return report_errors(lambda: _export(args))


def _export(args: argparse.Namespace) -> int:
    # Imported here, not at the top: see cli_support.
    from bot.storage.audit import cli_actor
    from bot.storage.export import write_records
    from bot.storage.repository import ScreeningFilter, ScreeningRepository

    filters = ScreeningFilter(since=args.since, conversation_id=args.conversation)
    records = ScreeningRepository(current_database()).export_records(
        filters, actor=cli_actor(), fmt=args.format
    )
    write_records(records, args.format, sys.stdout)
    print(f"Exported screenings: {len(records)}.", file=sys.stderr)
    return 0
