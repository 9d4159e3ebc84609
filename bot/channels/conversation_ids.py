"""Conversation ids: one namespace per channel, and signed ids for the web chat.

Rasa files every message under its sender id alone, whatever channel brought it, so
a client that may choose its id can write into any conversation it can name. Each
channel therefore makes its ids in its own namespace, defined here:

- web chat: `web-` and 24 random URL-safe characters, made by the web chat server;
  the browser keeps the id in a cookie signed with HMAC-SHA256 (`WebChatIds`), so a
  cookie the server did not make starts a fresh conversation;
- SMS: `sms-` and a keyed hash of the number (`bot.storage.phone_hash`);
- Messenger: `fb-` and the page-scoped id Meta sends;

and the REST channel, whose clients name their own ids, refuses ids in these
namespaces (`rest_may_use`), except a web chat id relayed by the web chat with its
signed cookie value in the `X-Web-Chat-Conversation` header. Knowing a conversation
id (from an export, say) is then not enough to write into that conversation.

The signing key is WEBCHAT_COOKIE_SECRET, else one generated once per checkout into
var/webchat_cookie_secret (readable by the owner only). The web chat server and the
Rasa server (its REST channel checks the relayed ids) must use the same one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.staff.config import stored_secret
from bot.storage.phone_hash import CONVERSATION_PREFIX as SMS_PREFIX

WEB_PREFIX = "web-"
MESSENGER_PREFIX = "fb-"
CHANNEL_PREFIXES = (WEB_PREFIX, SMS_PREFIX, MESSENGER_PREFIX)
WEB_CHAT_HEADER = "X-Web-Chat-Conversation"

SECRET_ENV = "WEBCHAT_COOKIE_SECRET"
SECRET_FILE = PROJECT_ROOT / "var" / "webchat_cookie_secret"
MIN_SECRET_CHARS = 32
_PURPOSE = b"web-chat-conversation\0"
_SIGNED_WEB_ID = re.compile(r"(web-[A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})")


def messenger_id(psid: str) -> str:
    """The conversation id of the Messenger user with page-scoped id `psid`."""
    return MESSENGER_PREFIX + psid


def psid_of(conversation_id: str) -> str | None:
    """The page-scoped id of a Messenger conversation; None for any other id."""
    if conversation_id.startswith(MESSENGER_PREFIX):
        return conversation_id[len(MESSENGER_PREFIX) :] or None
    return None


def channel_namespace(sender: str) -> str | None:
    """The channel prefix `sender` starts with, ignoring case, or None."""
    lowered = sender.lower()
    return next((p for p in CHANNEL_PREFIXES if lowered.startswith(p)), None)


@dataclass(frozen=True)
class WebChatIds:
    """Makes web chat conversation ids and the signed cookie values that carry them."""

    key: bytes = field(repr=False)

    @classmethod
    def from_environment(cls, key_file: Path = SECRET_FILE) -> WebChatIds:
        """Keyed with $WEBCHAT_COOKIE_SECRET, else with the secret in `key_file`."""
        secret = os.environ.get(SECRET_ENV, "").strip()
        if not secret:
            secret = stored_secret(key_file)
        elif len(secret) < MIN_SECRET_CHARS:
            raise ValueError(
                f"{SECRET_ENV} needs at least {MIN_SECRET_CHARS} characters; make one "
                "with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        return cls(secret.encode())

    def new_id(self) -> str:
        return WEB_PREFIX + secrets.token_urlsafe(18)

    def cookie_value(self, conversation_id: str) -> str:
        """`conversation_id` and its signature, for the browser to send back."""
        return f"{conversation_id}.{self._signature(conversation_id)}"

    def id_from_cookie(self, value: str | None) -> str | None:
        """The conversation id a cookie value carries; None if not signed by us."""
        match = _SIGNED_WEB_ID.fullmatch(value or "")
        if match is None:
            return None
        conversation_id, signature = match.groups()
        expected = self._signature(conversation_id)
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            return None
        return conversation_id

    def _signature(self, conversation_id: str) -> str:
        digest = hmac.new(
            self.key, _PURPOSE + conversation_id.encode(), hashlib.sha256
        ).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def rest_may_use(
    sender: str, relayed_cookie: str | None, web_chat: WebChatIds | None
) -> bool:
    """Whether a REST client may write as `sender`.

    Ids outside every channel's namespace are the REST client's own; a web chat id
    only with the web chat's signed cookie value for exactly that id; SMS and
    Messenger ids never.
    """
    namespace = channel_namespace(sender)
    if namespace is None:
        return True
    if namespace != WEB_PREFIX or web_chat is None:
        return False
    return web_chat.id_from_cookie(relayed_cookie) == sender
