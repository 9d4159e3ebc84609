"""Number words as digits ("seventy two" -> "72") for the fact finders.

The parsing is text2num's; this module only finds the runs of number words and
keeps a map from the rewritten text back to the visitor's, so a fact found in the
digits still points at the visitor's own words. Runs worth less than ten stay words:
"one side of my head" must not become an age, and no visitor is under ten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from text_to_num import text2num

_UNITS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred"
_WORD = rf"(?:{_UNITS}|{_TENS})"
_RUN = re.compile(rf"\b{_WORD}(?:(?:\s+and)?[\s-]+{_WORD})*\b", re.IGNORECASE)
SMALLEST = 10


@dataclass(frozen=True)
class Digits:
    """`text` with number words as digits; `moves` maps its spans back."""

    text: str
    moves: list[tuple[int, int, int, int]] = field(default_factory=list)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The visitor's characters for `text[start:end]`."""
        shift = 0
        for new_start, new_end, old_start, old_end in self.moves:
            if new_start <= start < new_end:
                return old_start, old_end
            if new_end <= start:
                shift = old_end - new_end
        return start + shift, end + shift


def with_digits(text: str) -> Digits:
    """Rewrite each run of number words worth ten or more as its digits."""
    pieces: list[str] = []
    moves: list[tuple[int, int, int, int]] = []
    cursor = length = 0
    for run in _RUN.finditer(text):
        value = _value(run.group())
        if value is None or value < SMALLEST:
            continue
        pieces.append(text[cursor : run.start()])
        length += run.start() - cursor
        digits = str(value)
        moves.append((length, length + len(digits), run.start(), run.end()))
        pieces.append(digits)
        length += len(digits)
        cursor = run.end()
    pieces.append(text[cursor:])
    return Digits("".join(pieces), moves)


def _value(words: str) -> int | None:
    try:
        return int(text2num(words.lower().replace("fourty", "forty"), "en"))
    except ValueError:
        return None
