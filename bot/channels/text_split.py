"""Split a reply into the fewest pieces that each fit a channel's size limit.

SMS bodies and Messenger texts have hard limits; cutting mid-word or mid-link makes a
screening reply hard to read, so a reply is cut at the largest boundary that works:
paragraphs, then lines, then sentences, then words, and only as a last resort inside
a word (a link longer than a whole message).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Fits = Callable[[str], bool]

# (where to cut, what joins two pieces back together), largest boundary first.
_BOUNDARIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\n[ \t]*\n\s*"), "\n\n"),
    (re.compile(r"\s*\n\s*"), "\n"),
    (re.compile(r"(?<=[.!?])\s+"), " "),
    (re.compile(r"\s+"), " "),
)


def split_to_fit(text: str, fits: Fits) -> list[str]:
    """Pieces of `text`, in order, each accepted by `fits`; [] for blank text.

    `fits` must accept any prefix of a text it accepts (true of length and segment
    limits) and at least every single character.
    """
    text = text.strip()
    if not text:
        return []
    if fits(text):
        return [text]
    return _split(text, fits, level=0)


def _split(text: str, fits: Fits, level: int) -> list[str]:
    if level == len(_BOUNDARIES):
        return _split_characters(text, fits)
    pattern, joiner = _BOUNDARIES[level]
    units = [unit for unit in pattern.split(text) if unit]
    if len(units) == 1:
        return _split(text, fits, level + 1)
    pieces: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if fits(candidate):
            current = candidate
            continue
        if current:
            pieces.append(current)
        if fits(unit):
            current = unit
        else:
            *whole, current = _split(unit, fits, level + 1)
            pieces.extend(whole)
    pieces.append(current)
    return pieces


def _split_characters(text: str, fits: Fits) -> list[str]:
    pieces: list[str] = []
    while text:
        end = 1
        while end < len(text) and fits(text[: end + 1]):
            end += 1
        pieces.append(text[:end])
        text = text[end:]
    return pieces
