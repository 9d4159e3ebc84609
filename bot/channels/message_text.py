"""What a visitor's message may contain by the time it reaches the dialogue.

Anything can arrive over HTTP: NUL bytes, lone surrogates (from JSON's "\\ud800"),
zero-width and right-to-left override characters, text in decomposed Unicode.
None of it helps a screening and some of it hurts: a lone surrogate cannot be
stored in PostgreSQL, a NUL byte neither, and invisible characters split the words
the NLU looks for. `clean_text` removes it all; `check_text` says what to tell the
visitor when nothing readable is left or the message is too long.
"""

from __future__ import annotations

import unicodedata

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 255  # Rasa's SQL tracker store keeps sender ids in VARCHAR(255)
EMPTY = "Please type a message before sending."
TOO_LONG = f"Please keep each message under {MAX_MESSAGE_CHARS} characters."
BAD_SENDER = (
    f'Please send a "sender": a conversation id of 1 to {MAX_SENDER_CHARS} visible '
    "characters."
)

# Control characters, format characters (zero-width, bidi overrides) and surrogates.
_REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_SPACED_CONTROLS = frozenset("\t\v\f")
LINE_BREAK = "\n"


class UnusableText(ValueError):
    """The text cannot go to the dialogue; `status` is the HTTP status to answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def clean_text(text: str) -> str:
    """`text` in NFC without control, format or surrogate characters, trimmed.

    Line breaks stay, as "\n": a checklist answered a line per item ("fever -
    no\nfainted - no") means each line on its own, and read as one line its "no"
    would run into the next symptom ("no fainted") and leave the first one
    present. Tabs become spaces; other removed characters simply go, so a
    zero-width space inside a word leaves the word whole.
    """
    lines = text.replace("\r\n", LINE_BREAK).replace("\r", LINE_BREAK)
    return unicodedata.normalize("NFC", "".join(map(_kept, lines))).strip()


def _kept(char: str) -> str:
    if char == LINE_BREAK:
        return char
    if char in _SPACED_CONTROLS:
        return " "
    return "" if unicodedata.category(char) in _REMOVED_CATEGORIES else char


def check_text(text: str) -> str:
    """The cleaned `text`; raises UnusableText if it is empty or too long."""
    cleaned = clean_text(text)
    if not cleaned:
        raise UnusableText(400, EMPTY)
    if len(cleaned) > MAX_MESSAGE_CHARS:
        raise UnusableText(413, TOO_LONG)
    return cleaned


def check_sender(sender: object) -> str:
    """`sender` if it can be a conversation id; raises UnusableText otherwise.

    A sender id is not cleaned (changing it would file the message under another
    conversation): one with invisible or control characters is refused instead.
    """
    if (
        not isinstance(sender, str)
        or not sender.strip()
        or len(sender) > MAX_SENDER_CHARS
        or clean_text(sender) != sender
    ):
        raise UnusableText(400, BAD_SENDER)
    return sender
