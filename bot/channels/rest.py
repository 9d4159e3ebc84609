"""The project's REST channel: Rasa's, with the visitor's input checked first.

Rasa 3.6's REST channel passes whatever arrives to the dialogue: a megabyte of
text, NUL bytes and lone surrogates (which PostgreSQL refuses, failing the turn),
no sender at all (then every such client shares one conversation, "default"). When
something fails it answers 200 with whatever replies were collected and logs the
message text. This one keeps its URL (/webhooks/rest/webhook) and its reply (the
list of bot messages), and answers everything else with a JSON `{"error": ...}`:

- 400 for a body that is not UTF-8 JSON with a `sender` and a `message` string,
  a message with nothing readable in it, or a sender in another channel's
  namespace (`sms-`, `fb-`, or `web-` without the web chat's signed cookie value:
  see `conversation_ids`);
- 413 for a message over 2,000 characters (or a body over 32 KB);
- 503 "please try again shortly" when the database or the action server is down,
  or the turn fails; the conversation is then left as it was.

The message is cleaned (`message_text.clean_text`) before the dialogue sees it.
`input_channel` and `metadata` of the body are ignored: the channel recorded with a
screening is this one, whatever a client claims. Streaming (`?stream=true`) is not
offered. Connect it in credentials.yml as `bot.channels.rest.RestInput`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels import rest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.availability import unavailable_dependencies
from bot.channels.conversation_ids import (
    CHANNEL_PREFIXES,
    WEB_CHAT_HEADER,
    WebChatIds,
    rest_may_use,
)
from bot.channels.message_text import TOO_LONG, UnusableText, check_sender, check_text

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 32 * 1024  # 2,000 emoji, JSON-escaped, take 24 KB
NOT_JSON = 'Please send JSON like {"sender": "...", "message": "..."}.'
NOT_UTF8 = "The request body is not valid UTF-8."
TRY_AGAIN = "The assistant is unavailable right now. Please try again shortly."
OTHER_CHANNEL = (
    "This sender id belongs to another channel: choose one that does not start "
    f"with {', '.join(repr(prefix) for prefix in CHANNEL_PREFIXES)}."
)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
DependencyCheck = Callable[[Any], Awaitable[list[str]]]


class RestInput(rest.RestInput):
    """Receives `{"sender", "message"}` at /webhooks/rest/webhook."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestInput:
        return cls(web_chat=WebChatIds.from_environment())

    def __init__(
        self,
        check: DependencyCheck = unavailable_dependencies,
        *,
        web_chat: WebChatIds | None = None,
    ) -> None:
        """`web_chat` checks the ids the web chat relays; without it none pass."""
        self.check = check
        self.web_chat = web_chat

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("project_rest", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        return webhook

    async def _receive(
        self, request: Request, on_new_message: OnNewMessage
    ) -> HTTPResponse:
        try:
            sender, text = read_message(request.body)
        except UnusableText as unusable:
            return _error(unusable.status, unusable.reason)
        relayed = request.headers.get(WEB_CHAT_HEADER)
        if not rest_may_use(sender, relayed, self.web_chat):
            return _error(400, OTHER_CHANNEL)
        down = await self.check(request.app.ctx.agent)
        if down:
            logger.warning("Message refused: %s not answering", " and ".join(down))
            return _error(503, TRY_AGAIN)
        collector = CollectingOutputChannel()
        message = UserMessage(text, collector, sender, input_channel=self.name())
        try:
            await on_new_message(message)
        except Exception as error:  # noqa: BLE001 - the visitor must get an answer
            logger.error("Message handling failed: %s", type(error).__name__)
            logger.debug("Traceback of the failure", exc_info=True)
            return _error(503, TRY_AGAIN)
        return response.json(collector.messages)


def read_message(body: bytes) -> tuple[str, str]:
    """The sender and the cleaned message text of a request body.

    Raises UnusableText (with the HTTP status to answer) for anything else.
    """
    if len(body) > MAX_BODY_BYTES:
        raise UnusableText(413, TOO_LONG)
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise UnusableText(400, NOT_UTF8) from None
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        raise UnusableText(400, NOT_JSON) from None
    if not isinstance(payload, dict):
        raise UnusableText(400, NOT_JSON)
    sender = check_sender(payload.get("sender"))
    text = payload.get("message")
    if not isinstance(text, str):
        raise UnusableText(400, NOT_JSON)
    return sender, check_text(text)


def _error(status: int, text: str) -> HTTPResponse:
    return response.json({"error": text}, status=status)
