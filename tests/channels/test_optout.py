"""The opt-out store interface, its in-memory store and the store loader."""

from __future__ import annotations

import pytest

from bot.channels.optout import InMemoryOptOutStore, OptOutStore, load_opt_out_store

NUMBER = "+15550001111"


def test_in_memory_store_opt_out_and_back_in() -> None:
    store = InMemoryOptOutStore()
    assert not store.is_opted_out(NUMBER)
    store.opt_out(NUMBER)
    store.opt_out(NUMBER)
    assert store.is_opted_out(NUMBER)
    assert not store.is_opted_out("+15550002222")
    store.opt_in(NUMBER)
    assert not store.is_opted_out(NUMBER)
    store.opt_in(NUMBER)  # opting in twice is harmless


def test_in_memory_store_is_an_opt_out_store() -> None:
    assert isinstance(InMemoryOptOutStore(), OptOutStore)


def test_store_loaded_from_a_dotted_path() -> None:
    store = load_opt_out_store("bot.channels.optout.InMemoryOptOutStore")
    assert isinstance(store, InMemoryOptOutStore)


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("bot.channels.no_such_module.Store", ImportError),
        ("bot.channels.optout.NoSuchStore", ImportError),
        ("NoDots", ImportError),
        ("builtins.dict", TypeError),
    ],
)
def test_bad_store_path_fails_loudly(path: str, error: type[Exception]) -> None:
    with pytest.raises(error, match=path):
        load_opt_out_store(path)
