"""The actions' unit tests keep off the project's database.

Concluding a screening reads the stored conversation (bot/storage/conversations.py),
so a test that reaches it would open var/screening.db; each test gets a SQLite file
of its own instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import get_settings
from bot.storage.db import database_for


@pytest.fixture(autouse=True)
def own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'screening.db'}")
    get_settings.cache_clear()
    database_for.cache_clear()
    yield
    database_for.cache_clear()
    get_settings.cache_clear()
