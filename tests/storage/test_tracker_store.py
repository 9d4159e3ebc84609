"""Rasa's SQL tracker store on DATABASE_URL: fails fast, then stores events."""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import read_endpoint_config

from bot.settings import PROJECT_ROOT
from bot.storage.db import Database
from bot.storage.tracker_store import TrackerStoreUnavailable, UrlSQLTrackerStore
from bot.storage.transcripts import read_transcripts

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
    database: Database, configured: str
) -> None:
    config = read_endpoint_config(str(PROJECT_ROOT / "endpoints.yml"), "tracker_store")
    store = TrackerStore.create(config, Domain.empty())
    assert isinstance(store, UrlSQLTrackerStore)  # not Rasa's in-memory fallback
    assert store.engine.url.render_as_string(hide_password=False) == configured
    store.engine.dispose()
