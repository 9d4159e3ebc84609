"""Fixes to Rasa 3.6's hot path: replacements for three of Rasa's methods.

bot/rasa_internals.py puts them into Rasa's classes when Rasa loads the model, in
every mode, and only on the Rasa they were written for.

A screening turn calls the action server two or three times (the form's validation,
then the next question's checklist), and Rasa 3.6 pays twice for each call:

- it checks the response with `jsonschema.validate`, which first checks the schema
  itself (Rasa's large, constant event schema) against the JSON Schema meta-schema,
  every time: about 40% of the Rasa server's CPU per turn (py-spy under `make
  bench`). Then it tries each event against all 23 kinds of event (`oneOf`), though
  only the one its `event` names can match. Here the schema is checked once, and
  each event is checked against the kind it names; a response that fails is checked
  again by the whole schema, so what Rasa would refuse is still refused, with
  Rasa's own error message;
- it opens a new TCP connection for every request (a new aiohttp session, each with
  its own connector). Here the sessions share one connector, which keeps connections
  open between calls for a little less time than the action server does (Sanic's
  default keep-alive is 5 s), so a kept connection is never one the server is
  closing. Sessions, headers, authentication and timeouts are Rasa's own; the
  tracker sent with each call is written by ujson (Rasa's own dependency, the
  same JSON, a third of the time) instead of the standard library.

And each turn reads the conversation's events back (from the tracker store and the
action server's answers); for every event Rasa finds its class by walking all
subclasses of `Event` again (about 6% of the CPU per turn). Here they are looked up
in a table, built again when a name is not in it.

Together they take the Rasa server's CPU per turn from about 70 ms to under 30 ms;
bench/load.py prints the figures (README, "Performance and scale-out").

And Rasa runs every component of the pipeline on every message, so the
ResponseSelector (a second TensorFlow model, issue 18) picked an answer for "54F"
and "only the left side" too: about 5 ms of each parse. Its pick is only ever used
for a message phrased as a question (bot/nlu/question_intent.py: NotAQuestion takes
`faq` from any other, QuestionIntent gives it only to questions), so here it is
asked about those alone (`make bench-nlu` prints the figures).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from functools import cache, wraps
from typing import Any

import aiohttp
import ujson

# Rasa's own words after a validation error (rasa/core/actions/action.py).
INVALID_RESPONSE_HINT = (
    ". Failed to validate Action server response from API, make sure your response "
    "from the Action endpoint is valid. For more information about the format visit "
    "{docs}/custom-actions"
)
KEEPALIVE_S = 2.0  # below the action server's keep-alive (Sanic's default, 5 s)

_connectors: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
    weakref.WeakKeyDictionary()
)


def resolve_event_type(type_name: str, default: type | None = None) -> Any:
    """Rasa's `Event.resolve_by_type`, with the event classes in a table."""
    known = _event_classes().get(type_name)
    if known is None:  # a class imported since, or no such event: look again
        _event_classes.cache_clear()
        known = _event_classes().get(type_name)
    if known is not None:
        return known
    if type_name == "topic":
        return None  # as Rasa: old TopicSet events are skipped
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


@cache
def _event_classes() -> dict[str, type]:
    """type name -> the event class Rasa would find first for it."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    classes: dict[str, type] = {}
    for event_class in all_subclasses(Event):
        classes.setdefault(event_class.type_name, event_class)
    return classes


def questions_only(rasas_process: Callable[..., Any]) -> Callable[..., Any]:
    """Rasa's `ResponseSelector.process`, on the messages phrased as questions only;
    the others get no `response_selector` (the module says why)."""
    from rasa.shared.nlu.constants import TEXT

    from bot.nlu.question_intent import is_question

    @wraps(rasas_process)
    def process(self: Any, messages: list[Any]) -> list[Any]:
        asked = [m for m in messages if is_question(m.get(TEXT) or "")]
        if asked:
            rasas_process(self, asked)
        return messages

    process.rasas_own = rasas_process  # type: ignore[attr-defined]
    return process


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Rasa's `RemoteAction._validate_action_result`, each event checked by its
    kind; Rasa's whole schema, and its error, for a response that fails."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    if _is_valid_by_event_kind(result):
        return True
    error = best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += INVALID_RESPONSE_HINT.format(docs=DOCS_BASE_URL)
        raise error
    return True


def _is_valid_by_event_kind(result: Any) -> bool:
    """Rasa's schema holds for `result`, each event checked only against the kind
    of event it names. The kinds of Rasa's `oneOf` each take one `event` name, so
    exactly one can match an event, and only the one it names."""
    envelope, kinds = _validators_by_event_kind()
    if not envelope.is_valid(result):
        return False
    for event in result.get("events", []):
        kind = kinds.get(event["event"])
        if kind is None or not kind.is_valid(event):
            return False
    return True


@cache
def _validators_by_event_kind() -> tuple[Any, dict[str, Any]]:
    """A validator of the response without the events' `oneOf`, and one per kind
    of event, by its `event` name."""
    schema = _response_schema()
    events = schema["properties"]["events"]
    event = dict(events["items"])
    kinds = event.pop("oneOf")
    names = [kind["properties"]["event"]["const"] for kind in kinds]
    if len(set(names)) != len(names):
        raise RuntimeError("Rasa's event kinds no longer have one name each")
    envelope = {
        **schema,
        "properties": {**schema["properties"], "events": {**events, "items": event}},
    }
    return _validator(envelope), dict(zip(names, map(_validator, kinds), strict=True))


@cache
def _response_validator() -> Any:
    return _validator(_response_schema())


def _validator(schema: dict[str, Any]) -> Any:
    from jsonschema.validators import validator_for

    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _response_schema() -> dict[str, Any]:
    from rasa.core.actions.action import RemoteAction

    return RemoteAction.action_response_format_spec()


def session_on_shared_connector(self: Any) -> aiohttp.ClientSession:
    """Rasa's `EndpointConfig.session`, on the event loop's shared connector."""
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    auth = (
        aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        if self.basic_auth
        else None
    )
    return aiohttp.ClientSession(
        connector=shared_connector(),
        connector_owner=False,
        headers=self.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        json_serialize=ujson.dumps,
    )


def shared_connector() -> aiohttp.TCPConnector:
    """This event loop's one connector to the action server (and any other
    endpoint): kept connections, no cap on their number. Sessions on it pass
    `connector_owner=False`."""
    loop = asyncio.get_running_loop()
    connector = _connectors.get(loop)
    if connector is None or connector.closed:
        # limit=0: no cap on connections, as with Rasa's connector per session.
        connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_S)
        _connectors[loop] = connector
    return connector
