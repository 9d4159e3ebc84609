"""Our patches to private parts of Rasa, refused on a Rasa they were not written for.

Two speedups reach into Rasa's internals (README, "Performance and scale-out"):

- bot/rasa_speedups.py holds replacements for four of Rasa's methods (the check of
  the action server's responses, its endpoints' HTTP sessions, the lookup of event
  classes, and the ResponseSelector's `process`, which it wraps), which `install()`
  here, and only here, puts into Rasa's classes;
- bot/storage/tracker_store.py overrides private methods of Rasa's `SQLTrackerStore`
  (`_retrieve`, and `save`, which counts the stored events as `_additional_events`
  does) with plain SQL, and calls `require_rasa()` here when Rasa creates it.

Private methods change without notice from one release to the next, and a patch
of one that changed can go on running and quietly do the wrong thing. Both were
written for exactly `RASA_VERSION`, the Rasa requirements.txt pins, and are tested
against its own methods (tests/test_rasa_speedups.py,
tests/storage/test_tracker_store.py); `require_rasa()` refuses any other at
start-up, saying which version is needed and what to do.

Where they are installed: by `RasaInternals`, a component of config.yml's pipeline,
when Rasa loads the model. Every way of running the bot loads the model through
Rasa's graph, which creates each component of the pipeline before the first
message: `rasa run` (`make run`, bot/stack.py, `make bench`), `rasa shell` (`make
shell`), `rasa test` (`make test`) and an `Agent` loaded in Python. So they all run
the same code. (Installed by `python -m bot serve rasa`, as they were, they left
`rasa shell` and `rasa test` on Rasa's own code; nor does `rasa test` create the
tracker store of endpoints.yml.) The component passes messages on unchanged, and
importing this module patches nothing.
"""

from __future__ import annotations

from importlib import metadata

from rasa.core.actions.action import RemoteAction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.events import Event
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_speedups
from bot.nlu.stateless import StatelessComponent

RASA_VERSION = "3.6.21"


class UnsupportedRasa(RasaException):
    """The installed Rasa is not the one the patches were written for; Rasa's
    command line prints this and exits."""


def require_rasa() -> None:
    """Raise `UnsupportedRasa` unless the installed Rasa is `RASA_VERSION`."""
    installed = metadata.version("rasa")
    if installed != RASA_VERSION:
        raise UnsupportedRasa(
            f"This bot patches private parts of Rasa and needs Rasa {RASA_VERSION}, "
            f"but Rasa {installed} is installed. Install the pinned versions: "
            ".venv/bin/pip install -r requirements.txt. To move to another Rasa, "
            "check each patch against its code (bot/rasa_internals.py lists them), "
            "run tests/test_rasa_speedups.py and tests/storage/test_tracker_store.py "
            "on it, then change RASA_VERSION in bot/rasa_internals.py."
        )


def install() -> None:
    """Check the installed Rasa, then make it validate action responses with one
    cached validator, reuse connections to its endpoints, look event classes up in a
    table and ask the ResponseSelector about questions only (bot/rasa_speedups.py)."""
    from rasa.nlu.selectors.response_selector import ResponseSelector

    require_rasa()
    RemoteAction._validate_action_result = rasa_speedups.validate_action_result
    EndpointConfig.session = rasa_speedups.session_on_shared_connector
    Event.resolve_by_type = staticmethod(rasa_speedups.resolve_event_type)
    rasas_process = ResponseSelector.process
    ResponseSelector.process = rasa_speedups.questions_only(  # type: ignore[method-assign]
        getattr(rasas_process, "rasas_own", rasas_process)
    )


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class RasaInternals(StatelessComponent):
    """`install()` when Rasa loads the model, in every mode; changes no message."""

    @classmethod
    def prepare(cls) -> None:
        install()

    def process(self, messages: list[Message]) -> list[Message]:
        return messages
