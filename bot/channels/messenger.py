"""The project's Facebook Messenger channel: signed, batched webhooks done right.

Rasa 3.6's own connector checks the old SHA-1 signature with `==`, answers 200 to a
forged request, and stops at the first event of a batched POST. This one checks
`X-Hub-Signature-256` in constant time and refuses a bad one with 403, handles every
event of a batch, and keeps replies within Messenger's limits. A Messenger user's
conversation id is `fb-` and their page-scoped id (`conversation_ids`), so no other
channel's client can name it; replies go to the page-scoped id behind it. Connect it in
credentials.yml as `bot.channels.messenger.MessengerInput`; its settings are listed
in `MESSENGER_SETTINGS` and in bot/channels/README.md.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.conversation_ids import messenger_id, psid_of
from bot.channels.credentials import (
    Setting,
    disabled_message,
    missing_env,
    read_settings,
)
from bot.channels.message_text import clean_text
from bot.channels.messenger_payloads import (
    MalformedPayload,
    MessengerEvent,
    fits_quick_replies,
    parse_events,
    quick_replies,
    text_messages,
)
from bot.channels.numbered_replies import render_numbered, resolve_answer
from bot.channels.offered_buttons import ButtonLookup, buttons_from_tracker
from bot.channels.redact import sender_ref
from bot.channels.replies import channel_replies
from bot.channels.signatures import is_valid_hub_signature

logger = logging.getLogger(__name__)

VERIFY_TOKEN = Setting("verify", "FACEBOOK_VERIFY_TOKEN")
APP_SECRET = Setting("secret", "FACEBOOK_APP_SECRET")
PAGE_TOKEN = Setting("page-access-token", "FACEBOOK_PAGE_ACCESS_TOKEN")
API_VERSION = Setting("graph_api_version", "FACEBOOK_GRAPH_API_VERSION")
MESSENGER_SETTINGS = (VERIFY_TOKEN, APP_SECRET, PAGE_TOKEN, API_VERSION)

SIGNATURE_HEADER = "X-Hub-Signature-256"
GRAPH_API_URL = "https://graph.facebook.com"
DEFAULT_GRAPH_API_VERSION = "v19.0"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class MessengerSendError(Exception):
    """The Send API refused a message; carries the HTTP status and Meta's code."""

    def __init__(self, status: int | None, code: int | None = None) -> None:
        reason = f"HTTP {status}, error {code}" if status else "Graph API unreachable"
        super().__init__(f"Messenger send failed: {reason}")
        self.status = status
        self.code = code


class MessengerSender(Protocol):
    """Posts one Send API request body; raises MessengerSendError when refused."""

    async def __call__(self, request_body: dict[str, Any]) -> None: ...


class GraphApiSender:
    """Posts to the Graph API's `/me/messages` with the page access token."""

    def __init__(
        self,
        page_access_token: str,
        api_version: str = DEFAULT_GRAPH_API_VERSION,
        *,
        base_url: str = GRAPH_API_URL,
    ) -> None:
        self._url = f"{base_url}/{api_version}/me/messages"
        self._params = {"access_token": page_access_token}

    async def __call__(self, request_body: dict[str, Any]) -> None:
        timeout = aiohttp.ClientTimeout(total=20)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.post(
                    self._url, params=self._params, json=request_body
                ) as reply,
            ):
                if reply.status >= 400:
                    raise MessengerSendError(reply.status, await _error_code(reply))
        except aiohttp.ClientError as error:
            raise MessengerSendError(None) from error


class MessengerOutput(OutputChannel):
    """Sends the bot's replies through the Send API, shaped to Messenger's limits."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    def __init__(self, send: MessengerSender, *, numbered_hint: str) -> None:
        self.send = send
        self.numbered_hint = numbered_hint

    async def send_text_message(
        self, recipient_id: str, text: str, **kwargs: Any
    ) -> None:
        await self._send_all(recipient_id, text_messages(text))

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        """Quick replies when they fit, else a numbered menu like SMS."""
        if fits_quick_replies(buttons):
            messages = text_messages(text, quick_replies(buttons))
        else:
            messages = text_messages(render_numbered(text, buttons, self.numbered_hint))
        await self._send_all(recipient_id, messages)

    async def send_image_url(
        self, recipient_id: str, image: str, **kwargs: Any
    ) -> None:
        attachment = {"type": "image", "payload": {"url": image, "is_reusable": True}}
        await self._send_all(recipient_id, [{"attachment": attachment}])

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """A custom response is a ready-made Send API `message` object."""
        await self._send_all(recipient_id, [json_message])

    async def _send_all(
        self, recipient_id: str, messages: Sequence[dict[str, Any]]
    ) -> None:
        """Send to the Messenger user behind conversation `recipient_id` (`fb-…`)."""
        psid = psid_of(recipient_id)
        if psid is None:
            logger.error("Reply not sent: not a Messenger conversation")
            return
        for message in messages:
            try:
                await self.send(
                    {
                        "recipient": {"id": psid},
                        "messaging_type": "RESPONSE",
                        "message": message,
                    }
                )
            except MessengerSendError as error:
                logger.error("%s (to %s)", error, sender_ref(recipient_id))
                return


class MessengerInput(InputChannel):
    """Receives Meta's webhook at /webhooks/facebook/webhook."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Build from credentials.yml and FACEBOOK_* variables; disabled if incomplete.

        Without secrets the channel still loads (so the bot starts) but answers every
        webhook with 503 and logs which environment variables to set.
        """
        values = read_settings(MESSENGER_SETTINGS, credentials)
        missing = missing_env(values, (VERIFY_TOKEN, APP_SECRET, PAGE_TOKEN))
        if missing:
            return cls(None, None, None, missing_env=missing)
        send = GraphApiSender(
            values[PAGE_TOKEN.key], values[API_VERSION.key] or DEFAULT_GRAPH_API_VERSION
        )
        return cls(values[VERIFY_TOKEN.key], values[APP_SECRET.key], send)

    def __init__(
        self,
        verify_token: str | None,
        app_secret: str | None,
        send: MessengerSender | None,
        *,
        button_lookup: ButtonLookup = buttons_from_tracker,
        missing_env: Sequence[str] = (),
    ) -> None:
        if not missing_env and not (verify_token and app_secret and send):
            raise ValueError("tokens and send are needed unless missing_env")
        self.verify_token = verify_token
        self.app_secret = app_secret
        self.button_lookup = button_lookup
        self.missing_env = list(missing_env)
        self.output = None
        if send is not None:
            hint = channel_replies().numbered_hint
            self.output = MessengerOutput(send, numbered_hint=hint)
        if self.missing_env:
            logger.warning(self._disabled_message())

    def get_output_channel(self) -> OutputChannel | None:
        return self.output

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        messenger_webhook = Blueprint("project_messenger", __name__)

        @messenger_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if self.missing_env:
                return response.json({"status": "disabled"}, status=503)
            return response.json({"status": "ok"})

        @messenger_webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            return self._verify(request)

        @messenger_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        return messenger_webhook

    def _verify(self, request: Request) -> HTTPResponse:
        """Meta's subscription check: echo the challenge if the token matches."""
        if self.missing_env:
            logger.warning(self._disabled_message())
            return response.text("Messenger channel not configured", status=503)
        token = request.args.get("hub.verify_token") or ""
        if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
            token.encode(), self.verify_token.encode()
        ):
            return response.text(request.args.get("hub.challenge") or "")
        logger.warning(
            "Messenger verification refused: hub.verify_token does not match %s",
            VERIFY_TOKEN.env,
        )
        return response.text("invalid verify token", status=403)

    async def _receive(
        self, request: Request, on_new_message: OnNewMessage
    ) -> HTTPResponse:
        if self.missing_env:
            logger.warning(self._disabled_message())
            return response.text("Messenger channel not configured", status=503)
        signature = request.headers.get(SIGNATURE_HEADER)
        if not is_valid_hub_signature(self.app_secret, request.body, signature):
            logger.warning(
                "Messenger webhook refused: missing or wrong %s (check %s)",
                SIGNATURE_HEADER,
                APP_SECRET.env,
            )
            return response.text("invalid signature", status=403)
        try:
            events = parse_events(json.loads(request.body))
        except (ValueError, MalformedPayload) as problem:
            logger.warning("Messenger webhook refused: %s", type(problem).__name__)
            return response.text("malformed payload", status=400)
        handled = [await self._dispatch(request, e, on_new_message) for e in events]
        logger.info(
            "Messenger batch: %d events, %d failed", len(handled), handled.count(False)
        )
        return response.text("EVENT_RECEIVED")

    async def _dispatch(
        self, request: Request, event: MessengerEvent, on_new_message: OnNewMessage
    ) -> bool:
        """Hand one event to the dialogue; False if it failed (the batch goes on)."""
        conversation_id = messenger_id(event.sender_id)
        try:
            if event.kind == "attachment":
                notice = channel_replies().media_not_supported
                await self.output.send_text_message(conversation_id, notice)
                return True
            text = event.text
            if event.kind == "text":
                text = await self._numbered_answer(request, conversation_id, event)
            text = clean_text(text)
            if not text:
                notice = channel_replies().empty_message
                await self.output.send_text_message(conversation_id, notice)
                return True
            await on_new_message(
                UserMessage(
                    text, self.output, conversation_id, input_channel=self.name()
                )
            )
        except Exception as error:  # one bad event must not drop the rest
            logger.error(
                "Messenger event from %s failed: %s",
                sender_ref(conversation_id),
                type(error).__name__,
            )
            logger.debug("Messenger event failed", exc_info=True)
            return False
        return True

    async def _numbered_answer(
        self, request: Request, conversation_id: str, event: MessengerEvent
    ) -> str:
        """Typed numbers count as choices only when the options were numbered."""
        buttons = await self.button_lookup(request, conversation_id)
        if not buttons or fits_quick_replies(buttons):
            return event.text
        return resolve_answer(event.text, buttons)

    def _disabled_message(self) -> str:
        return disabled_message("Messenger", self.missing_env)


async def _error_code(reply: aiohttp.ClientResponse) -> int | None:
    """Meta's numeric error code from a refused Send API call, if it gave one."""
    try:
        body = await reply.json(content_type=None)
    except (aiohttp.ContentTypeError, ValueError):
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error.get("code") if isinstance(error, dict) else None
