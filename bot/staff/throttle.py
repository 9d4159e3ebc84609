"""Slows password guessing without letting one address lock the whole clinic out.

Failed logins are counted in the database (`bot/storage/login_failures.py`), so
every process of the app sees the same counts, each with exponential back-off:

- By name (as typed, in any case): the 5th failure brings a wait of 30 s, and
  each further one doubles it, up to 15 minutes. Unknown names count alike, so
  whether a name locks says nothing about whether it is an account.
- By client address, counting only failures with unknown names: the 20th brings
  the same waits. Behind a TLS proxy the whole staff may share one address, and
  their mistyped passwords must not lock each other out; guessing the passwords
  of real accounts is bounded per account instead.

While an address waits, every failed login from it gets the same "too many
failures" answer (known names too, so the answer still tells no names apart), but
the right password of an account still logs in: names guessed from the clinic's
address cannot lock its staff out. What remains to tell names apart is counting
how many tries lock an address: each probe costs a full wait.

Keys are HMACs under the app's secret key: a typed username may be a password
typed in the wrong box, and an address is personal data; neither is stored.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from bot.storage.login_failures import BackOff, LoginFailures

BY_NAME = BackOff(limit=5)
BY_ADDRESS = BackOff(limit=20)


@dataclass(frozen=True)
class LoginThrottle:
    failures: LoginFailures
    secret_key: str
    by_name: BackOff = BY_NAME
    by_address: BackOff = BY_ADDRESS

    def name_locked(self, username: str) -> bool:
        return self.failures.locked(self._name_key(username))

    def address_locked(self, address: str) -> bool:
        return self.failures.locked(self._address_key(address))

    def failed(self, username: str, address: str, *, known: bool) -> None:
        """Count a failed login; the address's count only for an unknown name."""
        self.failures.failed(self._name_key(username), self.by_name)
        if not known:
            self.failures.failed(self._address_key(address), self.by_address)

    def succeeded(self, username: str) -> None:
        self.failures.forget(self._name_key(username))

    def _name_key(self, username: str) -> str:
        return self._key(f"name:{username.lower()}")

    def _address_key(self, address: str) -> str:
        return self._key(f"address:{address}")

    def _key(self, text: str) -> str:
        secret = self.secret_key.encode()
        return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()
