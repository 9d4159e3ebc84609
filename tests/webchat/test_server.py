"""The web chat relay: one conversation per visitor, clear errors when Rasa fails.

The relay's cookie is `Secure; SameSite=None; Partitioned`, which aiohttp's client
cookie jar neither parses (Python's cookie module knows no Partitioned before 3.14)
nor sends over http; so these tests carry it from answer to request as a browser
does, in `Cookie` headers of their own.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import ClientTimeout, web
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.conversation_ids import WEB_CHAT_HEADER, WebChatIds, rest_may_use
from bot.channels.message_text import EMPTY, MAX_MESSAGE_CHARS
from bot.settings import WebChatSettings
from bot.webchat import server
from bot.webchat.security import security_headers

RasaHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]
REPLIES = [{"recipient_id": "x", "text": "Hello!", "buttons": [{"title": "Yes"}]}]
IDS = WebChatIds(b"web-chat-test-secret-of-32-bytes")
SETTINGS = WebChatSettings(
    allowed_origins=("https://clinic.example",),
    logo_url="",
    colour="#1f5fbf",
    clinic_name="Test Clinic",
    clinic_phone="555-0142",
    retention_days=30,
)


@dataclass(frozen=True)
class Post:
    """One request to /api/messages: JSON `payload`, or `raw` bytes as they are."""

    payload: Any = None
    raw: bytes | None = None
    cookie: str | None = None  # sent instead of the one the relay set last
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    response: Any

    @property
    def cookie(self) -> str | None:
        return set_cookie_value(self.response)


def set_cookie_value(response: Any) -> str | None:
    """The value of the relay's cookie in `response`'s Set-Cookie, if it sets it."""
    for header in response.headers.getall("Set-Cookie", []):
        name, _, rest = header.partition("=")
        if name == server.COOKIE:
            return rest.split(";", 1)[0]
    return None


async def _exchange(
    rasa: RasaHandler | None, *posts: Post | dict[str, Any]
) -> tuple[list[Answer], list[dict]]:
    """POST each payload to the relay; its answers and what Rasa received."""
    received: list[dict] = []

    async def webhook(request: web.Request) -> web.StreamResponse:
        received.append(
            {**await request.json(), "relayed": request.headers.get(WEB_CHAT_HEADER)}
        )
        return await rasa(request)

    rasa_app = web.Application()
    rasa_app.router.add_post("/webhooks/rest/webhook", webhook)
    async with TestServer(rasa_app) as rasa_server:
        rasa_url = str(rasa_server.make_url("")).rstrip("/")
        if rasa is None:
            await rasa_server.close()  # nothing listens there any more
        app = server.create_app(rasa_url, IDS, SETTINGS, rasa_token="")
        async with TestClient(TestServer(app)) as relay:
            answers = []
            cookie = None
            for post in posts:
                answers.append(await _post(relay, post, cookie))
                cookie = answers[-1].cookie or cookie
    return answers, received


async def _post(
    relay: TestClient, post: Post | dict[str, Any], cookie: str | None = None
) -> Answer:
    """POST `post`, with `cookie` (the relay's last) unless it brings its own."""
    if not isinstance(post, Post):
        post = Post(post)
    headers = {"Content-Type": "application/json", **post.headers}
    cookie = post.cookie if post.cookie is not None else cookie
    if cookie is not None:
        headers["Cookie"] = f"{server.COOKIE}={cookie}"
    data = post.raw if post.raw is not None else json.dumps(post.payload).encode()
    response = await relay.post("/api/messages", data=data, headers=headers)
    return Answer(response.status, await response.json(), response)


def exchange(rasa: RasaHandler | None, *posts: Post | dict[str, Any]):
    return asyncio.run(_exchange(rasa, *posts))


async def rasa_replies(request: web.Request) -> web.StreamResponse:
    return web.json_response(REPLIES)


def test_replies_are_relayed_under_a_server_chosen_conversation_id() -> None:
    answers, received = exchange(
        rasa_replies, {"message": "hi"}, {"message": "yes", "sender": "someone-else"}
    )

    assert [(a.status, a.body) for a in answers] == [
        (200, {"messages": REPLIES}),
        (200, {"messages": REPLIES}),
    ]
    assert [payload["message"] for payload in received] == ["hi", "yes"]
    first, second = (payload["sender"] for payload in received)
    assert first == second != "someone-else"


def test_every_answer_carries_the_security_headers() -> None:
    [answer], _ = exchange(rasa_replies, {"message": "hi"})
    for name, value in security_headers(SETTINGS).items():
        assert answer.response.headers[name] == value


# ---- item 7: signed conversation ids ----------------------------------------------


def test_item7_a_new_visitor_gets_a_web_id_in_a_signed_cookie() -> None:
    [answer], [sent] = exchange(rasa_replies, {"message": "hi"})
    assert sent["sender"].startswith("web-")
    assert IDS.id_from_cookie(answer.cookie) == sent["sender"]


def test_item7_the_relay_proves_the_id_to_the_rest_channel() -> None:
    _, [sent] = exchange(rasa_replies, {"message": "hi"})
    assert sent["sender"].startswith("web-")
    assert rest_may_use(sent["sender"], sent["relayed"], IDS)


def test_item7_a_signed_cookie_continues_its_conversation() -> None:
    conversation = IDS.new_id()
    post = Post({"message": "hi"}, cookie=IDS.cookie_value(conversation))
    [answer], [sent] = exchange(rasa_replies, post)
    assert sent["sender"] == conversation
    assert answer.status == 200


def forged_cookies() -> dict[str, str]:
    conversation = IDS.new_id()
    value = IDS.cookie_value(conversation)
    return {
        "an SMS conversation id": "sms-" + "0" * 32,
        "a Messenger conversation id": "fb-1234567890",
        "an unsigned web id": conversation,
        "another id under this signature": IDS.new_id() + value[len(conversation) :],
        "signed with another key": WebChatIds(b"x" * 32).cookie_value(conversation),
        "over 255 characters": "a" * 300,
    }


@pytest.mark.parametrize("name", list(forged_cookies()))
def test_item7_an_unsigned_or_tampered_cookie_starts_a_fresh_conversation(
    name: str,
) -> None:
    forged = forged_cookies()[name]
    [answer], [sent] = exchange(rasa_replies, Post({"message": "hi"}, cookie=forged))
    assert answer.status == 200
    assert sent["sender"].startswith("web-") and sent["sender"] not in forged
    assert IDS.id_from_cookie(answer.cookie) == sent["sender"]


def test_item7_a_client_cannot_claim_the_relay_header() -> None:
    """The relay sets the header from the cookie, whatever the browser sends."""
    someone = IDS.cookie_value(IDS.new_id())
    post = Post({"message": "hi"}, headers={WEB_CHAT_HEADER: someone})
    _, [sent] = exchange(rasa_replies, post)
    assert sent["relayed"] != someone
    assert IDS.id_from_cookie(sent["relayed"]) == sent["sender"]


# ---- failures of Rasa and of the client -------------------------------------------


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


async def rasa_400_as_html(request: web.Request) -> web.StreamResponse:
    return web.Response(status=400, text="<html>bad</html>", content_type="text/html")


async def rasa_400_without_a_message(request: web.Request) -> web.StreamResponse:
    return web.json_response({"detail": 3}, status=400)


@pytest.mark.parametrize(
    "rasa",
    [None, rasa_fails, rasa_sends_html, rasa_sends_broken_json, rasa_sends_an_object,
     rasa_is_slow, rasa_400_as_html, rasa_400_without_a_message],
)  # fmt: skip
def test_a_failing_rasa_becomes_a_clear_503(
    rasa: RasaHandler | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "RASA_TIMEOUT", ClientTimeout(total=0.2))
    [answer], _ = exchange(rasa, {"message": "hi"})
    assert answer.status == 503
    assert answer.body == {"error": server.UNAVAILABLE}


@pytest.mark.parametrize(
    ("payload", "status"),
    [({"message": "   "}, 400), ({"message": 3}, 400), ({}, 400),
     ({"message": "x" * (MAX_MESSAGE_CHARS + 1)}, 413)],
)  # fmt: skip
def test_bad_messages_are_refused_before_rasa(payload: dict, status: int) -> None:
    [answer], received = exchange(rasa_replies, payload)
    assert answer.status == status
    assert isinstance(answer.body["error"], str) and answer.body["error"]
    assert received == []


CLIENT_MISTAKES = {
    "only invisible characters": (
        b'{"message": "\\u200b\\u2060\\ufeff\\u202e"}',
        EMPTY,
    ),
    "a lone surrogate": (b'{"message": "\\ud800"}', EMPTY),
    "control characters only": (b'{"message": "\\u0000\\u0007 \\t"}', EMPTY),
    "nested too deeply": (b"[" * 30_000, server.NOT_JSON),
    "nested too deeply in an object": (
        b'{"message": ' + b"[" * 30_000,
        server.NOT_JSON,
    ),
}


@pytest.mark.parametrize(
    ("raw", "says"), list(CLIENT_MISTAKES.values()), ids=list(CLIENT_MISTAKES)
)
def test_item13_client_mistakes_get_a_clear_400_not_an_error(
    raw: bytes, says: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        [answer], received = exchange(rasa_replies, Post(raw=raw))
    assert (answer.status, answer.body) == (400, {"error": says})
    assert received == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text


def test_item13_the_dialogue_gets_the_cleaned_text() -> None:
    _, [sent] = exchange(rasa_replies, {"message": " my\u200b neck\x00 hurts "})
    assert sent["message"] == "my neck hurts"


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, "Please type a message before sending."),
     (413, "Please keep each message under 2000 characters.")],
)  # fmt: skip
def test_item13_rasas_own_refusal_reaches_the_visitor(status: int, error: str) -> None:
    async def rasa_refuses(request: web.Request) -> web.StreamResponse:
        return web.json_response({"error": error}, status=status)

    [answer], _ = exchange(rasa_refuses, {"message": "hi"})
    assert (answer.status, answer.body) == (status, {"error": error})
