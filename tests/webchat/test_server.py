"""The web chat relay: one conversation per visitor, clear errors when Rasa fails."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import ClientTimeout, web
from aiohttp.test_utils import TestClient, TestServer

from bot.webchat import server

RasaHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]
REPLIES = [{"recipient_id": "x", "text": "Hello!", "buttons": [{"title": "Yes"}]}]


async def _exchange(
    rasa: RasaHandler | None, *posts: dict[str, Any]
) -> tuple[list[tuple[int, Any, Any]], list[dict]]:
    """POST each payload to the relay; its answers and what Rasa received."""
    received: list[dict] = []

    async def webhook(request: web.Request) -> web.StreamResponse:
        received.append(await request.json())
        return await rasa(request)

    rasa_app = web.Application()
    rasa_app.router.add_post("/webhooks/rest/webhook", webhook)
    async with TestServer(rasa_app) as rasa_server:
        rasa_url = str(rasa_server.make_url("")).rstrip("/")
        if rasa is None:
            await rasa_server.close()  # nothing listens there any more
        async with TestClient(TestServer(server.create_app(rasa_url))) as relay:
            answers = []
            for payload in posts:
                response = await relay.post("/api/messages", json=payload)
                body = await response.json()
                answers.append((response.status, body, response))
    return answers, received


def exchange(rasa: RasaHandler | None, *posts: dict[str, Any]):
    return asyncio.run(_exchange(rasa, *posts))


async def rasa_replies(request: web.Request) -> web.StreamResponse:
    return web.json_response(REPLIES)


def test_replies_are_relayed_under_a_server_chosen_conversation_id() -> None:
    answers, received = exchange(
        rasa_replies, {"message": "hi"}, {"message": "yes", "sender": "someone-else"}
    )

    assert [(status, body) for status, body, _ in answers] == [
        (200, {"messages": REPLIES}),
        (200, {"messages": REPLIES}),
    ]
    assert [payload["message"] for payload in received] == ["hi", "yes"]
    first, second = (payload["sender"] for payload in received)
    assert first == second != "someone-else"
    cookie = answers[0][2].cookies[server.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"


def test_every_answer_carries_the_security_headers() -> None:
    [(_, _, response)], _ = exchange(rasa_replies, {"message": "hi"})
    for name, value in server.SECURITY_HEADERS.items():
        assert response.headers[name] == value


async def rasa_fails(request: web.Request) -> web.StreamResponse:
    return web.Response(status=500, text="boom")


async def rasa_sends_html(request: web.Request) -> web.StreamResponse:
    return web.Response(text="<html>proxy error</html>", content_type="text/html")


async def rasa_sends_broken_json(request: web.Request) -> web.StreamResponse:
    return web.Response(text="[{", content_type="application/json")


async def rasa_sends_an_object(request: web.Request) -> web.StreamResponse:
    return web.json_response({"error": "not a list"})


async def rasa_is_slow(request: web.Request) -> web.StreamResponse:
    await asyncio.sleep(1)
    return web.json_response(REPLIES)


@pytest.mark.parametrize(
    "rasa",
    [None, rasa_fails, rasa_sends_html, rasa_sends_broken_json, rasa_sends_an_object,
     rasa_is_slow],
)  # fmt: skip
def test_a_failing_rasa_becomes_a_clear_503(
    rasa: RasaHandler | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "RASA_TIMEOUT", ClientTimeout(total=0.2))
    [(status, body, _)], _ = exchange(rasa, {"message": "hi"})
    assert status == 503
    assert body == {"error": server.UNAVAILABLE}


@pytest.mark.parametrize(
    ("payload", "status"),
    [({"message": "   "}, 400), ({"message": 3}, 400), ({}, 400),
     ({"message": "x" * (server.MAX_MESSAGE_CHARS + 1)}, 413)],
)  # fmt: skip
def test_bad_messages_are_refused_before_rasa(payload: dict, status: int) -> None:
    [(answered, body, _)], received = exchange(rasa_replies, payload)
    assert answered == status
    assert isinstance(body["error"], str) and body["error"]
    assert received == []
