"""Fixtures for the storage suite: every test runs on SQLite and on PostgreSQL.

PostgreSQL is required, not optional (tests/support/databases.py): a missing server
fails the PostgreSQL half of the suite, the `db` tier, with a message saying so.
Each test gets a fresh database (a temporary SQLite file, or a uniquely named
PostgreSQL database dropped afterwards).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.settings import get_settings
from bot.storage import migrate
from bot.storage.db import Database, database_for
from bot.storage.repository import ScreeningRepository
from bot.storage.staff import Role, StaffRepository
from tests.support.databases import backends, database_at
from tests.support.passwords import fast_password_hashing  # noqa: F401 (autouse)

from .helpers import PASSWORD

BACKENDS = backends(["sqlite", "postgresql"])


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_at(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def empty_database(database_url: str) -> Iterator[Database]:
    database = Database.from_url(database_url)
    yield database
    database.dispose()


@pytest.fixture
def database(empty_database: Database) -> Database:
    """A database migrated to the latest schema."""
    migrate.upgrade(empty_database)
    return empty_database


@pytest.fixture
def configured(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """DATABASE_URL points at this test's database (for the command line)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    database_for.cache_clear()
    yield database_url
    database_for(database_url).dispose()
    database_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def repo(database: Database) -> ScreeningRepository:
    return ScreeningRepository(database)


@pytest.fixture(name="staff")
def staff_repository(database: Database) -> StaffRepository:
    return StaffRepository(database)


@pytest.fixture
def reviewer(staff: StaffRepository) -> str:
    return staff.create("rita", PASSWORD, Role.REVIEWER).username


@pytest.fixture
def rasa_events(database: Database) -> Callable[..., None]:
    """Write conversation events the way Rasa's SQL tracker store does."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    table = SQLTrackerStore.SQLEvent.__table__
    table.create(database.engine, checkfirst=True)
    kinds = {"user": UserUttered, "bot": BotUttered}

    def add(conversation_id: str, *messages: tuple[str, str, datetime]) -> None:
        events = []
        for kind, text, at in messages:
            events.append(kinds[kind](text, timestamp=at.timestamp()))
            events.append(ActionExecuted("action_listen", timestamp=at.timestamp()))
        with database.engine.begin() as connection:
            connection.execute(
                table.insert(),
                [
                    {
                        "sender_id": conversation_id,
                        "type_name": event.type_name,
                        "timestamp": event.timestamp,
                        "action_name": getattr(event, "action_name", None),
                        "data": json.dumps(event.as_dict()),
                    }
                    for event in events
                ],
            )

    return add
