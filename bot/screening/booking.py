"""The booking link: the clinic's configured URL plus an opaque screening reference.

The reference lets staff match a booking to its screening record without putting
any health information in the URL (which ends up in browser histories and the
booking system's logs): it is random, not derived from the conversation or its
content.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REFERENCE_BYTES = 12  # 96 random bits, 16 URL-safe characters
_REFERENCE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_booking_reference() -> str:
    """A fresh random, URL-safe reference for one screening."""
    return secrets.token_urlsafe(REFERENCE_BYTES)


def is_reference(text: str) -> bool:
    """Whether `text` has the form of a reference (not whether one was issued)."""
    return isinstance(text, str) and bool(_REFERENCE.fullmatch(text))


def redirect_url(public_chat_url: str, reference: str) -> str:
    """The bot's own address for the booking link, `<public chat url>/book/<ref>`,
    which counts the click and forwards to the booking URL (bot/webchat/
    booking_redirect.py)."""
    if not is_reference(reference):
        raise ValueError("a booking reference must come from new_booking_reference()")
    return f"{public_chat_url.rstrip('/')}/book/{reference}"


def booking_url(base: str, reference: str) -> str | None:
    """The clinic's booking URL `base` with `ref=<reference>`; None if `base` is "".

    Query parameters already in the configured URL are kept; an existing `ref` is
    replaced.
    """
    if not is_reference(reference):
        raise ValueError("a booking reference must come from new_booking_reference()")
    if not base:
        return None
    parts = urlsplit(base)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "ref"
    ]
    query.append(("ref", reference))
    return urlunsplit(parts._replace(query=urlencode(query)))
