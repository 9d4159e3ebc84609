"""Retention: old data and single conversations leave every table; audit rows stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.storage import retention
from bot.storage.db import Database
from bot.storage.repository import ScreeningFilter, ScreeningRepository
from bot.storage.retention import Removed

from .helpers import NOW, audit_rows, record

DAY = timedelta(days=1)
CUTOFF = NOW - 30 * DAY


@pytest.fixture
def stored(
    repo: ScreeningRepository, reviewer: str, rasa_events: Callable[..., None]
) -> dict[str, int]:
    """An old and a recent conversation, each with a screening, a note and events."""
    ids = {
        "old": repo.save_record(
            record("old", completed_at=NOW - 40 * DAY, red_flags=["fever"])
        ),
        "new": repo.save_record(record("new", completed_at=NOW - DAY)),
    }
    for name, screening_id in ids.items():
        repo.add_note(screening_id, author=reviewer, text=f"note on {name}")
    rasa_events("old", ("user", "hello", NOW - 40 * DAY), ("bot", "hi", NOW - 40 * DAY))
    rasa_events("new", ("user", "hello", NOW - DAY))
    repo.list_screenings(actor=reviewer)  # one audit row from before
    return ids


def counts(database: Database) -> dict[str, int]:
    tables = ("screenings", "screening_notes", "screening_red_flags", "events")
    with database.engine.connect() as connection:
        return {
            table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
            for table in tables
        }


def remaining(repo: ScreeningRepository) -> list[str]:
    page = repo.list_screenings(ScreeningFilter(), actor="test")
    return [item.conversation_id for item in page.items]


def test_purge_deletes_what_is_older_than_the_cutoff(
    database: Database, repo: ScreeningRepository, stored: dict[str, int]
) -> None:
    audited = audit_rows(database)

    removed = retention.purge(database, cutoff=CUTOFF, actor="cli:ops")

    assert removed == Removed(screenings=1, notes=1, events=4, conversations=1)
    assert counts(database) == {
        "screenings": 1,
        "screening_notes": 1,
        "screening_red_flags": 0,
        "events": 2,
    }
    assert remaining(repo) == ["new"]
    rows = audit_rows(database)
    assert rows[: len(audited)] == audited  # earlier audit rows are kept
    assert (rows[len(audited)]["actor"], rows[len(audited)]["action"]) == (
        "cli:ops",
        "purge",
    )
    assert rows[len(audited)]["target"] == (
        "before=2024-05-02T12:00:00+00:00 screenings=1 notes=1 contacts=0 events=4 "
        "conversations=1"
    )


def test_a_dry_run_counts_and_deletes_nothing(
    database: Database, stored: dict[str, int]
) -> None:
    before, audited = counts(database), audit_rows(database)
    removed = retention.purge(database, cutoff=CUTOFF, actor="cli:ops", dry_run=True)
    assert removed == Removed(screenings=1, notes=1, events=4, conversations=1)
    assert counts(database) == before
    assert audit_rows(database) == audited


def test_a_conversation_is_deleted_from_every_table(
    database: Database, repo: ScreeningRepository, stored: dict[str, int]
) -> None:
    removed = retention.delete_conversation(database, "old", actor="alice")
    assert removed == Removed(screenings=1, notes=1, events=4, conversations=1)
    assert counts(database) == {
        "screenings": 1,
        "screening_notes": 1,
        "screening_red_flags": 0,
        "events": 2,
    }
    assert remaining(repo) == ["new"]
    last = audit_rows(database)[-2]  # the last is remaining()'s own view_list
    assert (last["actor"], last["action"]) == ("alice", "delete")
    assert last["target"].startswith("conversation=old screenings=1 notes=1")


def test_deleting_an_unknown_conversation_removes_nothing(
    database: Database, stored: dict[str, int]
) -> None:
    before = counts(database)
    removed = retention.delete_conversation(database, "unknown", actor="alice")
    assert not removed.anything
    assert counts(database) == before


def test_the_report_reads_as_a_sentence() -> None:
    assert Removed(1, 0, 14, 1).describe() == (
        "1 screening, 0 notes and 14 events of 1 conversation"
    )


@pytest.mark.parametrize("days", [0, -5])
def test_retention_needs_at_least_a_day(days: int) -> None:
    with pytest.raises(ValueError, match="at least 1 day"):
        retention.cutoff_for(days)


def test_the_cutoff_is_that_many_days_back() -> None:
    assert retention.cutoff_for(30, now=NOW) == CUTOFF
