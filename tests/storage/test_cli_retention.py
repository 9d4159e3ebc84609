"""`python -m bot retention`: purge and delete-conversation report what they did."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.cli import main
from bot.settings import get_settings
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from bot.storage.times import utcnow

from .helpers import audit_rows, record

DAY = timedelta(days=1)


@pytest.fixture
def stored(
    database: Database,
    configured: str,
    repo: ScreeningRepository,
    reviewer: str,
    rasa_events: Callable[..., None],
) -> Database:
    now = utcnow()
    for name, age in (("old", 40 * DAY), ("new", DAY)):
        screening_id = repo.save_record(record(name, completed_at=now - age))
        repo.add_note(screening_id, author=reviewer, text="called back")
        rasa_events(name, ("user", "hello", now - age))
    return database


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    code = main(["retention", *args])
    return code, capsys.readouterr().out


def test_purge_reports_what_it_deleted(
    stored: Database, capsys: pytest.CaptureFixture
) -> None:
    code, out = run(capsys, "purge", "--days", "30")
    assert code == 0
    assert out.startswith(
        "Deleted 1 screening, 1 note and 2 events of 1 conversation older than "
        "30 days (before "
    )
    assert run(capsys, "purge", "--days", "30")[1].startswith(
        "Deleted 0 screenings, 0 notes and 0 events of 0 conversations"
    )
    assert [row["action"] for row in audit_rows(stored)][-2:] == ["purge", "purge"]


def test_a_dry_run_only_counts(stored: Database, capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "purge", "--days", "30", "--dry-run")
    assert (code, out.split(" older")[0]) == (
        0,
        "Would delete 1 screening, 1 note and 2 events of 1 conversation",
    )
    assert run(capsys, "purge", "--days", "30")[1].startswith("Deleted 1 screening")


def test_purge_keeps_retention_days_by_default(
    stored: Database, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "60")
    get_settings.cache_clear()
    assert run(capsys, "purge")[1].startswith("Deleted 0 screenings")
    monkeypatch.setenv("RETENTION_DAYS", "0")
    get_settings.cache_clear()
    assert main(["retention", "purge"]) == 1
    assert "RETENTION_DAYS is 0; it must be 1 or more" in capsys.readouterr().err


@pytest.mark.parametrize("days", ["0", "-3", "a year"])
def test_days_must_be_positive(capsys: pytest.CaptureFixture, days: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["retention", "purge", "--days", days])
    assert exited.value.code == 2
    assert "invalid number of days" in capsys.readouterr().err


def test_delete_conversation_reports_and_audits(
    stored: Database, capsys: pytest.CaptureFixture
) -> None:
    code, out = run(capsys, "delete-conversation", "new")
    assert (code, out) == (
        0,
        "Deleted 1 screening, 1 note and 2 events of 1 conversation "
        "(conversation 'new').\n",
    )
    assert audit_rows(stored)[-1]["target"] == (
        "conversation=new screenings=1 notes=1 contacts=0 events=2 conversations=1"
    )
    code, out = run(capsys, "delete-conversation", "new")
    assert (code, out) == (1, "Nothing is stored for conversation 'new'.\n")
