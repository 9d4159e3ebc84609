"""The connection to the one database: engine, sessions and a start-up check.

Everything the project stores (Rasa's conversation events and the project's own
tables) lives in the database named by DATABASE_URL (`bot/settings.py`): a SQLite
file by default, PostgreSQL when the URL says so. Engines use SQLAlchemy's 2.0 style
(`future=True`) and are created on first use, never at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot.settings import get_settings
from bot.storage.errors import DatabaseUnavailable

# foreign_keys: SQLite ignores FOREIGN KEY clauses without it.
# busy_timeout: Rasa and the action server write the same file; wait, don't fail.
# journal_mode=WAL: readers (exports) do not block those writers.
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    "PRAGMA journal_mode=WAL",
)
POSTGRES_CONNECT_TIMEOUT_S = 10


def redact_url(url: str | URL) -> str:
    """The URL with its password replaced by ***, safe to print and log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(a value that is not a database URL)"


def make_engine(url: str | URL) -> Engine:
    """An engine for `url`; SQLite gets its pragmas, PostgreSQL a connect timeout."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            "DATABASE_URL is not a database URL; expected for example "
            "sqlite:////srv/bot/var/screening.db or postgresql://user@host/dbname."
        ) from None
    backend = parsed.get_backend_name()
    options: dict[str, Any] = {"future": True, "pool_pre_ping": True}
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        _create_sqlite_file(parsed)
        options.update(_sqlite_file_pool())
    elif backend == "postgresql" and "connect_timeout" not in parsed.query:
        options["connect_args"] = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S}
    try:
        engine = sa.create_engine(parsed, **options)
    except (NoSuchModuleError, ImportError) as error:
        raise DatabaseUnavailable(
            f"Cannot use the database at {redact_url(parsed)} (password hidden): "
            f"{error}. Check DATABASE_URL."
        ) from None
    if backend == "sqlite":
        sa.event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def _sqlite_file_pool() -> dict[str, Any]:
    """Keep a SQLite file's connections open in a pool (SQLAlchemy 2.0's default).

    SQLAlchemy 1.4 opens and closes one per session instead, and in WAL mode
    closing the last one checkpoints (fsync) and deletes the WAL: three times per
    turn in the Rasa server, blocking its event loop (`make bench`: a fifth more
    turns per second with the pool). Pooled connections may serve another thread
    next (the channel's probe runs in one); never two at once.
    """
    return {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}


def _create_sqlite_file(url: URL) -> None:
    """Create a SQLite file that does not exist yet, and its folder, for the owner
    only: it holds health data, and SQLite gives its -wal and -shm files the same
    permissions. The default database then works on a fresh checkout."""
    path = Path(url.database).expanduser()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_create("folder of the database", url, error) from None
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    except OSError as error:
        raise _cannot_create("database", url, error) from None


def _cannot_create(what: str, url: URL, error: OSError) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"Cannot create the {what} at {redact_url(url)}: {error.strerror}. "
        "Check DATABASE_URL."
    )


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


@dataclass(frozen=True)
class Database:
    """An engine and its session factory; repositories take one of these."""

    engine: Engine
    sessions: sessionmaker

    @classmethod
    def from_url(cls, url: str | URL) -> Database:
        engine = make_engine(url)
        return cls(engine, sessionmaker(engine, future=True, expire_on_commit=False))

    @property
    def display_url(self) -> str:
        return redact_url(self.engine.url)

    def check(self) -> None:
        """Connect once; raise `DatabaseUnavailable` with an actionable message."""
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except DBAPIError as error:
            raise DatabaseUnavailable(
                f"Cannot reach the database at {self.display_url} (password hidden): "
                f"{self._reason(error)}. Check DATABASE_URL."
            ) from None

    def dispose(self) -> None:
        self.engine.dispose()

    def _reason(self, error: DBAPIError) -> str:
        lines = str(error.orig).strip().splitlines() or [type(error.orig).__name__]
        reason = lines[0].rstrip(".")
        password = self.engine.url.password
        return reason.replace(password, "***") if password else reason


@lru_cache(maxsize=8)
def database_for(url: str) -> Database:
    """One `Database` per URL and process (tests call `database_for.cache_clear()`)."""
    return Database.from_url(url)


def get_database() -> Database:
    """The database named by DATABASE_URL."""
    return database_for(get_settings().database_url)
