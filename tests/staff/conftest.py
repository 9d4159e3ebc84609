"""Fixtures for the staff app: a migrated database, the app, logged-in clients.

SQLite by default (the storage suite covers PostgreSQL). To run these tests on
PostgreSQL too: `STAFF_TEST_BACKENDS=sqlite,postgresql pytest tests/staff`
(the server is TEST_POSTGRES_URL, as for the storage suite).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.staff.app import create_app
from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from bot.storage.staff import Role, StaffRepository
from tests.support.databases import backends, database_at
from tests.support.passwords import fast_password_hashing  # noqa: F401 (autouse)

from .helpers import PASSWORD, login

BACKENDS = backends(os.environ.get("STAFF_TEST_BACKENDS", "sqlite").split(","))
SECRET = "a test secret key that is long enough"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_at(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database.from_url(database_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def repo(database: Database) -> ScreeningRepository:
    return ScreeningRepository(database)


@pytest.fixture
def accounts(database: Database) -> StaffRepository:
    """An admin `ada` and a reviewer `rita`, both with PASSWORD."""
    repository = StaffRepository(database)
    repository.create("ada", PASSWORD, Role.ADMIN)
    repository.create("rita", PASSWORD, Role.REVIEWER)
    return repository


@pytest.fixture
def app(database: Database, accounts: StaffRepository) -> Flask:
    return create_app(database, secret_key=SECRET)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Not logged in."""
    return app.test_client()


@pytest.fixture
def reviewer(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, "rita").status_code == 303
    return client


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, "ada").status_code == 303
    return client
