"""Drive the channel blueprints exactly as `rasa run` mounts them, without a server.

`rasa.core.run.configure_app` registers the channel under /webhooks/<name>/ with a
handler that calls `app.ctx.agent.handle_message`; here the agent is a fake that
records each `UserMessage` and answers through its output channel, logging the
answers in a real in-memory tracker store (so numbered answers resolve against the
buttons the "bot" really sent). Requests go through Sanic's ASGI interface; the
project has no sanic-testing, and these tests need nothing more.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.run import configure_app
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Sanic

from bot.settings import get_settings

HOST = "bot.example"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class FakeAgent:
    """Rasa's agent as the channels see it: `handle_message` and `tracker_store`."""

    responses: list[dict[str, Any]] = field(default_factory=list)
    failing_texts: set[str] = field(default_factory=set)
    messages: list[UserMessage] = field(default_factory=list)
    tracker_store: InMemoryTrackerStore = field(
        default_factory=lambda: InMemoryTrackerStore(Domain.empty())
    )

    async def handle_message(self, message: UserMessage) -> None:
        self.messages.append(message)
        if message.text in self.failing_texts:
            raise RuntimeError("the dialogue failed")
        tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text))
        for bot_response in self.responses:
            data = {"buttons": bot_response.get("buttons")}
            await message.output_channel.send_response(
                message.sender_id, copy.deepcopy(bot_response)
            )
            tracker.update(BotUttered(bot_response.get("text"), data=data))
        await self.tracker_store.save(tracker)


class WebhookClient:
    """Sends one HTTP request at a time to a fresh app holding `channel`."""

    def __init__(self, channel: InputChannel, agent: FakeAgent) -> None:
        self.channel = channel
        self.agent = agent

    def request(
        self,
        method: str,
        path: str,
        *,
        query: str = "",
        headers: dict[str, str] | None = None,
        body: bytes = b"",
    ) -> Reply:
        return asyncio.run(self._request(method, path, query, headers or {}, body))

    async def _request(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> Reply:
        app = configure_app([self.channel], enable_api=False, route="/webhooks/")
        app.config.MOTD = False
        app.ctx.agent = self.agent
        async with _lifespan(app):
            return await _http(app, method, path, query, headers, body)


@contextlib.asynccontextmanager
async def _lifespan(app: Sanic) -> Any:
    inbox: asyncio.Queue[dict] = asyncio.Queue()
    outbox: asyncio.Queue[dict] = asyncio.Queue()
    task = asyncio.create_task(app({"type": "lifespan"}, inbox.get, outbox.put))
    await inbox.put({"type": "lifespan.startup"})
    await outbox.get()
    try:
        yield
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        # Sanic 21.12 goes on to treat the lifespan scope as a request and fails.
        with contextlib.suppress(AttributeError):
            await task


async def _http(
    app: Sanic,
    method: str,
    path: str,
    query: str,
    headers: dict[str, str],
    body: bytes,
) -> Reply:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", HOST.encode())]
        + [(key.lower().encode(), value.encode()) for key, value in headers.items()],
        "server": (HOST, 443),
        "client": ("203.0.113.7", 40000),
    }
    incoming = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict] = []

    async def receive() -> dict:
        if incoming:
            return incoming.pop(0)
        await asyncio.Event().wait()  # the client never disconnects early
        raise AssertionError("unreachable")

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(
        message for message in sent if message["type"] == "http.response.start"
    )
    return Reply(
        status=start["status"],
        headers={k.decode().lower(): v.decode() for k, v in start["headers"]},
        body=b"".join(
            m.get("body", b"") for m in sent if m["type"] == "http.response.body"
        ),
    )


@pytest.fixture(autouse=True)
def channel_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No channel secrets or database from the shell; a known clinic name and phone."""
    for name in list(os.environ):
        if name.startswith(("TWILIO_", "FACEBOOK_")):
            monkeypatch.delenv(name)
    for name in ("PHONE_HASH_KEY", "SMS_CAPTURE_FILE", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLINIC_NAME", "Test Physio")
    monkeypatch.setenv("CLINIC_PHONE", "555-0123")
    monkeypatch.setattr(Sanic, "test_mode", True)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
def client_for(agent: FakeAgent) -> Callable[[InputChannel], WebhookClient]:
    """Make a client for a channel; every client of a test shares `agent`."""
    return lambda channel: WebhookClient(channel, agent)


@pytest.fixture
def channel_log(caplog: pytest.LogCaptureFixture) -> Callable[[], str]:
    """What the channel modules logged so far, tracebacks included.

    Rasa's own DEBUG lines name the conversation id (for SMS a pseudonym of the
    number, for Messenger the page-scoped id); the end-to-end SMS test checks the
    server's log files as a whole.
    """
    formatter = logging.Formatter()
    return lambda: "\n".join(
        formatter.format(record)
        for record in caplog.records
        if record.name.startswith("bot.channels")
    )
