"""Writers for exported screenings: JSON lines, a JSON array, or flat CSV columns.

The records come from `ScreeningRepository.export_records` (which writes the audit
row). JSON formats carry every field, the transcript and the staff's work (review,
follow-up and its history, notes, booking clicks). CSV has one flat row per
screening for spreadsheets: no free text (no evidence quotes, no transcript, no
notes), and every cell that a spreadsheet would run as a formula (it starts
with = + - @, a tab or a carriage return) gets a leading apostrophe. Conversation
ids come from the channel, so a visitor can choose one that starts with "=".
`fhir` writes one FHIR R4 Bundle per line (bot/fhir: coded answers only, no free
text and no conversation id), built in the FHIR export's own environment.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

FORMATS = ("jsonl", "json", "csv", "fhir")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The four CGH criteria reported on every screening (spec section 2).
CRITERIA = (
    "neck_involvement",
    "restricted_rom",
    "ipsilateral_pain",
    "unilateral_no_sideshift",
)
CSV_COLUMNS = (
    "screening_id",
    "conversation_id",
    "channel",
    "started_at",
    "completed_at",
    "ruleset_version",
    "triage",
    "booking_link_offered",
    "booking_reference",
    "age",
    "onset",
    *(f"criteria.{name}" for name in CRITERIA),
    "red_flags",
    "symptoms_present",
    "symptoms_absent",
    "symptoms_unsure",
    "advice",
    "reviewed",
    "reviewed_by",
    "reviewed_at",
    "follow_up_status",
    "assignee",
    "booking_clicks",
    "booked_at",
)
# Only in an export with contact details (admins only, audited).
CONTACT_COLUMNS = ("contact_name", "contact_phone")


def write_records(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> None:
    """Write `records` to `out` in `fmt` (one of FORMATS)."""
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "json":
        json.dump(list(records), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "fhir":
        from bot.fhir.client import fhir_bundle  # a subprocess per record: only here

        for record in records:
            out.write(json.dumps(fhir_bundle(record), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        records = list(records)
        with_contacts = any("contact" in record for record in records)
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS + (CONTACT_COLUMNS if with_contacts else ()))
        for record in records:
            values = csv_row(record, with_contacts=with_contacts)
            writer.writerow(neutralise(_cell(value)) for value in values)
    else:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {FORMATS}.")


def csv_row(record: dict[str, Any], *, with_contacts: bool = False) -> list[Any]:
    """The record's values in CSV_COLUMNS order (then CONTACT_COLUMNS)."""
    criteria = record.get("criteria") or {}
    symptoms = record.get("symptoms") or []
    contact = record.get("contact") or {}
    flat = {
        **record,
        **(record.get("staff_work") or {}),
        "contact_name": contact.get("name"),
        "contact_phone": contact.get("phone"),
        **{f"criteria.{name}": criteria.get(name) for name in CRITERIA},
        "red_flags": "; ".join(record.get("red_flags") or []),
        "symptoms_present": "; ".join(
            _symptom(item) for item in symptoms if item.get("present")
        ),
        "symptoms_absent": "; ".join(
            item["concept"] for item in symptoms if item.get("present") is False
        ),
        "symptoms_unsure": "; ".join(
            item["concept"] for item in symptoms if item.get("present") is None
        ),
    }
    columns = CSV_COLUMNS + (CONTACT_COLUMNS if with_contacts else ())
    return [flat.get(column) for column in columns]


def neutralise(cell: str) -> str:
    """Make a spreadsheet show the cell as text instead of running it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _symptom(item: dict[str, Any]) -> str:
    side = item.get("side")
    return f"{item['concept']} ({side})" if side else item["concept"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
