"""The robustness tests' clients of a running bot, one per way in, all on 127.0.0.1.

Each sends one request and returns a `Reply` whatever the status, so a test can
check the status and the body itself. Twilio requests are signed with Twilio's own
`RequestValidator` and Messenger requests with HMAC-SHA256 computed here, as the
platforms sign them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from bot.stack import LocalStack

REQUEST_TIMEOUT_S = 60
TWILIO_AUTH_TOKEN = "robustness-twilio-auth-token"
TWILIO_PUBLIC_URL = "https://sms.clinic.example/webhooks/twilio/webhook"
FACEBOOK_APP_SECRET = "robustness-facebook-app-secret"
FACEBOOK_ENV = {
    "FACEBOOK_VERIFY_TOKEN": "robustness-verify-token",
    "FACEBOOK_APP_SECRET": FACEBOOK_APP_SECRET,
    "FACEBOOK_PAGE_ACCESS_TOKEN": "robustness-page-token",
}
PHONE_HASH_KEY = "robustness-phone-hash-key-with-more-than-32-characters"


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def texts(self) -> list[str]:
        """The bot's texts in a REST reply (a list of messages)."""
        return [m["text"] for m in self.json() if "text" in m]


def send(
    url: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> Reply:
    """POST `body` (GET without one) and return the reply, error statuses included."""
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
            return Reply(response.status, response.read(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read(), dict(error.headers))


def as_json(payload: object) -> bytes:
    return payload if isinstance(payload, bytes) else json.dumps(payload).encode()


JSON = {"Content-Type": "application/json"}


def rest(stack: LocalStack, payload: object) -> Reply:
    """Rasa's REST webhook (the project's channel)."""
    return send(f"{stack.rasa_url}/webhooks/rest/webhook", as_json(payload), JSON)


def say(stack: LocalStack, sender: str, text: str) -> list[str]:
    """One REST message that must be answered; the bot's texts."""
    reply = rest(stack, {"sender": sender, "message": text})
    assert reply.status == 200, (reply.status, reply.body[:200])
    return reply.texts


@dataclass
class WebChat:
    """A browser on the web chat page: keeps the conversation cookie."""

    stack: LocalStack
    cookie: str | None = None

    def post(self, payload: object) -> Reply:
        headers = {**JSON, **({"Cookie": self.cookie} if self.cookie else {})}
        reply = send(
            f"{self.stack.webchat_url}/api/messages", as_json(payload), headers
        )
        if set_cookie := reply.headers.get("Set-Cookie"):
            self.cookie = set_cookie.split(";", 1)[0]
        return reply


def twilio_form(number: str, body: str | None, **extra: str) -> dict[str, str]:
    form = {
        "MessageSid": "SM" + "0" * 32,
        "AccountSid": "AC" + "0" * 32,
        "From": number,
        "To": "+15550009999",
        "NumMedia": "0",
        **extra,
    }
    if body is not None:
        form["Body"] = body
    return form


def sms(
    stack: LocalStack,
    form: dict[str, str],
    *,
    signed: bool = True,
    body: bytes | None = None,
) -> Reply:
    """POST `form` to the Twilio webhook, signed as Twilio signs it.

    `body` replaces the encoded form on the wire (the signature still covers
    `form`): a request altered on the way, or bytes no form encoder makes.
    """
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signed:
        validator = RequestValidator(TWILIO_AUTH_TOKEN)
        headers["X-Twilio-Signature"] = validator.compute_signature(
            TWILIO_PUBLIC_URL, form
        )
    raw = urlencode(form).encode() if body is None else body
    return send(f"{stack.rasa_url}/webhooks/twilio/webhook", raw, headers)


def twiml_texts(reply: Reply) -> list[str]:
    return [m.text or "" for m in ET.fromstring(reply.body).iter("Message")]


def messenger_event(sender: str, text: str) -> dict[str, Any]:
    return {
        "object": "page",
        "entry": [
            {
                "id": "page-1",
                "time": 1700000000000,
                "messaging": [
                    {
                        "sender": {"id": sender},
                        "recipient": {"id": "page-1"},
                        "timestamp": 1700000000000,
                        "message": {"mid": "m-1", "text": text},
                    }
                ],
            }
        ],
    }


def messenger(stack: LocalStack, payload: object, *, signed: bool = True) -> Reply:
    """POST to the Messenger webhook with Meta's X-Hub-Signature-256."""
    body = as_json(payload)
    headers = dict(JSON)
    if signed:
        digest = hmac.new(FACEBOOK_APP_SECRET.encode(), body, hashlib.sha256)
        headers["X-Hub-Signature-256"] = "sha256=" + digest.hexdigest()
    return send(f"{stack.rasa_url}/webhooks/facebook/webhook", body, headers)


def sms_sent_to(stack: LocalStack, number: str) -> list[str]:
    """The texts the bot has sent to `number` (from TWILIO_SENDER's capture file)."""
    capture = Path(stack.env["SMS_CAPTURE_FILE"])
    if not capture.exists():
        return []
    sends = [json.loads(line) for line in capture.read_text().splitlines()]
    return [send["body"] for send in sends if send["to"] == number]
