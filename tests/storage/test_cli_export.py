"""`python -m bot export`: records with transcripts, filters, CSV safety, audit."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.cli import main
from bot.settings import PROJECT_ROOT
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository

from .helpers import NO_STAFF_WORK, NOW, audit_rows, record

DAY = timedelta(days=1)
INJECTED = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def stored(
    database: Database,
    configured: str,
    repo: ScreeningRepository,
    rasa_events: Callable[..., None],
) -> Database:
    repo.save_record(record("early", completed_at=NOW - 2 * DAY))
    repo.save_record(record(INJECTED, completed_at=NOW, booking_reference="+1"))
    rasa_events(
        "early", ("user", "hello", NOW - 2 * DAY), ("bot", "Hi!", NOW - 2 * DAY)
    )
    return database


def export(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_prints_each_record_with_its_transcript(
    stored: Database, capsys: pytest.CaptureFixture
) -> None:
    code, out, err = export(capsys, "--format", "jsonl")
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert {k: v for k, v in first.items() if k != "screening_id"} == {
        **record("early", completed_at=NOW - 2 * DAY),
        "transcript": [
            {"sender": "patient", "text": "hello", "at": "2024-05-30T12:00:00+00:00"},
            {"sender": "bot", "text": "Hi!", "at": "2024-05-30T12:00:00+00:00"},
        ],
        "staff_work": NO_STAFF_WORK,
    }
    assert (second["conversation_id"], second["transcript"]) == (INJECTED, [])
    assert "contact" not in first  # only with --with-contacts
    assert "Exported screenings: 2." in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["early", INJECTED]),
        (["--conversation", "early"], ["early"]),
        (["--since", "2024-06-01"], [INJECTED]),
        (["--since", "2024-05-30T12:00:00Z"], ["early", INJECTED]),
        (["--since", "2024-05-31", "--conversation", "early"], []),
    ],
)
def test_since_and_conversation_narrow_the_export(
    stored: Database, capsys: pytest.CaptureFixture, args: list[str], expected: list
) -> None:
    code, out, _ = export(capsys, *args)
    assert code == 0
    assert [
        json.loads(line)["conversation_id"] for line in out.splitlines()
    ] == expected


def test_csv_neutralises_formulas(
    stored: Database, capsys: pytest.CaptureFixture
) -> None:
    code, out, _ = export(capsys, "--format", "csv", "--since", "2024-06-01")
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["conversation_id"] == "'" + INJECTED
    assert row["booking_reference"] == "'+1"
    assert "hello" not in out


def test_an_export_writes_an_audit_row(
    stored: Database, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "ops")
    before = len(audit_rows(stored))
    export(capsys, "--format", "csv", "--since", "2024-06-01")
    (row,) = audit_rows(stored)[before:]
    assert (row["actor"], row["action"], row["target"]) == (
        "cli:ops",
        "export",
        "format=csv records=1 since=2024-06-01T00:00:00+00:00",
    )


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "01/06/2024"])
def test_a_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture, value: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", "--since", value])
    assert exited.value.code == 2
    assert f"invalid date '{value}': use YYYY-MM-DD" in capsys.readouterr().err


def test_a_database_never_migrated_says_what_to_run(
    configured: str, capsys: pytest.CaptureFixture
) -> None:
    code, out, err = export(capsys)
    assert (code, out) == (1, "")
    assert "has none of the screening tables yet. Run: python -m bot db upgrade" in err


def test_an_unreachable_database_says_so_without_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from bot.settings import get_settings
    from bot.storage.db import database_for

    monkeypatch.setenv("DATABASE_URL", "postgresql://clinic:s3cret@127.0.0.1:1/x")
    get_settings.cache_clear()
    database_for.cache_clear()
    try:
        code, _, err = export(capsys)
    finally:
        get_settings.cache_clear()
        database_for.cache_clear()
    assert code == 1
    assert "Cannot reach the database at postgresql://clinic:***@127.0.0.1:1/x" in err
    assert "Check DATABASE_URL" in err and "s3cret" not in err


def test_the_module_entry_point_exports(stored: Database, configured: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "export", "--conversation", "early"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": configured, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["transcript"][0]["text"] == "hello"


def test_contacts_need_contact_key_and_fhir_gives_a_bundle_per_line(
    stored: Database, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONTACT_KEY", raising=False)
    code, _, err = export(capsys, "--with-contacts")
    assert (code, err) == (1, "Error: --with-contacts needs CONTACT_KEY to be set.\n")
    code, out, _ = export(capsys, "--format", "fhir")
    bundles = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [b["resourceType"] for b in bundles] == ["Bundle", "Bundle"]
