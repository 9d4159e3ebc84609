"""SMS encoding and segment arithmetic, so every SMS the bot sends stays short.

An SMS segment holds 160 GSM-7 characters or 70 UCS-2 (UTF-16) units; a longer message
is sent as several segments of 153 or 67 (each carries a reassembly header), billed
one by one and more likely to arrive garbled. One character outside GSM-7, such as a
typographic apostrophe copied from a word processor, switches the whole message to
UCS-2 and more than halves its room, so typographic punctuation is mapped to its
plain GSM-7 twin before counting.
"""

from __future__ import annotations

from typing import Literal

from bot.channels.text_split import split_to_fit

Encoding = Literal["GSM-7", "UCS-2"]

# GSM 03.38 basic table (the escape code 0x1B left out) and its extension table,
# whose characters take two septets (escape + character).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("\f^{}\\[~]|€")

# (single-segment capacity, per-segment capacity when concatenated)
_CAPACITY: dict[Encoding, tuple[int, int]] = {"GSM-7": (160, 153), "UCS-2": (70, 67)}

# Twilio recommends at most 320 characters per SMS; two segments is the closest
# limit that never exceeds it.
DEFAULT_MAX_SEGMENTS = 2
MAX_SEGMENTS_LIMIT = 10  # Twilio's 1,600-character body limit

_PLAIN_TWINS = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′´`", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−•", "-"),
        **dict.fromkeys("\u00a0\u2007\u2009\u202f\t", " "),
        **dict.fromkeys("\u200b\ufeff", ""),
        "…": "...",
    }
)


def gsm_friendly(text: str) -> str:
    """`text` with typographic punctuation replaced by GSM-7 characters."""
    return text.translate(_PLAIN_TWINS)


def encoding_of(text: str) -> Encoding:
    """GSM-7 when every character has a GSM-7 code, else UCS-2."""
    gsm = all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text)
    return "GSM-7" if gsm else "UCS-2"


def segment_count(text: str) -> int:
    """How many SMS segments `text` takes (0 for the empty text)."""
    costs = _unit_costs(text)
    single, per_segment = _CAPACITY[encoding_of(text)]
    if sum(costs) <= single:
        return 1 if costs else 0
    segments, used = 1, 0
    for cost in costs:  # a two-unit character is never split across segments
        if used + cost > per_segment:
            segments, used = segments + 1, 0
        used += cost
    return segments


def fits_in_segments(text: str, max_segments: int) -> bool:
    return segment_count(text) <= max_segments


def check_max_segments(max_segments: int) -> int:
    """`max_segments` if Twilio can send a body that long, else ValueError."""
    if not 1 <= max_segments <= MAX_SEGMENTS_LIMIT:
        raise ValueError(
            f"max_segments must be 1 to {MAX_SEGMENTS_LIMIT}, not {max_segments}"
        )
    return max_segments


def sms_bodies(text: str, max_segments: int = DEFAULT_MAX_SEGMENTS) -> list[str]:
    """`text` as SMS bodies of at most `max_segments` segments each, in order."""
    check_max_segments(max_segments)
    return split_to_fit(
        gsm_friendly(text), lambda piece: fits_in_segments(piece, max_segments)
    )


def _unit_costs(text: str) -> list[int]:
    """Septets per character in GSM-7, or UTF-16 units per character in UCS-2."""
    if encoding_of(text) == "GSM-7":
        return [2 if char in GSM7_EXTENDED else 1 for char in text]
    return [2 if ord(char) > 0xFFFF else 1 for char in text]
