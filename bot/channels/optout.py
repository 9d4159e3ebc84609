"""Who asked for no more text messages, behind a small store interface.

An opt-out must outlive the conversation and the process, so production wires a
database-backed store (see `load_opt_out_store`); the in-memory store serves tests
and a local run without a database. Numbers are used exactly as Twilio sends them
(E.164, e.g. "+15551234567").
"""

from __future__ import annotations

import importlib
import logging
from typing import Protocol, runtime_checkable

logger = logging.getLogger(__name__)


@runtime_checkable
class OptOutStore(Protocol):
    def is_opted_out(self, number: str) -> bool: ...

    def opt_out(self, number: str) -> None: ...

    def opt_in(self, number: str) -> None: ...


class InMemoryOptOutStore:
    """Opt-outs held in this process only: lost on restart."""

    def __init__(self) -> None:
        self._numbers: set[str] = set()

    def is_opted_out(self, number: str) -> bool:
        return number in self._numbers

    def opt_out(self, number: str) -> None:
        self._numbers.add(number)

    def opt_in(self, number: str) -> None:
        self._numbers.discard(number)


def load_opt_out_store(factory_path: str | None) -> OptOutStore:
    """The store made by the zero-argument callable at dotted `factory_path`.

    Without a path the store is in memory, and a warning says that opt-outs will
    then be forgotten on restart.
    """
    if not factory_path:
        logger.warning(
            "SMS opt-outs are kept in memory only and are lost on restart; "
            "set opt_out_store (TWILIO_OPT_OUT_STORE) to a persistent store."
        )
        return InMemoryOptOutStore()
    module_name, _, attribute = factory_path.rpartition(".")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise ImportError(f"opt_out_store {factory_path!r}: {error}") from error
    store = factory()
    if not isinstance(store, OptOutStore):
        raise TypeError(f"{factory_path} did not make an OptOutStore")
    return store
