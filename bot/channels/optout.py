"""Who asked for no more text messages, behind a small store interface.

An opt-out must outlive the conversation and the process: the Twilio channel keeps
them in the database by default (`bot.storage.opt_outs.SqlOptOutStore`), and a
deployment may name another persistent store in TWILIO_OPT_OUT_STORE. The in-memory
store serves tests. Numbers are used exactly as Twilio sends them (E.164, e.g.
"+15551234567").
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.channels.factories import build_from_path


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


def load_opt_out_store(factory_path: str) -> OptOutStore:
    """The store made by the zero-argument callable at dotted `factory_path`."""
    store = build_from_path(factory_path, "opt_out_store")
    if not isinstance(store, OptOutStore):
        raise TypeError(f"{factory_path} did not make an OptOutStore")
    return store
