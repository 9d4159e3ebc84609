"""The database connection: URLs, pragmas, and errors an operator can act on."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.settings import get_settings
from bot.storage.db import Database, database_for, get_database, redact_url
from bot.storage.errors import DatabaseUnavailable

UNREACHABLE = "postgresql://clinic:s3cret@127.0.0.1:1/screening"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (UNREACHABLE, "postgresql://clinic:***@127.0.0.1:1/screening"),
        ("postgresql://clinic@db/screening", "postgresql://clinic@db/screening"),
        ("sqlite:////srv/var/screening.db", "sqlite:////srv/var/screening.db"),
        ("not a url", "(a value that is not a database URL)"),
    ],
)
def test_redact_url_hides_the_password(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_an_unreachable_database_gives_an_actionable_message() -> None:
    database = Database.from_url(UNREACHABLE)
    with pytest.raises(DatabaseUnavailable) as raised:
        database.check()
    message = str(raised.value)
    assert message.startswith(
        "Cannot reach the database at postgresql://clinic:***@127.0.0.1:1/screening "
        "(password hidden): "
    )
    assert "Connection refused" in message
    assert message.endswith("Check DATABASE_URL.")
    assert "s3cret" not in message


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3cret-but-not-a-url", "DATABASE_URL is not a database URL"),
        ("postgres://clinic:s3cret@db/screening", "Cannot use the database at"),
    ],
)
def test_a_url_that_names_no_database_is_refused(url: str, expected: str) -> None:
    with pytest.raises(DatabaseUnavailable, match=expected) as raised:
        Database.from_url(url)
    assert "s3cret" not in str(raised.value)


def test_a_sqlite_folder_that_cannot_be_made_is_reported(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(DatabaseUnavailable, match="Cannot create the folder"):
        Database.from_url(f"sqlite:///{tmp_path / 'file' / 'var' / 'screening.db'}")


def test_both_backends_answer(empty_database: Database) -> None:
    empty_database.check()


def test_sqlite_gets_its_folder_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "screening.db"
    database = Database.from_url(f"sqlite:///{path}")
    with database.engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA busy_timeout").scalar() == 5000
    database.dispose()
    assert path.exists()


def test_get_database_follows_database_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'configured.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    database_for.cache_clear()
    try:
        database = get_database()
        assert database.engine.url == sa.engine.make_url(url)
        assert get_database() is database
    finally:
        database_for.cache_clear()
        get_settings.cache_clear()
