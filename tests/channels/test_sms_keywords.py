"""Which SMS bodies are compliance keywords and which are conversation."""

from __future__ import annotations

import pytest

from bot.channels.sms_keywords import Keyword, keyword_of

OPT_OUT_WORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE"]


@pytest.mark.parametrize("word", [*OPT_OUT_WORDS, "OPTOUT"])
@pytest.mark.parametrize("spelling", [str.upper, str.lower, str.title])
def test_opt_out_words_in_any_case(word: str, spelling) -> None:
    assert keyword_of(spelling(word)) is Keyword.OPT_OUT


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        ("  stop  ", Keyword.OPT_OUT),
        ("Stop.", Keyword.OPT_OUT),
        ("STOP!", Keyword.OPT_OUT),
        ("start", Keyword.OPT_IN),
        ("UNSTOP", Keyword.OPT_IN),
        ("Help", Keyword.HELP),
        ("help!", Keyword.HELP),
        ("INFO", Keyword.HELP),
        ("stop asking about my neck", None),
        ("please stop", None),
        ("it started last week", None),
        ("I need help with my headache", None),
        ("yes", None),
        ("", None),
    ],
)
def test_keyword_of(body: str, keyword: Keyword | None) -> None:
    assert keyword_of(body) is keyword
