"""The project's Twilio SMS channel: signed webhooks, opt-outs and numbered menus.

Rasa 3.6's own Twilio connector accepts unsigned requests and crashes on a message
without a body. This one refuses any request without Twilio's signature (403),
answers the carrier keywords (STOP, START, HELP) itself, never texts a number that
opted out, shows buttons as a numbered menu, and keeps every SMS within a segment
budget. Connect it in credentials.yml as `bot.channels.twilio_sms.TwilioSmsInput`;
its settings are listed in `TWILIO_SETTINGS` and in bot/channels/README.md.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol
from urllib.parse import parse_qs

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels.credentials import (
    Setting,
    disabled_message,
    missing_env,
    parse_bool,
    parse_int,
    read_settings,
)
from bot.channels.numbered_replies import render_numbered, resolve_answer
from bot.channels.offered_buttons import ButtonLookup, buttons_from_tracker
from bot.channels.optout import (
    InMemoryOptOutStore,
    OptOutStore,
    load_opt_out_store,
)
from bot.channels.redact import sender_ref
from bot.channels.replies import channel_replies
from bot.channels.signatures import is_valid_twilio_signature
from bot.channels.sms_keywords import Keyword, keyword_of
from bot.channels.sms_segments import (
    DEFAULT_MAX_SEGMENTS,
    check_max_segments,
    sms_bodies,
)

logger = logging.getLogger(__name__)

ACCOUNT_SID = Setting("account_sid", "TWILIO_ACCOUNT_SID")
AUTH_TOKEN = Setting("auth_token", "TWILIO_AUTH_TOKEN")
NUMBER = Setting("twilio_number", "TWILIO_NUMBER")
MESSAGING_SERVICE = Setting("messaging_service_sid", "TWILIO_MESSAGING_SERVICE_SID")
PUBLIC_URL = Setting("public_url", "TWILIO_WEBHOOK_URL")
MAX_SEGMENTS = Setting("max_segments", "TWILIO_MAX_SEGMENTS")
CONFIRMATIONS = Setting("opt_out_confirmations", "TWILIO_OPT_OUT_CONFIRMATIONS")
OPT_OUT_STORE = Setting("opt_out_store", "TWILIO_OPT_OUT_STORE")
TWILIO_SETTINGS = (
    ACCOUNT_SID, AUTH_TOKEN, NUMBER, MESSAGING_SERVICE,
    PUBLIC_URL, MAX_SEGMENTS, CONFIRMATIONS, OPT_OUT_STORE,
)  # fmt: skip

SIGNATURE_HEADER = "X-Twilio-Signature"
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
Form = dict[str, list[str]]
UNSUBSCRIBED_RECIPIENT = 21610  # Twilio: the number has opted out at Twilio's end


class SmsSendError(Exception):
    """An SMS was not accepted; carries Twilio's error code (never the message)."""

    def __init__(self, code: int | None) -> None:
        reason = f"Twilio error {code}" if code is not None else "Twilio unreachable"
        super().__init__(f"SMS not sent: {reason}")
        self.code = code


class SmsSender(Protocol):
    """Sends one SMS body to one number; raises SmsSendError when refused."""

    async def __call__(self, to: str, body: str) -> None: ...


class TwilioRestSender:
    """Sends through Twilio's Messages API, from a number or a Messaging Service."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
    ) -> None:
        if not (from_number or messaging_service_sid):
            raise ValueError("a from number or a Messaging Service SID is needed")
        http_client = AsyncTwilioHttpClient(pool_connections=False)
        self._client = Client(account_sid, auth_token, http_client=http_client)
        self._origin = (
            {"messaging_service_sid": messaging_service_sid}
            if messaging_service_sid
            else {"from_": from_number}
        )

    async def __call__(self, to: str, body: str) -> None:
        try:
            await self._client.messages.create_async(to=to, body=body, **self._origin)
        except TwilioRestException as error:  # its text may quote the number
            raise SmsSendError(error.code) from None
        except aiohttp.ClientError as error:
            raise SmsSendError(None) from error


class TwilioSmsOutput(OutputChannel):
    """Sends the bot's replies as SMS, never to a number that opted out."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(
        self,
        send: SmsSender,
        opt_outs: OptOutStore,
        *,
        max_segments: int = DEFAULT_MAX_SEGMENTS,
        numbered_hint: str,
    ) -> None:
        self.send = send
        self.opt_outs = opt_outs
        self.max_segments = max_segments
        self.numbered_hint = numbered_hint

    async def send_text_message(
        self, recipient_id: str, text: str, **kwargs: Any
    ) -> None:
        """Send `text` as one or more SMS of at most `max_segments` segments."""
        for body in sms_bodies(text, self.max_segments):
            if self.opt_outs.is_opted_out(recipient_id):
                logger.info("SMS to %s not sent: opted out", sender_ref(recipient_id))
                return
            try:
                await self.send(recipient_id, body)
            except SmsSendError as error:
                self._record_failure(recipient_id, error)
                return

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        """Buttons become a numbered menu; the answer is parsed on the way in."""
        menu = render_numbered(text, buttons, self.numbered_hint)
        await self.send_text_message(recipient_id, menu)

    async def send_custom_json(
        self, recipient_id: str, json_message: Any, **kwargs: Any
    ) -> None:
        """Custom payloads are for richer channels; texting raw JSON helps no one."""
        logger.warning(
            "custom payload not sent over SMS to %s", sender_ref(recipient_id)
        )

    def _record_failure(self, recipient_id: str, error: SmsSendError) -> None:
        logger.error("SMS to %s failed: %s", sender_ref(recipient_id), error)
        if error.code == UNSUBSCRIBED_RECIPIENT:
            self.opt_outs.opt_out(recipient_id)


class TwilioSmsInput(InputChannel):
    """Receives Twilio's incoming-message webhook at /webhooks/twilio/webhook."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Build from credentials.yml and TWILIO_* variables; disabled if incomplete.

        Without secrets the channel still loads (so the bot starts) but answers every
        webhook with 503 and logs which environment variables to set.
        """
        values = read_settings(TWILIO_SETTINGS, credentials)
        missing = missing_env(values, (ACCOUNT_SID, AUTH_TOKEN))
        if not (values[NUMBER.key] or values[MESSAGING_SERVICE.key]):
            missing.append(f"{NUMBER.env} or {MESSAGING_SERVICE.env}")
        if missing:
            return cls(None, None, InMemoryOptOutStore(), missing_env=missing)
        send = TwilioRestSender(
            values[ACCOUNT_SID.key],
            values[AUTH_TOKEN.key],
            from_number=values[NUMBER.key],
            messaging_service_sid=values[MESSAGING_SERVICE.key],
        )
        return cls(
            values[AUTH_TOKEN.key],
            send,
            load_opt_out_store(values[OPT_OUT_STORE.key]),
            public_url=values[PUBLIC_URL.key],
            max_segments=parse_int(
                values[MAX_SEGMENTS.key], MAX_SEGMENTS, DEFAULT_MAX_SEGMENTS
            ),
            opt_out_confirmations=parse_bool(
                values[CONFIRMATIONS.key], CONFIRMATIONS, default=True
            ),
        )

    def __init__(
        self,
        auth_token: str | None,
        send: SmsSender | None,
        opt_outs: OptOutStore,
        *,
        public_url: str | None = None,
        max_segments: int = DEFAULT_MAX_SEGMENTS,
        opt_out_confirmations: bool = True,
        button_lookup: ButtonLookup = buttons_from_tracker,
        missing_env: Sequence[str] = (),
    ) -> None:
        if not missing_env and not (auth_token and send):
            raise ValueError("auth_token and send are needed unless missing_env")
        self.auth_token = auth_token
        self.opt_outs = opt_outs
        self.public_url = public_url
        self.max_segments = check_max_segments(max_segments)
        self.opt_out_confirmations = opt_out_confirmations
        self.button_lookup = button_lookup
        self.missing_env = list(missing_env)
        self.output = None
        if send is not None:
            self.output = TwilioSmsOutput(
                send,
                opt_outs,
                max_segments=max_segments,
                numbered_hint=channel_replies().numbered_hint,
            )
        if self.missing_env:
            logger.warning(self._disabled_message())

    def get_output_channel(self) -> OutputChannel | None:
        return self.output

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        sms_webhook = Blueprint("project_twilio_sms", __name__)

        @sms_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if self.missing_env:
                return response.json({"status": "disabled"}, status=503)
            return response.json({"status": "ok"})

        @sms_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        return sms_webhook

    async def _receive(
        self, request: Request, on_new_message: OnNewMessage
    ) -> HTTPResponse:
        if self.missing_env:
            logger.warning(self._disabled_message())
            return response.text("SMS channel not configured", status=503)
        url = self.public_url or request.url
        form = _form(request)
        signature = request.headers.get(SIGNATURE_HEADER)
        if not is_valid_twilio_signature(self.auth_token, url, form, signature):
            logger.warning(
                "Twilio webhook refused: missing or wrong %s (behind a proxy, set "
                "%s to the URL configured at Twilio)",
                SIGNATURE_HEADER,
                PUBLIC_URL.env,
            )
            return response.text("invalid signature", status=403)
        sender = _first(form, "From")
        if not sender:
            return response.text("no sender", status=400)
        try:
            replies = await self._handle(request, form, on_new_message)
        except Exception as error:  # whatever failed: log it and tell Twilio
            logger.error(
                "SMS from %s failed: %s", sender_ref(sender), type(error).__name__
            )
            logger.debug("SMS handling failed", exc_info=True)
            return response.text("error", status=500)
        return self._twiml(replies)

    async def _handle(
        self,
        request: Request,
        form: Form,
        on_new_message: OnNewMessage,
    ) -> list[str]:
        """Act on one incoming SMS; return the texts to answer in the webhook reply."""
        sender, body = _first(form, "From"), _first(form, "Body")
        keyword = keyword_of(body)
        if keyword is Keyword.OPT_OUT:
            return self._opt_out(sender)
        if keyword is Keyword.OPT_IN:
            return self._opt_in(sender)
        if self.opt_outs.is_opted_out(sender):
            logger.info("SMS from opted-out %s ignored", sender_ref(sender))
            return []
        replies = channel_replies()
        if keyword is Keyword.HELP:
            return [replies.help]
        if not body.strip():
            has_media = _first(form, "NumMedia").strip() not in {"", "0"}
            return [replies.media_not_supported if has_media else replies.empty_message]
        text = resolve_answer(body, await self.button_lookup(request, sender))
        await on_new_message(
            UserMessage(text, self.output, sender, input_channel=self.name())
        )
        return []

    def _opt_out(self, sender: str) -> list[str]:
        already = self.opt_outs.is_opted_out(sender)
        self.opt_outs.opt_out(sender)
        logger.info("SMS opt-out recorded for %s", sender_ref(sender))
        if already or not self.opt_out_confirmations:
            return []
        return [channel_replies().opted_out]

    def _opt_in(self, sender: str) -> list[str]:
        self.opt_outs.opt_in(sender)
        logger.info("SMS opt-in recorded for %s", sender_ref(sender))
        return [channel_replies().opted_in] if self.opt_out_confirmations else []

    def _twiml(self, texts: list[str]) -> HTTPResponse:
        """Answer Twilio with TwiML: the texts as <Message>s, or an empty reply."""
        twiml = MessagingResponse()
        for text in texts:
            for body in sms_bodies(text, self.max_segments):
                twiml.message(body)
        return response.text(str(twiml), content_type="text/xml")

    def _disabled_message(self) -> str:
        return disabled_message("Twilio SMS", self.missing_env)


def _form(request: Request) -> Form:
    """The POST parameters, blank ones included: Twilio signs `Body=` of an MMS too.

    (Sanic's `request.form` drops blank values, which breaks the signature.)
    """
    return parse_qs(
        request.body.decode("utf-8", errors="replace"), keep_blank_values=True
    )


def _first(form: Form, name: str) -> str:
    return form.get(name, [""])[0]
