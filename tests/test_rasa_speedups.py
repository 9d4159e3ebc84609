"""bot/rasa_speedups.py: Rasa's own validation and event classes, connections kept.

Each replacement is compared with Rasa's own method; bot/rasa_internals.py installs
them (tests/test_rasa_internals.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp import web
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.core.events import Event
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_internals, rasa_speedups
from tests.support.rasa_methods import (
    RASAS_RESOLVE,
    RASAS_SELECTION,
    RASAS_SESSION,
    RASAS_VALIDATION,
    with_rasas_own_methods,
)

EVENT_TYPES = sorted({event_class.type_name for event_class in all_subclasses(Event)})

RESPONSES = {
    "slots and a response": {
        "events": [
            {"event": "slot", "name": "age", "value": 42, "timestamp": None},
            {"event": "slot", "name": "findings", "value": {"fever": "absent"}},
        ],
        "responses": [{"response": "utter_ask_q_cgh", "buttons": []}],
    },
    "no events": {"events": [], "responses": []},
    "an empty object": {},
    "events not a list": {"events": {"event": "slot"}},
    "an unknown event": {"events": [{"event": "no_such_event"}]},
    "a slot without a name": {"events": [{"event": "slot", "value": 1}]},
    "responses not objects": {"events": [], "responses": ["utter_greet"]},
    "events of many kinds": {
        "events": [
            {"event": "active_loop", "name": "screening_form"},
            {"event": "bot", "text": "Hello", "data": {}},
            {"event": "followup", "name": "action_listen"},
            {"event": "reset_slots"},
            {"event": "restart", "timestamp": 1.5, "metadata": None},
        ]
    },
    "a user event": {
        "events": [
            {
                "event": "user",
                "text": "my jaw clicks",
                "parse_data": {
                    "intent": {"name": "describe_symptoms", "confidence": 0.9},
                    "entities": [{"entity": "symptom", "value": "jaw_clicking"}],
                },
            }
        ]
    },
    "a user event with an entity without value": {
        "events": [{"event": "user", "parse_data": {"entities": [{"entity": "x"}]}}]
    },
    "a slot event without a value": {"events": [{"event": "slot", "name": "age"}]},
    "an event name that is not a string": {"events": [{"event": 7}]},
    "an event that is not an object": {"events": ["slot"]},
    "an event without a name": {"events": [{"name": "age", "value": 1}]},
    "a bad timestamp": {"events": [{"event": "restart", "timestamp": "noon"}]},
    "a slot after a bad event": {
        "events": [
            {"event": "slot", "name": "age", "value": 1},
            {"event": "entities", "entities": [{"value": 1}]},
        ]
    },
    "not an object": ["events"],
}


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """install(), undone after the test (it changes Rasa's classes)."""
    with_rasas_own_methods(monkeypatch)
    rasa_internals.install()


def test_the_methods_compared_with_are_rasas_own() -> None:
    for method in (
        RASAS_VALIDATION,
        RASAS_SESSION,
        RASAS_RESOLVE.__func__,
        RASAS_SELECTION,
    ):
        assert method.__module__.startswith("rasa."), method


def outcome(validate: Any, response: dict[str, Any]) -> tuple[bool, str]:
    action = RemoteAction("action_test", None)
    try:
        return validate(action, response), ""
    except ValidationError as error:
        return False, error.message


@pytest.mark.parametrize("response", RESPONSES.values(), ids=RESPONSES.keys())
def test_validation_accepts_and_refuses_as_rasas_own(response: dict) -> None:
    assert outcome(rasa_speedups.validate_action_result, response) == outcome(
        RASAS_VALIDATION, response
    )


@pytest.mark.parametrize("response", RESPONSES.values(), ids=RESPONSES.keys())
def test_checking_each_event_by_its_kind_agrees_with_rasas_schema(
    response: dict,
) -> None:
    rasas_verdict, _ = outcome(RASAS_VALIDATION, response)
    assert rasa_speedups._is_valid_by_event_kind(response) == rasas_verdict


def test_install_puts_the_fixes_into_rasa(installed: None) -> None:
    action = RemoteAction("action_test", None)
    with pytest.raises(ValidationError, match="Failed to validate Action server"):
        action._validate_action_result(RESPONSES["an unknown event"])
    session_method = EndpointConfig.session
    assert session_method is rasa_speedups.session_on_shared_connector
    assert Event.resolve_by_type is rasa_speedups.resolve_event_type
    assert ResponseSelector.process.rasas_own is RASAS_SELECTION


def test_installing_twice_wraps_rasas_selection_once(installed: None) -> None:
    rasa_internals.install()
    assert ResponseSelector.process.rasas_own is RASAS_SELECTION


def test_the_response_selector_is_asked_about_questions_only() -> None:
    asked: list[str] = []

    def rasas_process(self: Any, messages: list[Message]) -> list[Message]:
        asked.extend(m.get(TEXT) for m in messages)
        return messages

    texts = ["54F", "only the left side", "is it my neck?", "what is tmj", "", "ok"]
    messages = [Message(data={TEXT: text}) for text in texts]
    returned = rasa_speedups.questions_only(rasas_process)(None, messages)
    assert returned == messages  # every message goes on, in order
    assert asked == ["is it my neck?", "what is tmj"]


@pytest.mark.parametrize("type_name", [*EVENT_TYPES, "topic"])
def test_event_classes_are_the_ones_rasa_finds(type_name: str) -> None:
    rasas = RASAS_RESOLVE.__func__(type_name)
    assert rasa_speedups.resolve_event_type(type_name) is rasas


def test_unknown_event_names_fail_or_default_as_in_rasa() -> None:
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        rasa_speedups.resolve_event_type("no_such_event")
    assert rasa_speedups.resolve_event_type("no_such_event", Event) is Event


def test_requests_to_an_endpoint_share_one_kept_connection(installed: None) -> None:
    async def scenario() -> tuple[list[Any], set[Any]]:
        clients: set[Any] = set()

        async def answer(request: web.Request) -> web.Response:
            clients.add(request.transport.get_extra_info("peername"))
            return web.json_response({"events": [], "received": await request.json()})

        app = web.Application()
        app.router.add_post("/webhook", answer)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={})
        try:
            answers = [await endpoint.request(json=sent(n)) for n in range(3)]
        finally:
            await runner.cleanup()
        return answers, clients

    answers, clients = asyncio.run(scenario())
    assert answers == [{"events": [], "received": sent(n)} for n in range(3)]
    assert len(clients) == 1  # one client port: the connection was reused


def sent(number: int) -> dict[str, Any]:
    """A request body as Rasa's: text of every kind, numbers, nulls, nesting."""
    return {
        "n": number,
        "text": "héllo / <b>\u202e\u200b 😀 a\ud800b",
        "confidence": 0.981234567891,
        "slots": {"age": None, "findings": [{"side": "left", "negated": False}]},
    }


def test_sessions_keep_rasas_headers_and_authentication(installed: None) -> None:
    endpoint = EndpointConfig(
        "http://127.0.0.1:1/webhook",
        headers={"X-Clinic": "1"},
        basic_auth={"username": "rasa", "password": "secret"},
    )

    async def scenario() -> tuple[Any, Any, bool]:
        first, second = endpoint.session(), endpoint.session()
        shared = first.connector is second.connector
        await first.close()
        still_open = not second.connector.closed
        headers, auth = second.headers, second.auth
        await second.close()
        return headers, auth, shared and still_open

    headers, auth, shared_and_open = asyncio.run(scenario())
    assert headers["X-Clinic"] == "1"
    assert (auth.login, auth.password) == ("rasa", "secret")
    assert shared_and_open
