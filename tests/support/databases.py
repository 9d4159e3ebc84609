"""Fresh test databases: a SQLite file, or a PostgreSQL database of the test's own.

PostgreSQL is required, not optional: CI has it on 127.0.0.1:5432 (trust auth), and
a missing server fails the tests that need it with a message saying so. Each
PostgreSQL database is created from TEST_POSTGRES_URL and dropped afterwards. A test
parametrized with the POSTGRESQL backend is in the `db` tier; SQLite needs no
service, so the same test on SQLite stays a unit test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.storage.db import redact_url

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
POSTGRESQL = pytest.param("postgresql", marks=pytest.mark.db)


def backends(names: Iterable[str]) -> list[Any]:
    """Parameters for a `database_url` fixture: PostgreSQL's carry the db mark."""
    return [POSTGRESQL if name == "postgresql" else name for name in names]


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


@contextmanager
def database_at(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty database: a SQLite file in `tmp_path`, or a
    PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'screening.db'}"
    else:
        with fresh_postgres_database() as url:
            yield url
