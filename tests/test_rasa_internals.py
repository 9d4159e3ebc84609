"""bot/rasa_internals.py: Rasa patched when it loads the model, however it is run, and
only if it is the Rasa the patches were written for."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rasa.core.agent import Agent, load_agent
from rasa.core.utils import AvailableEndpoints
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.training_data.message import Message

from bot import rasa_internals
from bot.settings import PROJECT_ROOT
from tests.support.rasa_methods import patched, pretend_rasa_is, with_rasas_own_methods

OTHER_RASA = "3.7.0"


def test_requirements_pin_the_rasa_the_patches_were_written_for() -> None:
    pinned = re.search(
        r"^rasa==(\S+)$", (PROJECT_ROOT / "requirements.txt").read_text(), re.M
    )
    assert pinned and pinned.group(1) == rasa_internals.RASA_VERSION
    rasa_internals.require_rasa()  # the installed one


def test_another_rasa_is_refused_saying_which_is_needed_and_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pretend_rasa_is(monkeypatch, OTHER_RASA)
    with pytest.raises(rasa_internals.UnsupportedRasa) as raised:
        rasa_internals.require_rasa()
    assert isinstance(raised.value, RasaException)  # Rasa's CLI prints and exits
    message = str(raised.value)
    assert f"needs Rasa {rasa_internals.RASA_VERSION}" in message
    assert f"Rasa {OTHER_RASA} is installed" in message
    assert "pip install -r requirements.txt" in message


def test_another_rasa_is_left_unpatched(monkeypatch: pytest.MonkeyPatch) -> None:
    with_rasas_own_methods(monkeypatch)
    pretend_rasa_is(monkeypatch, OTHER_RASA)
    with pytest.raises(rasa_internals.UnsupportedRasa):
        rasa_internals.RasaInternals.create({}, None, None, None)  # type: ignore[arg-type]
    assert not any(patched().values())


def test_the_component_changes_no_message() -> None:
    messages = [Message.build("my jaw clicks")]
    before = [message.as_dict() for message in messages]
    assert rasa_internals.RasaInternals().process(messages) is messages
    assert [message.as_dict() for message in messages] == before


async def _load_agent_as_rasa_run_does(model: str) -> Agent:
    """`rasa run` and `rasa shell` (rasa.core.run.load_agent_on_start)."""
    return await load_agent(model_path=model, endpoints=AvailableEndpoints())


LOADERS = {
    "rasa test": lambda model: Agent.load(model_path=model),  # model_testing.test_core
    "rasa run, rasa shell, make run": lambda model: asyncio.run(
        _load_agent_as_rasa_run_does(model)
    ),
}


@pytest.mark.parametrize("load", LOADERS.values(), ids=LOADERS.keys())
def test_rasa_is_patched_when_it_loads_the_model_however_it_is_run(
    load: Callable[[str], Agent], trained_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_rasas_own_methods(monkeypatch)
    agent = load(str(trained_model))
    assert agent.is_ready()
    assert all(patched().values()), patched()
