"""Export writers: JSON lines, JSON, and CSV that a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage.export import CSV_COLUMNS, FORMULA_STARTS, neutralise, write_records

from .helpers import record

TRANSCRIPT = [
    {"sender": "patient", "text": "my jaw clicks", "at": "2024-06-01T11:55:00+00:00"}
]


def exported(**fields: object) -> dict:
    return {"screening_id": 7, **record(**fields), "transcript": TRANSCRIPT}


def write(records: list[dict], fmt: str) -> str:
    out = io.StringIO()
    write_records(records, fmt, out)
    return out.getvalue()


def csv_rows(records: list[dict]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(write(records, "csv"))))


def test_jsonl_is_one_object_per_line() -> None:
    records = [exported(), exported(conversation_id="café")]
    lines = write(records, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == records
    assert "café" in lines[1]  # readable, not \u-escaped


def test_json_is_one_array() -> None:
    assert json.loads(write([exported()], "json")) == [exported()]


def test_csv_has_flat_columns() -> None:
    (row,) = csv_rows(
        [exported(red_flags=["fever", "pregnancy"], triage="see_physician_first")]
    )
    assert tuple(row) == CSV_COLUMNS
    assert row["screening_id"] == "7"
    assert row["triage"] == "see_physician_first"
    assert row["booking_link_offered"] == "true"
    assert row["criteria.restricted_rom"] == "met"
    assert row["criteria.ipsilateral_pain"] == "unknown"
    assert row["red_flags"] == "fever; pregnancy"
    assert row["symptoms_present"] == "neck_pain (right)"
    assert row["symptoms_absent"] == "fever"
    assert row["age"] == "42"


def test_csv_holds_no_free_text_from_the_patient() -> None:
    text = write([exported()], "csv")
    assert "my neck hurts" not in text and "my jaw clicks" not in text


def test_csv_leaves_missing_values_empty() -> None:
    (row,) = csv_rows([exported(age=None, booking_reference=None, criteria={})])
    assert row["age"] == row["booking_reference"] == row["criteria.restricted_rom"]
    assert row["age"] == ""


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (
            '=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("conv-1", "conv-1"),
        ("1+1", "1+1"),
        ("", ""),
    ],
)
def test_neutralise_cells_a_spreadsheet_would_run(cell: str, shown: str) -> None:
    assert neutralise(cell) == shown


@given(st.text())
def test_no_neutralised_cell_starts_a_formula_and_none_loses_text(cell: str) -> None:
    shown = neutralise(cell)
    assert not shown.startswith(FORMULA_STARTS)
    assert shown in (cell, "'" + cell)


def test_csv_neutralises_formulas_in_any_column() -> None:
    (row,) = csv_rows(
        [
            exported(
                conversation_id='=HYPERLINK("http://evil.example")',
                booking_reference="+1",
                channel="@x",
                ruleset_version="-1",
            )
        ]
    )
    assert row["conversation_id"] == '\'=HYPERLINK("http://evil.example")'
    assert row["booking_reference"] == "'+1"
    assert row["channel"] == "'@x"
    assert row["ruleset_version"] == "'-1"


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown export format 'xml'"):
        write([], "xml")


def test_csv_lists_not_sure_answers_apart_from_absent_ones() -> None:
    symptoms = [
        {"concept": "fever", "present": False, "side": None, "evidence": None},
        {"concept": "pregnancy", "present": None, "side": None, "evidence": None},
    ]
    (row,) = csv_rows([exported(symptoms=symptoms)])
    assert (row["symptoms_absent"], row["symptoms_unsure"]) == ("fever", "pregnancy")
