"""The project's Twilio SMS channel: signed webhooks, opt-outs and numbered menus.

Rasa 3.6's own Twilio connector accepts unsigned requests and crashes on a message
without a body. This one refuses any request without Twilio's signature (403),
answers the carrier keywords (STOP, START, HELP) itself, never texts a number that
opted out, shows buttons as a numbered menu, and keeps every SMS within a segment
budget. Connect it in credentials.yml as `bot.channels.twilio_sms.TwilioSmsInput`;
its settings are listed in `TWILIO_SETTINGS` and in bot/channels/README.md.

The phone number never becomes the conversation id. Rasa stores the conversation id
with every event, the screening record and the audit rows carry it, and Rasa's DEBUG
log prints it; so the dialogue sees a keyed pseudonym of the number
(`PhoneHasher.conversation_id`), and the number lives only in the reply channel made
for the one webhook request being answered. Opt-outs are kept in the database, also
under a keyed hash, unless TWILIO_OPT_OUT_STORE names another store.
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
from bot.channels.factories import build_from_path
from bot.channels.numbered_replies import render_numbered, resolve_answer
from bot.channels.offered_buttons import ButtonLookup, buttons_from_tracker
from bot.channels.optout import (
    InMemoryOptOutStore,
    OptOutStore,
    load_opt_out_store,
)
from bot.channels.replies import channel_replies
from bot.channels.signatures import is_valid_twilio_signature
from bot.channels.sms_keywords import Keyword, keyword_of
from bot.channels.sms_segments import (
    DEFAULT_MAX_SEGMENTS,
    check_max_segments,
    sms_bodies,
)
from bot.dialogue.callback import CHANNEL_NUMBER_KEY
from bot.storage.contact_crypto import ContactCipher, contact_cipher
from bot.storage.db import get_database
from bot.storage.opt_outs import SqlOptOutStore
from bot.storage.phone_hash import PHONE_HASH_KEY_ENV, PhoneHasher

logger = logging.getLogger(__name__)

ACCOUNT_SID = Setting("account_sid", "TWILIO_ACCOUNT_SID")
AUTH_TOKEN = Setting("auth_token", "TWILIO_AUTH_TOKEN")
NUMBER = Setting("twilio_number", "TWILIO_NUMBER")
MESSAGING_SERVICE = Setting("messaging_service_sid", "TWILIO_MESSAGING_SERVICE_SID")
PUBLIC_URL = Setting("public_url", "TWILIO_WEBHOOK_URL")
MAX_SEGMENTS = Setting("max_segments", "TWILIO_MAX_SEGMENTS")
CONFIRMATIONS = Setting("opt_out_confirmations", "TWILIO_OPT_OUT_CONFIRMATIONS")
OPT_OUT_STORE = Setting("opt_out_store", "TWILIO_OPT_OUT_STORE")
SENDER = Setting("sender", "TWILIO_SENDER")
PHONE_HASH_KEY = Setting("phone_hash_key", PHONE_HASH_KEY_ENV)
TWILIO_SETTINGS = (
    ACCOUNT_SID, AUTH_TOKEN, NUMBER, MESSAGING_SERVICE, PUBLIC_URL,
    MAX_SEGMENTS, CONFIRMATIONS, OPT_OUT_STORE, SENDER, PHONE_HASH_KEY,
)  # fmt: skip

SIGNATURE_HEADER = "X-Twilio-Signature"
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
Form = dict[str, list[str]]
Pseudonymise = Callable[[str], str]  # phone number -> conversation id
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
    """Texts the replies of one conversation to its number, unless it opted out.

    Made for each incoming SMS: Rasa addresses replies to the conversation id (a
    pseudonym), and only this object knows which number that is.
    """

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(
        self,
        send: SmsSender,
        opt_outs: OptOutStore,
        *,
        number: str,
        conversation_id: str,
        max_segments: int = DEFAULT_MAX_SEGMENTS,
        numbered_hint: str,
    ) -> None:
        self.send = send
        self.opt_outs = opt_outs
        self.number = number
        self.conversation_id = conversation_id
        self.max_segments = max_segments
        self.numbered_hint = numbered_hint

    async def send_text_message(
        self, recipient_id: str, text: str, **kwargs: Any
    ) -> None:
        """Send `text` as one or more SMS of at most `max_segments` segments."""
        if recipient_id != self.conversation_id:
            logger.error(
                "SMS for conversation %s not sent: this reply channel is for %s",
                recipient_id,
                self.conversation_id,
            )
            return
        for body in sms_bodies(text, self.max_segments):
            if self.opt_outs.is_opted_out(self.number):
                logger.info("SMS to %s not sent: opted out", self.conversation_id)
                return
            try:
                await self.send(self.number, body)
            except SmsSendError as error:
                self._record_failure(error)
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
        logger.warning("custom payload not sent over SMS to %s", recipient_id)

    def _record_failure(self, error: SmsSendError) -> None:
        logger.error("SMS to %s failed: %s", self.conversation_id, error)
        if error.code == UNSUBSCRIBED_RECIPIENT:
            self.opt_outs.opt_out(self.number)


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
        missing = _missing_settings(values)
        if missing:
            return cls(None, None, InMemoryOptOutStore(), missing_env=missing)
        hasher = PhoneHasher.from_secret(values[PHONE_HASH_KEY.key])
        return cls(
            values[AUTH_TOKEN.key],
            _sender(values),
            _opt_out_store(values[OPT_OUT_STORE.key], hasher),
            pseudonymise=hasher.conversation_id,
            public_url=values[PUBLIC_URL.key],
            max_segments=parse_int(
                values[MAX_SEGMENTS.key], MAX_SEGMENTS, DEFAULT_MAX_SEGMENTS
            ),
            opt_out_confirmations=parse_bool(
                values[CONFIRMATIONS.key], CONFIRMATIONS, default=True
            ),
            cipher=contact_cipher(),
        )

    def __init__(
        self,
        auth_token: str | None,
        send: SmsSender | None,
        opt_outs: OptOutStore,
        *,
        pseudonymise: Pseudonymise | None = None,
        public_url: str | None = None,
        max_segments: int = DEFAULT_MAX_SEGMENTS,
        opt_out_confirmations: bool = True,
        button_lookup: ButtonLookup = buttons_from_tracker,
        missing_env: Sequence[str] = (),
        cipher: ContactCipher | None = None,
    ) -> None:
        if not missing_env and not (auth_token and send and pseudonymise):
            raise ValueError(
                "auth_token, send and pseudonymise are needed unless missing_env"
            )
        self.auth_token = auth_token
        self.send = send
        self.opt_outs = opt_outs
        self.pseudonymise = pseudonymise
        self.public_url = public_url
        self.max_segments = check_max_segments(max_segments)
        self.opt_out_confirmations = opt_out_confirmations
        self.button_lookup = button_lookup
        self.missing_env = list(missing_env)
        self.cipher = cipher
        if self.missing_env:
            logger.warning(self._disabled_message())

    def get_output_channel(self) -> OutputChannel | None:
        """None: outside a webhook request no one knows a conversation's number.

        (Rasa's HTTP API then collects the replies instead of texting them.)
        """
        return None

    def reply_channel(self, number: str) -> TwilioSmsOutput:
        """The output channel that texts the replies of `number`'s conversation."""
        assert self.send is not None and self.pseudonymise is not None
        return TwilioSmsOutput(
            self.send,
            self.opt_outs,
            number=number,
            conversation_id=self.pseudonymise(number),
            max_segments=self.max_segments,
            numbered_hint=channel_replies().numbered_hint,
        )

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
        if not _first(form, "From"):
            return response.text("no sender", status=400)
        output = self.reply_channel(_first(form, "From"))
        try:
            replies = await self._handle(request, form, output, on_new_message)
        except Exception as error:  # whatever failed: log it and tell Twilio
            logger.error(
                "SMS of conversation %s failed: %s",
                output.conversation_id,
                type(error).__name__,
            )
            logger.debug("SMS handling failed", exc_info=True)
            return response.text("error", status=500)
        return self._twiml(replies)

    async def _handle(
        self,
        request: Request,
        form: Form,
        output: TwilioSmsOutput,
        on_new_message: OnNewMessage,
    ) -> list[str]:
        """Act on one incoming SMS; return the texts to answer in the webhook reply."""
        number, conversation_id = output.number, output.conversation_id
        body = _first(form, "Body")
        keyword = keyword_of(body)
        if keyword is Keyword.OPT_OUT:
            return self._opt_out(number, conversation_id)
        if keyword is Keyword.OPT_IN:
            return self._opt_in(number, conversation_id)
        if self.opt_outs.is_opted_out(number):
            logger.info("SMS of opted-out conversation %s ignored", conversation_id)
            return []
        replies = channel_replies()
        if keyword is Keyword.HELP:
            return [replies.help]
        if not body.strip():
            has_media = _first(form, "NumMedia").strip() not in {"", "0"}
            return [replies.media_not_supported if has_media else replies.empty_message]
        text = resolve_answer(body, await self.button_lookup(request, conversation_id))
        message = UserMessage(
            text,
            output,
            conversation_id,
            input_channel=self.name(),
            metadata=self._callback_number(number),
        )
        await on_new_message(message)
        return []

    def _callback_number(self, number: str) -> dict[str, str] | None:
        """The number, encrypted, for a call-back the patient may accept
        (bot/dialogue/callback.py); None without CONTACT_KEY."""
        if self.cipher is None:
            return None
        return {CHANNEL_NUMBER_KEY: self.cipher.encrypt(number)}

    def _opt_out(self, number: str, conversation_id: str) -> list[str]:
        already = self.opt_outs.is_opted_out(number)
        self.opt_outs.opt_out(number)
        logger.info("SMS opt-out recorded for conversation %s", conversation_id)
        if already or not self.opt_out_confirmations:
            return []
        return [channel_replies().opted_out]

    def _opt_in(self, number: str, conversation_id: str) -> list[str]:
        self.opt_outs.opt_in(number)
        logger.info("SMS opt-in recorded for conversation %s", conversation_id)
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


def _missing_settings(values: dict[str, str | None]) -> list[str]:
    """The variables still to set; with TWILIO_SENDER, Twilio's API needs none."""
    missing = missing_env(values, (AUTH_TOKEN, PHONE_HASH_KEY))
    if values[SENDER.key]:
        return missing
    missing += missing_env(values, (ACCOUNT_SID,))
    if not (values[NUMBER.key] or values[MESSAGING_SERVICE.key]):
        missing.append(f"{NUMBER.env} or {MESSAGING_SERVICE.env}")
    return missing


def _sender(values: dict[str, str | None]) -> SmsSender:
    """Twilio's Messages API, or the sender TWILIO_SENDER names (tests, trials)."""
    if values[SENDER.key]:
        send = build_from_path(values[SENDER.key], SENDER.key)
        if not callable(send):
            raise TypeError(f"{values[SENDER.key]} did not make an SMS sender")
        return send
    return TwilioRestSender(
        values[ACCOUNT_SID.key],
        values[AUTH_TOKEN.key],
        from_number=values[NUMBER.key],
        messaging_service_sid=values[MESSAGING_SERVICE.key],
    )


def _opt_out_store(factory_path: str | None, hasher: PhoneHasher) -> OptOutStore:
    """The store TWILIO_OPT_OUT_STORE names, or the database's `sms_opt_outs`."""
    if factory_path:
        return load_opt_out_store(factory_path)
    return SqlOptOutStore(get_database(), hasher)


def _form(request: Request) -> Form:
    """The POST parameters, blank ones included: Twilio signs `Body=` of an MMS too.

    (Sanic's `request.form` drops blank values, which breaks the signature.)
    """
    return parse_qs(
        request.body.decode("utf-8", errors="replace"), keep_blank_values=True
    )


def _first(form: Form, name: str) -> str:
    return form.get(name, [""])[0]
