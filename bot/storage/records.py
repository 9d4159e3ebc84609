"""The stored screening record (spec section 3): checked on the way in, rebuilt on
the way out.

The screening engine's `build_record()` makes the dict. It is stored only when it
has exactly the known fields with the right types: a field the engine adds later
fails loudly here (it needs a column and a migration) instead of being dropped.
Error messages name the field and the problem, never the value (it may be health
information).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.errors import InvalidRecord
from bot.storage.models import RedFlagRow, ScreeningRow
from bot.storage.times import iso, parse_iso, to_utc

# name -> (accepted types, required); None in the types means null is allowed.
FIELDS: dict[str, tuple[tuple[type | None, ...], bool]] = {
    "conversation_id": ((str,), True),
    "channel": ((str,), True),
    "started_at": ((str, datetime), True),
    "completed_at": ((str, datetime), True),
    "ruleset_version": ((str,), True),
    "triage": ((str,), True),
    "booking_link_offered": ((bool,), True),
    "criteria": ((dict,), True),
    "red_flags": ((list,), True),
    "symptoms": ((list,), True),
    "age": ((int, None), True),
    "booking_reference": ((str, None), False),
    "onset": ((str, None), False),
    "advice": ((str, None), False),
}
NON_EMPTY = ("conversation_id", "channel", "ruleset_version", "triage")
RECORD_ORDER = tuple(FIELDS)


@dataclass(frozen=True)
class CheckedRecord:
    """A record that passed the checks, as the values of a new `ScreeningRow`."""

    columns: dict[str, Any]
    red_flags: list[str]

    def to_row(self) -> ScreeningRow:
        row = ScreeningRow(**self.columns)
        row.red_flag_rows = [
            RedFlagRow(flag=flag, position=position)
            for position, flag in enumerate(self.red_flags)
        ]
        return row


def check_record(record: Mapping[str, Any]) -> CheckedRecord:
    """Check a record dict; raise `InvalidRecord` naming every problem found."""
    problems = _field_problems(record)
    if problems:
        raise InvalidRecord("Screening record not stored: " + "; ".join(problems))
    columns = {name: record.get(name) for name in FIELDS if name != "red_flags"}
    for name in ("started_at", "completed_at"):
        columns[name] = _moment(name, record[name])
    if columns["completed_at"] < columns["started_at"]:
        raise InvalidRecord("Screening record not stored: completed_at < started_at")
    # A flag listed twice is one red flag; keep the first position.
    return CheckedRecord(columns, list(dict.fromkeys(record["red_flags"])))


def record_from_row(row: ScreeningRow) -> dict[str, Any]:
    """The record dict as stored (times as ISO-8601 UTC), in the spec's field order."""
    values = {name: getattr(row, name) for name in RECORD_ORDER}
    values["started_at"] = iso(row.started_at)
    values["completed_at"] = iso(row.completed_at)
    return values


def _field_problems(record: Mapping[str, Any]) -> list[str]:
    problems = [f"unknown field '{name}'" for name in record if name not in FIELDS]
    for name, (types, required) in FIELDS.items():
        if name not in record:
            if required:
                problems.append(f"missing field '{name}'")
            continue
        problem = _value_problem(name, record[name], types)
        if problem:
            problems.append(f"field '{name}' {problem}")
    return problems


def _value_problem(name: str, value: Any, types: tuple[type | None, ...]) -> str:
    if value is None:
        return "" if None in types else "must not be null"
    # bool is an int in Python; an age of True is a bug, not an age.
    if not isinstance(value, tuple(t for t in types if t)) or (
        isinstance(value, bool) and bool not in types
    ):
        accepted = " or ".join("null" if t is None else t.__name__ for t in types)
        return f"must be {accepted}, not {type(value).__name__}"
    if isinstance(value, str):
        return _text_problem(name, value)
    if name == "red_flags":
        return _red_flags_problem(value)
    if name == "symptoms":
        return _symptoms_problem(value)
    if name == "criteria" and not all(
        isinstance(key, str) and isinstance(status, str)
        for key, status in value.items()
    ):
        return "must map criterion names to statuses (strings)"
    return ""


def _text_problem(name: str, value: str) -> str:
    if name in NON_EMPTY and not value.strip():
        return "must not be empty"
    column = ScreeningRow.__table__.c.get(name)
    limit = getattr(column.type, "length", None) if column is not None else None
    return f"is longer than {limit} characters" if limit and len(value) > limit else ""


def _red_flags_problem(flags: list[Any]) -> str:
    limit = RedFlagRow.__table__.c.flag.type.length
    if all(isinstance(flag, str) and 0 < len(flag) <= limit for flag in flags):
        return ""
    return f"must list concept ids (strings of 1 to {limit} characters)"


def _symptoms_problem(symptoms: list[Any]) -> str:
    if all(
        isinstance(item, dict)
        and isinstance(item.get("concept"), str)
        and "present" in item
        and (item["present"] is None or isinstance(item["present"], bool))
        for item in symptoms
    ):
        return ""
    return (
        "must list objects with a 'concept' (string) and 'present' "
        "(true/false, or null for 'not sure')"
    )


def _moment(name: str, value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        return to_utc(value)
    try:
        return parse_iso(value)
    except ValueError:
        raise InvalidRecord(
            f"Screening record not stored: field '{name}' is not an ISO-8601 time"
        ) from None
