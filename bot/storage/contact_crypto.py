"""Encryption of call-back contact details (a patient's name and phone number).

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) with the key in
CONTACT_KEY: the database, its backups and an export without the key hold only
tokens. Several keys, comma-separated, rotate: the first encrypts, every one
decrypts, so an old key stays listed until the rows it wrote are purged.

Like PHONE_HASH_KEY, the key is never generated on the fly by a server: one made
under `var/` would vanish with a rebuilt container, and every stored contact with
it. Without CONTACT_KEY the bot does not offer call-backs; `make run` (a local
try-out) generates one into var/contact_key. Make one with `python -m bot
contact-key`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.storage.errors import StorageError

CONTACT_KEY_ENV = "CONTACT_KEY"


class ContactKeyError(ValueError):
    """CONTACT_KEY is set but unusable; the message says what it needs."""


class ContactUnreadable(StorageError):
    """A stored token does not decrypt with any key of CONTACT_KEY."""


def new_key() -> str:
    """A fresh Fernet key, as CONTACT_KEY takes it."""
    return Fernet.generate_key().decode()


@dataclass(frozen=True)
class ContactCipher:
    fernet: MultiFernet = field(repr=False)

    @classmethod
    def from_keys(cls, text: str) -> ContactCipher:
        """The cipher of comma-separated Fernet keys; ContactKeyError if one is bad."""
        keys = [key.strip() for key in text.split(",") if key.strip()]
        if not keys:
            raise ContactKeyError(f"{CONTACT_KEY_ENV} holds no key")
        try:
            return cls(MultiFernet([Fernet(key) for key in keys]))
        except ValueError:
            raise ContactKeyError(
                f"{CONTACT_KEY_ENV} must be Fernet keys (44 characters of URL-safe "
                "base64 each, comma-separated); make one with: python -m bot "
                "contact-key"
            ) from None

    def encrypt(self, text: str) -> str:
        return self.fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self.fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise ContactUnreadable(
                f"A contact detail does not decrypt with {CONTACT_KEY_ENV}: was the "
                "key changed without keeping the old one listed after it?"
            ) from None


def contact_cipher() -> ContactCipher | None:
    """The cipher of CONTACT_KEY, or None when it is not set (no call-backs)."""
    text = os.environ.get(CONTACT_KEY_ENV, "").strip()
    return ContactCipher.from_keys(text) if text else None
