"""The SMS compliance keywords: opt-out, opt-in and help.

Carriers and Twilio treat a message that is exactly one of these words (any case,
surrounding spaces and punctuation ignored) as a request about the subscription
rather than conversation. "Stop asking me about my neck" is conversation; "Stop" is
an opt-out. The lists are Twilio's standard English keywords for long codes.
"""

from __future__ import annotations

from enum import Enum


class Keyword(Enum):
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"


_KEYWORDS: dict[str, Keyword] = {
    **dict.fromkeys(
        ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"],
        Keyword.OPT_OUT,
    ),
    **dict.fromkeys(["START", "UNSTOP"], Keyword.OPT_IN),
    **dict.fromkeys(["HELP", "INFO"], Keyword.HELP),
}


def keyword_of(body: str) -> Keyword | None:
    """The keyword `body` is, or None when it is anything else."""
    word = body.strip().strip(".!").strip().upper()
    return _KEYWORDS.get(word)
