"""Rasa's own methods that bot/rasa_internals.py replaces, to compare with and put back.

Taken when the tests are collected, before any test loads a model (which installs
the replacements for the rest of the process); `test_the_methods_compared_with_are_
rasas_own` (tests/test_rasa_speedups.py) checks that they are Rasa's.
"""

from __future__ import annotations

from importlib import metadata

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig

RASAS_VALIDATION = RemoteAction._validate_action_result
RASAS_SESSION = EndpointConfig.session
RASAS_RESOLVE = Event.__dict__["resolve_by_type"]  # the staticmethod itself
RASAS_SELECTION = ResponseSelector.process


def with_rasas_own_methods(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa's own methods in Rasa's classes for the rest of the test; whatever the
    test installs is undone after it."""
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASAS_VALIDATION)
    monkeypatch.setattr(EndpointConfig, "session", RASAS_SESSION)
    monkeypatch.setattr(Event, "resolve_by_type", RASAS_RESOLVE)
    monkeypatch.setattr(ResponseSelector, "process", RASAS_SELECTION)


def patched() -> dict[str, bool]:
    """Which of Rasa's methods are ours now."""
    return {
        "validation": RemoteAction._validate_action_result is not RASAS_VALIDATION,
        "session": EndpointConfig.session is not RASAS_SESSION,
        "event lookup": Event.__dict__["resolve_by_type"] is not RASAS_RESOLVE,
        "response selection": ResponseSelector.process is not RASAS_SELECTION,
    }


def pretend_rasa_is(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    """Make importlib.metadata report `version` as the installed Rasa's."""
    real = metadata.version
    monkeypatch.setattr(
        metadata, "version", lambda name: version if name == "rasa" else real(name)
    )
