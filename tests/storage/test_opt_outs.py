"""SMS opt-outs in the database: kept across restarts, stored without the number."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.channels.optout import OptOutStore
from bot.storage.db import Database
from bot.storage.opt_outs import SqlOptOutStore
from bot.storage.phone_hash import PhoneHasher

NUMBER = "+15550001111"
OTHER = "+15550002222"
KEY = "k" * 40


@pytest.fixture
def store(database: Database) -> SqlOptOutStore:
    return SqlOptOutStore(database, PhoneHasher.from_secret(KEY))


def stored_rows(database: Database) -> list[dict]:
    with database.engine.connect() as connection:
        result = connection.execute(sa.text("SELECT * FROM sms_opt_outs"))
        return [dict(row._mapping) for row in result]


def test_opt_out_and_back_in(store: SqlOptOutStore) -> None:
    assert not store.is_opted_out(NUMBER)
    store.opt_out(NUMBER)
    assert store.is_opted_out(NUMBER)
    assert not store.is_opted_out(OTHER)
    store.opt_in(NUMBER)
    assert not store.is_opted_out(NUMBER)


def test_repeating_either_is_harmless(store: SqlOptOutStore, database) -> None:
    store.opt_out(NUMBER)
    store.opt_out(NUMBER)
    assert len(stored_rows(database)) == 1
    store.opt_in(NUMBER)
    store.opt_in(NUMBER)
    assert stored_rows(database) == []


def test_an_opt_out_survives_a_restart(store: SqlOptOutStore, database_url) -> None:
    store.opt_out(NUMBER)
    restarted = Database.from_url(database_url)
    try:
        again = SqlOptOutStore(restarted, PhoneHasher.from_secret(KEY))
        assert again.is_opted_out(NUMBER)
    finally:
        restarted.dispose()


def test_the_table_holds_a_keyed_hash_not_the_number(
    store: SqlOptOutStore, database: Database
) -> None:
    store.opt_out(NUMBER)
    [row] = stored_rows(database)
    assert row["number_hash"] == PhoneHasher.from_secret(KEY).opt_out_hash(NUMBER)
    assert row["opted_out_at"] is not None
    assert not any("5550001111" in str(value) for value in row.values())


def test_another_key_does_not_recognise_the_number(
    store: SqlOptOutStore, database: Database
) -> None:
    store.opt_out(NUMBER)
    rekeyed = SqlOptOutStore(database, PhoneHasher.from_secret("x" * 40))
    assert not rekeyed.is_opted_out(NUMBER)


def test_an_opt_out_recorded_concurrently_is_not_an_error(
    store: SqlOptOutStore, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.opt_out(NUMBER)
    # As if another server inserted the row between this one's read and write.
    monkeypatch.setattr(Session, "get", lambda *args, **kwargs: None)
    store.opt_out(NUMBER)
    monkeypatch.undo()
    assert store.is_opted_out(NUMBER)
    assert len(stored_rows(database)) == 1


def test_it_is_an_opt_out_store(store: SqlOptOutStore) -> None:
    assert isinstance(store, OptOutStore)
