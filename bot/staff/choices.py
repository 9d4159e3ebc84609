"""What a patient's short answer meant: "2" after a checklist is the second option
the bot offered. The transcript keeps each bot message's buttons; the staff page
shows them and, next to an answer that names one or more of them, their titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bot.storage.transcripts import TranscriptLine

# "2", "1, 3", "1 and 3", "2 3": the numbers of options, and nothing else.
_NUMBERS_ONLY = re.compile(r"\s*\d+(?:\s*(?:,|and|&|\s)\s*\d+)*\s*[.!]?\s*")


def with_choices(
    lines: Iterable[TranscriptLine],
) -> Iterator[tuple[TranscriptLine, tuple[str, ...]]]:
    """Each line with the titles of the options its answer chose (patient lines
    right after a bot message with buttons), else ()."""
    offered: dict[str, str] = {}
    for line in lines:
        if line.sender == "bot":
            offered = {payload: title for payload, title in line.options}
            yield line, ()
            continue
        yield line, chosen(line.text, offered)
        offered = {}


def chosen(answer: str, offered: dict[str, str]) -> tuple[str, ...]:
    """The titles `answer` picks from `offered` (payload -> title)."""
    text = answer.strip()
    if text in offered:
        return (offered[text],)
    if not offered or not _NUMBERS_ONLY.fullmatch(text):
        return ()
    numbers = dict.fromkeys(re.findall(r"\d+", text))
    if not all(number in offered for number in numbers):
        return ()
    return tuple(offered[number] for number in numbers)
