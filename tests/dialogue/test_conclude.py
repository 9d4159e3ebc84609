"""Concluding a screening reads the conversation the Rasa server stored, not the call.

Issue 13, item 6: anyone who reached the action server could post a made-up
conversation and have a "not indicated" record stored over a real emergency. Each
test stores a conversation the way Rasa's tracker store does (a migrated SQLite
database), then concludes from a call's conversation (`posted`), as the action
server receives it. The last tests conclude through a fake repository instead,
with no database at all (issue 14, item 1).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from actions.actions import read_screening
from bot.dialogue.conclude import DatabaseRepository, Screening, conclude
from bot.dialogue.screening_state import ScreeningState
from bot.screening import load_ruleset
from bot.settings import PROJECT_ROOT, get_settings
from bot.storage import migrate
from bot.storage.conversations import UnknownConversation, stored_conversation
from bot.storage.db import Database, database_for
from bot.storage.models import ScreeningRow
from bot.storage.records import record_from_row
from bot.storage.tracker_store import UrlSQLTrackerStore

DOMAIN = Domain.load(PROJECT_ROOT / "domain.yml")
RULES = load_ruleset()
ALL_DENIED = {c: {"status": "absent"} for c in RULES.concept_ids}
FAINTED = {**ALL_DENIED, "fainting": {"status": "present"}}
T0 = 1_700_000_000.0
STARTED = datetime.fromtimestamp(T0, timezone.utc)


@contextmanager
def database_url(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """DATABASE_URL is `url` inside, with the settings and engines read again."""
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    database_for.cache_clear()
    try:
        yield
    finally:
        database_for.cache_clear()
        get_settings.cache_clear()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """DATABASE_URL: a migrated SQLite file, for the tracker store and the records."""
    url = f"sqlite:///{tmp_path / 'screening.db'}"
    with database_url(url, monkeypatch):
        migrate.upgrade(database_for(url))
        yield database_for(url)
        database_for(url).dispose()


def store(sender: str, events: list[Event]) -> None:
    """Save the conversation as the Rasa server does at the end of a turn."""
    tracker_store = UrlSQLTrackerStore(domain=DOMAIN)
    asyncio.run(tracker_store.save(tracker(sender, events)))
    tracker_store.engine.dispose()


def tracker(sender: str, events: list[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def posted(sender: str, events: list[Event]) -> dict[str, Any]:
    """The tracker of an action server call, as Rasa posts it."""
    return tracker(sender, events).current_state(EventVerbosity.ALL)


def at(seconds: float) -> float:
    return T0 + seconds


def earlier_turns(findings: dict[str, Any]) -> list[Event]:
    """A conversation at the onset question: stored, waiting for the answer."""
    return [
        ActionExecuted("action_listen", timestamp=at(0)),
        ActionExecuted("action_session_start", timestamp=at(1)),
        SessionStarted(timestamp=at(1)),
        ActionExecuted("action_listen", timestamp=at(1)),
        UserUttered("yes", {"name": "affirm"}, timestamp=at(2), input_channel="rest"),
        SlotSet("findings", findings, timestamp=at(3)),
        SlotSet("story", True, timestamp=at(3)),
        SlotSet("age", 40, timestamp=at(3)),
        SlotSet("requested_slot", "q_onset", timestamp=at(3)),
        ActionExecuted("action_listen", timestamp=at(4)),
    ]


def onset_answer(seconds: float = 10) -> list[Event]:
    """The turn in progress: the answer, and what the form read from it."""
    return [
        UserUttered(
            "recent", {"name": "inform"}, timestamp=at(seconds), input_channel="rest"
        ),
        ActionExecuted("screening_form", timestamp=at(seconds + 1)),
        SlotSet("onset", "recent", timestamp=at(seconds + 1)),
        SlotSet("requested_slot", None, timestamp=at(seconds + 1)),
    ]


def read_slots(conversation: dict[str, Any]) -> Screening:
    """The screening in the conversation's slots (what the action reads, plainly)."""
    slots = conversation["slots"]
    state = ScreeningState(
        slots["findings"] or {}, slots["age"], slots["onset"], bool(slots["story"])
    )
    return Screening(state.screening_input(), "rest", STARTED)


def stored_records(database: Database, sender: str) -> list[dict[str, Any]]:
    query = sa.select(ScreeningRow).where(ScreeningRow.conversation_id == sender)
    with database.sessions() as session:
        return [record_from_row(row) for row in session.scalars(query)]


def test_item6_a_call_for_a_conversation_the_rasa_server_does_not_hold_stores_nothing(
    database: Database,
) -> None:
    call = posted("forged", [*earlier_turns(ALL_DENIED), *onset_answer()])
    with pytest.raises(UnknownConversation):
        conclude(read_slots, conversation=call, repository=DatabaseRepository(database))
    assert stored_records(database, "forged") == []


def test_item6_a_made_up_history_of_a_real_conversation_stores_nothing(
    database: Database,
) -> None:
    """Rasa holds an emergency; the call says all was denied, in a history of its
    own (other times), then answers the last question."""
    store("visitor", earlier_turns(FAINTED))
    made_up = [
        ActionExecuted("action_listen", timestamp=at(100)),
        SlotSet("findings", ALL_DENIED, timestamp=at(101)),
        SlotSet("story", True, timestamp=at(101)),
        SlotSet("age", 40, timestamp=at(101)),
        ActionExecuted("action_listen", timestamp=at(102)),
    ]
    call = posted("visitor", made_up + onset_answer())
    with pytest.raises(UnknownConversation):
        conclude(read_slots, conversation=call, repository=DatabaseRepository(database))
    assert stored_records(database, "visitor") == []


def test_item6_the_slots_of_the_call_are_not_what_is_stored(
    database: Database,
) -> None:
    store("visitor", earlier_turns(FAINTED))
    call = posted("visitor", [*earlier_turns(FAINTED), *onset_answer()])
    call["slots"]["findings"] = ALL_DENIED
    conclusion = conclude(
        read_slots, conversation=call, repository=DatabaseRepository(database)
    )
    assert conclusion.outcome.triage == "emergency"
    assert [r["triage"] for r in stored_records(database, "visitor")] == ["emergency"]


def test_item6_the_answer_rasa_has_not_stored_yet_comes_from_the_turn_in_progress(
    database: Database,
) -> None:
    """Rasa saves the turn after its last action: the onset is only in the call."""
    store("visitor", earlier_turns(ALL_DENIED))
    call = posted("visitor", [*earlier_turns(ALL_DENIED), *onset_answer()])
    conclude(read_screening, conversation=call, repository=DatabaseRepository(database))
    (record,) = stored_records(database, "visitor")
    assert (record["age"], record["onset"], record["channel"]) == (40, "recent", "rest")


def test_item6_a_session_started_in_this_turn_leaves_the_old_answers_behind(
    database: Database,
) -> None:
    store("visitor", earlier_turns(FAINTED))
    new_session = [
        ActionExecuted("action_session_start", timestamp=at(5000)),
        SessionStarted(timestamp=at(5000)),
        ActionExecuted("action_listen", timestamp=at(5000)),
        UserUttered("hello", {"name": "greet"}, timestamp=at(5001)),
    ]
    call = posted("visitor", [*earlier_turns(FAINTED), *new_session])
    slots = stored_conversation(database, call)["slots"]
    assert (slots["findings"], slots["age"], slots["story"]) == (None, None, None)


# ---- issue 14, item 1: a fake repository stands in for the database ------------------


@dataclass
class FakeRepository:
    """Stored conversations and saved records, in memory."""

    conversations: dict[str, dict[str, Any]]
    records: list[dict[str, Any]] = field(default_factory=list)

    def stored_conversation(self, posted: Mapping[str, Any]) -> dict[str, Any]:
        if posted["sender_id"] not in self.conversations:
            raise UnknownConversation("the Rasa server holds no such conversation")
        return self.conversations[posted["sender_id"]]

    def save_record(self, record: Mapping[str, Any]) -> int:
        self.records.append(dict(record))
        return len(self.records)


@pytest.fixture
def no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """DATABASE_URL names a file no one can open: any use of it fails the test."""
    missing = tmp_path / "missing"
    with database_url(f"sqlite:///{missing / 'screening.db'}", monkeypatch):
        yield
    assert not missing.exists()


def test_issue14_concluding_reads_and_stores_through_the_repository(
    no_database: None,
) -> None:
    stored = posted("visitor", [*earlier_turns(FAINTED), *onset_answer()])
    repository = FakeRepository({"visitor": stored})
    call = posted("visitor", [*earlier_turns(ALL_DENIED), *onset_answer()])
    conclusion = conclude(read_slots, conversation=call, repository=repository)
    assert conclusion.outcome.triage == "emergency"  # the stored one, not the call
    (record,) = repository.records
    assert (record["conversation_id"], record["triage"]) == ("visitor", "emergency")


def test_issue14_an_unknown_conversation_stores_nothing_in_the_repository(
    no_database: None,
) -> None:
    repository = FakeRepository({})
    call = posted("forged", [*earlier_turns(ALL_DENIED), *onset_answer()])
    with pytest.raises(UnknownConversation):
        conclude(read_slots, conversation=call, repository=repository)
    assert repository.records == []
