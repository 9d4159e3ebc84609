"""Log-safe references to senders: phone numbers and Messenger ids are never logged.

A short keyed hash lets one log line be matched with the next for the same sender
without the number itself being recoverable. The key is random per process, so the
references also cannot be matched against a list of hashed phone numbers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache


@lru_cache(maxsize=1)
def _process_key() -> bytes:
    return secrets.token_bytes(32)


def sender_ref(sender_id: str) -> str:
    """A 10-character reference to `sender_id`, stable within this process."""
    return hmac.new(_process_key(), sender_id.encode(), hashlib.sha256).hexdigest()[:10]
