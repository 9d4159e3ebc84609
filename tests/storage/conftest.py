"""Fixtures for the storage suite: every test runs on SQLite and on PostgreSQL.

PostgreSQL is required, not optional: CI has it on 127.0.0.1:5432 (trust auth), and
a missing server fails the PostgreSQL half of the suite with a message saying so.
Each test gets a fresh database (a temporary SQLite file, or a uniquely named
PostgreSQL database created from TEST_POSTGRES_URL and dropped afterwards).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.settings import get_settings
from bot.storage import migrate, staff
from bot.storage.db import Database, database_for, redact_url
from bot.storage.repository import ScreeningRepository
from bot.storage.staff import Role, StaffRepository

from .helpers import PASSWORD

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgresql"]


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    admin = sa.create_engine(
        POSTGRES_ADMIN_URL,
        future=True,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )
    name = f"screening_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0]
    else:
        reason = None
    if reason is not None:
        admin.dispose()
        pytest.fail(
            f"PostgreSQL is not reachable at {redact_url(POSTGRES_ADMIN_URL)} "
            f"({reason}). The storage tests run on PostgreSQL too: start it on "
            "127.0.0.1:5432 (as in CI) or set TEST_POSTGRES_URL.",
            pytrace=False,
        )
    try:
        url = make_url(POSTGRES_ADMIN_URL).set(database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(
                sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            )
        admin.dispose()


# Cheap argon2 parameters: hashing at production cost would dominate the suite.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff, "_hasher", lambda: FAST_HASHER)


@contextmanager
def database_at(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty database: a SQLite file in `tmp_path`, or a
    PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'screening.db'}"
    else:
        with fresh_postgres_database() as url:
            yield url


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
