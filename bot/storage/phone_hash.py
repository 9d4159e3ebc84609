"""Keyed hashes of phone numbers: the only form in which the project stores a number.

An SMS conversation is stored under a pseudonym of the phone number, not the number,
and an opt-out under another: HMAC-SHA256 keyed with the secret PHONE_HASH_KEY, with
a different purpose prefix for each use, so neither hash can be matched with the
other or with a list of hashed phone numbers unless the key leaks too. (A plain hash
would not do: every phone number of a country can be hashed in an afternoon.)

The key must stay the same for as long as the data it keys is kept, and be the same
on every server: a new key means new conversation ids for returning patients and,
worse, forgets every opt-out. That is why it is never generated on the fly (a key
made under `var/` would vanish with a rebuilt container, or differ between two
servers sharing one database); the Twilio channel stays disabled until it is set.
Make one with `python -c "import secrets; print(secrets.token_urlsafe(32))"`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

PHONE_HASH_KEY_ENV = "PHONE_HASH_KEY"
MIN_KEY_CHARS = 32
CONVERSATION_PREFIX = "sms-"
_CONVERSATION_HEX_CHARS = 32  # 128 bits: no two numbers share an id in practice


@dataclass(frozen=True)
class PhoneHasher:
    """Turns a phone number (E.164, as Twilio sends it) into stable keyed hashes."""

    key: bytes = field(repr=False)

    @classmethod
    def from_secret(cls, secret: str) -> PhoneHasher:
        """A hasher keyed with `secret`; a short one is refused, naming the setting."""
        if len(secret.strip()) < MIN_KEY_CHARS:
            raise ValueError(
                f"{PHONE_HASH_KEY_ENV} must be at least {MIN_KEY_CHARS} characters "
                "of a random secret"
            )
        return cls(secret.strip().encode())

    def conversation_id(self, number: str) -> str:
        """The conversation id (Rasa sender id) of SMS from `number`."""
        digest = self._hash("sms-conversation", number)
        return CONVERSATION_PREFIX + digest[:_CONVERSATION_HEX_CHARS]

    def opt_out_hash(self, number: str) -> str:
        """The key of `number`'s row in `sms_opt_outs` (64 hex characters)."""
        return self._hash("sms-opt-out", number)

    def _hash(self, purpose: str, number: str) -> str:
        message = f"{purpose}\0{number.strip()}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()
