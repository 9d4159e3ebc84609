"""Buttons as a numbered menu, for channels that can only show text (SMS).

A phone shows no buttons, so the options are listed as "1) ...", "2) ..." and the
visitor answers with numbers: "2", "1,3", "1 and 3", "one". The answer is turned back
into what a tap on the button would have sent, so the dialogue sees the same input
whichever channel the visitor uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

Button = dict[str, Any]

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_SEPARATOR = re.compile(r"\s*(?:[,;&+/]|\band\b)\s*|\s+")
_CHOICE = re.compile(r"#?(\d{1,2}|[a-z]+)[).]?")


def render_numbered(text: str, buttons: Sequence[Button], hint: str) -> str:
    """`text` followed by one "n) title" line per button and the `hint` line."""
    options = [f"{n}) {button['title']}" for n, button in enumerate(buttons, 1)]
    lead = [text.rstrip()] if text.strip() else []
    return "\n".join([*lead, *options, hint])


def parse_numbered(text: str, option_count: int) -> list[int] | None:
    """Zero-based indices of the options a numbered answer picks, in the order given.

    None when `text` is not made only of option numbers (then it is a free-text
    answer and goes to the dialogue as typed), or names a number that is not on the
    menu.
    """
    answer = text.strip().lower().rstrip(".!")
    tokens = [token for token in _SEPARATOR.split(answer) if token]
    if not tokens:
        return None
    picked: list[int] = []
    for token in tokens:
        number = _option_number(token)
        if number is None or not 1 <= number <= option_count:
            return None
        if number - 1 not in picked:
            picked.append(number - 1)
    return picked


def selection_message(indices: Sequence[int], buttons: Sequence[Button]) -> str:
    """What to hand the dialogue for a numbered answer.

    One option: its payload, exactly as a tap on the button sends it. Several: their
    payloads joined by commas when they are plain text (the screening's checklists
    use "1", "2", ... so "1, 3" reads as typed), otherwise their titles as a
    sentence: no channel has a multi-select button the dialogue could expect.
    """
    chosen = [buttons[index] for index in indices]
    if len(chosen) == 1:
        return _payload(chosen[0])
    payloads = [_payload(button) for button in chosen]
    if any(payload.startswith("/") for payload in payloads):
        return ", ".join(str(button["title"]) for button in chosen)
    return ", ".join(payloads)


def _payload(button: Button) -> str:
    return str(button.get("payload") or button["title"])


def resolve_answer(text: str, buttons: Sequence[Button]) -> str:
    """`text`, or what it selects when it is a numbered answer to `buttons`."""
    indices = parse_numbered(text, len(buttons)) if buttons else None
    return selection_message(indices, buttons) if indices else text


def _option_number(token: str) -> int | None:
    match = _CHOICE.fullmatch(token)
    if match is None:
        return None
    value = match.group(1)
    return int(value) if value.isdigit() else _NUMBER_WORDS.get(value)
