"""`python -m bot export`: stored screenings with transcripts (spec section 3).

Prints to standard output: `--format jsonl` (default) one JSON object per line,
`json` one array, `csv` flat columns without free text, `fhir` one FHIR R4 Bundle
per line. Every export writes an audit row (`export`, actor `cli:<os user>`), like
an export from the staff app; `--with-contacts` adds the call-back contact details
(it needs CONTACT_KEY) and a second audit row, `export_contacts`.
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
    parser.add_argument(
        "--with-contacts",
        action="store_true",
        help="add call-back names and numbers, decrypted with CONTACT_KEY (audited)",
    )


def run(args: argparse.Namespace) -> int:
    from bot.fhir.client import FhirExportError
    from bot.storage.contact_crypto import ContactKeyError

    try:
        return report_errors(lambda: _export(args))
    except (FhirExportError, ContactKeyError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1


def _export(args: argparse.Namespace) -> int:
    # Imported here, not at the top: see cli_support.
    from bot.storage.audit import cli_actor
    from bot.storage.contact_crypto import contact_cipher
    from bot.storage.export import write_records
    from bot.storage.repository import ScreeningFilter, ScreeningRepository

    cipher = contact_cipher() if args.with_contacts else None
    if args.with_contacts and cipher is None:
        print("Error: --with-contacts needs CONTACT_KEY to be set.", file=sys.stderr)
        return 1
    filters = ScreeningFilter(since=args.since, conversation_id=args.conversation)
    records = ScreeningRepository(current_database()).export_records(
        filters, actor=cli_actor(), fmt=args.format, contacts=cipher
    )
    write_records(records, args.format, sys.stdout)
    print(f"Exported screenings: {len(records)}.", file=sys.stderr)
    return 0
