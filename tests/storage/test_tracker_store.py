"""Rasa's SQL tracker store on DATABASE_URL: fails fast, then stores events."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import read_endpoint_config

from bot.rasa_internals import RASA_VERSION, UnsupportedRasa
from bot.settings import PROJECT_ROOT
from bot.storage.db import Database
from bot.storage.tracker_store import (
    BLANKED,
    TrackerStoreUnavailable,
    UrlSQLTrackerStore,
)
from bot.storage.transcripts import read_transcripts
from tests.support.rasa_methods import pretend_rasa_is

from .helpers import NOW

UNREACHABLE = "postgresql://clinic:s3cret@127.0.0.1:1/screening"


def test_an_unreachable_database_stops_rasa_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(TrackerStoreUnavailable) as raised:
        UrlSQLTrackerStore(domain=Domain.empty(), host=UNREACHABLE)
    assert time.monotonic() - started < 10
    assert isinstance(raised.value, RasaException)  # Rasa's CLI prints and exits
    message = str(raised.value)
    assert "Cannot reach the database at postgresql://clinic:***@127.0.0.1:1" in message
    assert "Check DATABASE_URL" in message and "s3cret" not in message


def test_another_rasa_stops_rasa_before_the_store_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The store overrides private methods of this Rasa's SQLTrackerStore."""
    pretend_rasa_is(monkeypatch, "3.7.0")
    with pytest.raises(UnsupportedRasa, match=f"needs Rasa {RASA_VERSION}"):
        UrlSQLTrackerStore(domain=Domain.empty(), host=UNREACHABLE)


def test_a_database_not_migrated_stops_rasa_with_the_fix(database_url: str) -> None:
    with pytest.raises(TrackerStoreUnavailable, match="Run: python -m bot db upgrade"):
        UrlSQLTrackerStore(domain=Domain.empty(), host=database_url)


def test_the_store_keeps_conversations_where_exports_read_them(
    database: Database, database_url: str
) -> None:
    store = UrlSQLTrackerStore(domain=Domain.empty(), host=database_url)
    tracker = DialogueStateTracker.from_events(
        "conv-1",
        [
            UserUttered("my head hurts", timestamp=NOW.timestamp()),
            BotUttered("Thank you.", timestamp=NOW.timestamp() + 1),
        ],
    )
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve("conv-1")).latest_message.text == "my head hurts"
    store.engine.dispose()

    with database.sessions() as session:
        lines = read_transcripts(session, ["conv-1"])["conv-1"]
    assert [(line.sender, line.text, line.at) for line in lines] == [
        ("patient", "my head hurts", NOW),
        ("bot", "Thank you.", NOW.replace(second=1)),
    ]


def test_endpoints_yml_gives_this_store_on_database_url(
    database: Database, configured: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Set by `python -m bot serve rasa`; Rasa refuses the file if it is unset.
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "t")
    config = read_endpoint_config(str(PROJECT_ROOT / "endpoints.yml"), "tracker_store")
    store = TrackerStore.create(config, Domain.empty())
    assert isinstance(store, UrlSQLTrackerStore)  # not Rasa's in-memory fallback
    assert store.engine.url.render_as_string(hide_password=False) == configured
    store.engine.dispose()


def test_turns_read_and_count_the_latest_session_as_rasas_own_queries(
    database: Database, database_url: str
) -> None:
    """The store's plain-SQL reads of a conversation's latest session (each turn)
    give what Rasa's ORM queries give, with and without an earlier session."""
    store = UrlSQLTrackerStore(domain=Domain.empty(), host=database_url)
    start = NOW.timestamp()
    first = [UserUttered("hello", timestamp=start), BotUttered("Hi", timestamp=start)]
    second = [
        SessionStarted(timestamp=start + 10),
        UserUttered("my jaw clicks", timestamp=start + 11),
        BotUttered("Thank you.", timestamp=start + 12),
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events("one-session", first)))
    asyncio.run(
        store.save(DialogueStateTracker.from_events("two-sessions", first + second))
    )
    try:
        for sender in ("one-session", "two-sessions", "nobody"):
            ours = asyncio.run(store.retrieve(sender))
            rasas = asyncio.run(SQLTrackerStore._retrieve(store, sender, False))
            assert (ours and list(ours.events)) == (rasas and list(rasas.events))
            grown = DialogueStateTracker.from_events(
                sender, [*(ours.events if ours else []), UserUttered("new")]
            )
            with store.session_scope() as session:
                new = list(SQLTrackerStore._additional_events(store, session, grown))
                stored = store._stored_count(session, sender)
                assert list(grown.events)[stored:] == new
        latest = asyncio.run(store.retrieve("two-sessions")).events
        assert [e.text for e in latest if isinstance(e, UserUttered)] == [
            "my jaw clicks"
        ]
    finally:
        store.engine.dispose()


def test_saved_rows_are_the_ones_rasa_saves(
    database: Database, database_url: str
) -> None:
    store = UrlSQLTrackerStore(domain=Domain.empty(), host=database_url)
    events = [
        UserUttered(
            "my jaw clicks",
            intent={"name": "describe_symptoms", "confidence": 0.9},
            timestamp=NOW.timestamp(),
        ),
        ActionExecuted("action_listen", timestamp=NOW.timestamp() + 1),
        BotUttered("Thank you.", timestamp=NOW.timestamp() + 2),
    ]
    try:
        for sender, save in (("ours", store.save), ("rasas", rasas_save(store))):
            tracker = DialogueStateTracker.from_events(sender, events[:1])
            asyncio.run(save(tracker))
            tracker.update_with_events(events[1:], None, override_timestamp=False)
            asyncio.run(save(tracker))  # only the two new events are added
        assert stored_rows(store, "ours") == stored_rows(store, "rasas")
        assert len(stored_rows(store, "ours")) == 3
    finally:
        store.engine.dispose()


def rasas_save(store: UrlSQLTrackerStore) -> Any:
    return lambda tracker: SQLTrackerStore.save(store, tracker)


def stored_rows(store: UrlSQLTrackerStore, sender: str) -> list[tuple]:
    table = store.SQLEvent.__table__
    columns = [c for c in table.columns if c.name not in ("id", "sender_id")]
    query = sa.select(*columns).where(table.c.sender_id == sender).order_by(table.c.id)
    with store.session_scope() as session:
        return [tuple(row) for row in session.execute(query)]


def test_messages_that_gave_contact_details_are_stored_blanked(
    database: Database, database_url: str
) -> None:
    """The name and number a visitor typed for a call-back are kept only encrypted
    (bot/storage/contacts.py): the events table never holds them."""
    store = UrlSQLTrackerStore(domain=Domain.empty(), host=database_url)
    start = NOW.timestamp()
    events = [
        UserUttered("my neck hurts", timestamp=start),
        ActiveLoop("callback_form", timestamp=start + 1),
        SlotSet(REQUESTED_SLOT, "callback_name", timestamp=start + 1),
        UserUttered(
            "Jane Q. Patient",
            parse_data={"intent": {"name": "inform"}, "entities": [], "text": "Jane"},
            timestamp=start + 2,
        ),
        SlotSet(REQUESTED_SLOT, "callback_phone", timestamp=start + 3),
        UserUttered("416 555 0123", timestamp=start + 4),
        SlotSet(REQUESTED_SLOT, None, timestamp=start + 5),
        ActiveLoop(None, timestamp=start + 5),
        UserUttered("thanks", timestamp=start + 6),
    ]
    try:
        asyncio.run(store.save(DialogueStateTracker.from_events("web-x", events[:4])))
        asyncio.run(store.save(DialogueStateTracker.from_events("web-x", events)))
        with database.engine.connect() as connection:
            stored = " ".join(
                connection.exec_driver_sql("SELECT data FROM events").scalars()
            )
        assert "Jane" not in stored and "555" not in stored
        texts = [
            e.text
            for e in asyncio.run(store.retrieve("web-x")).events
            if isinstance(e, UserUttered)
        ]
        assert texts == ["my neck hurts", BLANKED, BLANKED, "thanks"]
    finally:
        store.engine.dispose()
