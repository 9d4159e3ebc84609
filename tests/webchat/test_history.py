"""A conversation that survives the page: history of the cookie's conversation only,
and "Start over" with a new conversation id."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.conversation_ids import WebChatIds
from bot.dialogue.web_card import CARD_KEY
from bot.webchat import server
from bot.webchat.history import history

from .test_server import SETTINGS, set_cookie_value

IDS = WebChatIds(b"web-chat-test-secret-of-32-bytes")
TOKEN = "rasa-api-token-for-tests"
Check = Callable[[TestClient], Awaitable[Any]]

CARD = {
    "kind": "screening_outcome",
    "triage": "cgh_likely",
    "emergency": False,
    "paragraphs": ["Thanks.", "Advice."],
    "sources": [{"ref": "1", "text": "A paper."}],
    "text": "Thanks.\n\nAdvice.\n\nReferences: [1] A paper.",
}
CONSENT = [{"title": "Yes, let's start", "payload": "yes"}]


def tracker_events(conversation: str) -> list[dict[str, Any]]:
    """An old session, then this one: greeting with buttons, an answer, outcome."""
    return [
        {"event": "session_started"},
        {"event": "user", "text": f"old session of {conversation}"},
        {"event": "bot", "text": "old answer"},
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "user", "text": "hello"},
        {
            "event": "bot",
            "text": "Hi!\n\nShall we start?",
            "data": {"buttons": CONSENT},
        },
        {"event": "user", "text": "yes"},
        {"event": "slot", "name": "consent", "value": "given"},
        {"event": "bot", "text": CARD["text"], "data": {"custom": {CARD_KEY: CARD}}},
    ]


class FakeRasa:
    """Rasa's tracker endpoint and REST webhook; records what it was asked."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.trackers: list[tuple[str, dict[str, str]]] = []
        self.senders: list[str] = []

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/conversations/{cid}/tracker", self.tracker)
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        return app

    async def tracker(self, request: web.Request) -> web.Response:
        conversation = request.match_info["cid"]
        self.trackers.append((conversation, dict(request.query)))
        if self.down:
            return web.Response(status=500, text="boom")
        return web.json_response(
            {"sender_id": conversation, "events": tracker_events(conversation)}
        )

    async def webhook(self, request: web.Request) -> web.Response:
        self.senders.append((await request.json())["sender"])
        return web.json_response([{"recipient_id": "x", "text": "ok"}])


def with_relay(check: Check, rasa: FakeRasa) -> Any:
    async def run() -> Any:
        async with TestServer(rasa.app()) as rasa_server:
            url = str(rasa_server.make_url("")).rstrip("/")
            app = server.create_app(url, IDS, SETTINGS, rasa_token=TOKEN)
            async with TestClient(TestServer(app)) as relay:
                return await check(relay)

    return asyncio.run(run())


def cookie_header(conversation: str) -> dict[str, str]:
    return {"Cookie": f"{server.COOKIE}={IDS.cookie_value(conversation)}"}


def get_history(headers: dict[str, str]) -> Check:
    async def check(relay: TestClient) -> tuple[int, Any]:
        response = await relay.get("/api/history", headers=headers)
        return response.status, await response.json()

    return check


def test_history_is_that_of_the_cookies_conversation_only() -> None:
    rasa = FakeRasa()
    mine = IDS.new_id()
    status, body = with_relay(get_history(cookie_header(mine)), rasa)
    assert status == 200
    assert [conversation for conversation, _ in rasa.trackers] == [mine]
    [(_, query)] = rasa.trackers
    assert query == {"token": TOKEN, "include_events": "AFTER_RESTART"}
    assert all(mine not in str(message) for message in body["messages"])


def test_without_a_signed_cookie_there_is_no_history_and_rasa_is_not_asked() -> None:
    rasa = FakeRasa()
    someone = IDS.new_id()
    forged = WebChatIds(b"x" * 32).cookie_value(someone)
    for headers in ({}, {"Cookie": f"{server.COOKIE}={forged}"},
                    {"Cookie": f"{server.COOKIE}={someone}"}):  # fmt: skip
        assert with_relay(get_history(headers), rasa) == (200, {"messages": []})
    assert rasa.trackers == []


def test_history_gives_the_last_session_as_the_page_showed_it() -> None:
    status, body = with_relay(get_history(cookie_header(IDS.new_id())), FakeRasa())
    assert status == 200
    assert body["messages"] == [
        {"sender": "patient", "text": "hello"},
        {"sender": "bot", "text": "Hi!\n\nShall we start?", "buttons": CONSENT},
        {"sender": "patient", "text": "yes"},
        {
            "sender": "bot",
            "text": CARD["text"],
            "card": {k: v for k, v in CARD.items() if k != "text"},
        },
    ]


def test_history_splits_plain_texts_as_the_rest_channel_does() -> None:
    events = [{"event": "bot", "text": "One.\n\nTwo."}, {"event": "bot", "text": None}]
    assert history(events) == [
        {"sender": "bot", "text": "One."},
        {"sender": "bot", "text": "Two."},
    ]


def test_history_when_rasa_is_down_is_a_clear_503() -> None:
    status, body = with_relay(
        get_history(cookie_header(IDS.new_id())), FakeRasa(down=True)
    )
    assert (status, body) == (503, {"error": server.UNAVAILABLE})


def test_start_over_gives_a_new_signed_conversation_id() -> None:
    rasa = FakeRasa()
    old = IDS.new_id()

    async def check(relay: TestClient) -> tuple[int, str | None]:
        response = await relay.post("/api/start-over", headers=cookie_header(old))
        new_cookie = set_cookie_value(response)
        await relay.post(
            "/api/messages",
            json={"message": "hi"},
            headers={"Cookie": f"{server.COOKIE}={new_cookie}"},
        )
        return response.status, new_cookie

    status, new_cookie = with_relay(check, rasa)
    assert status == 200
    new = IDS.id_from_cookie(new_cookie)
    assert new is not None and new != old and new.startswith("web-")
    assert rasa.senders == [new]
