"""Read the visitor's reply to one question, whether tapped or typed.

Every closed question offers buttons, but people type "yeah", "nope", "not sure",
"1 and 3" or a sentence about their symptoms instead; each of those must work. A
reply that cannot be read returns None, and the bot asks again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, Literal

from bot.channels.numbered_replies import parse_numbered
from bot.dialogue.entities import MessageFacts
from bot.screening.findings import Onset, Side, Status
from bot.screening.mentions import findings_from_mentions

# Intents that leave the current question to the dialogue's rules (stop, hand-off...).
INTERRUPTIONS = frozenset(
    {"stop", "restart", "ask_human", "out_of_scope", "goodbye", "bot_challenge"}
)
UNSURE_PAYLOAD: Final = "not sure"
_NONE_WORDS = re.compile(r"\b(none|nothing|neither|no(?:pe|ne)? of (?:these|them))\b")
_UNSURE_WORDS = re.compile(
    r"\b(not sure|unsure|not certain|don'?t know|dunno|idk|no idea|maybe)\b"
)
_AGE = re.compile(r"^\D{0,20}?(\d{1,3})\b")
# A typed side: side words, and around them only words that add nothing ("it's
# the left one", "both sides", "L", "rt", "same side as the headache").
_SIDE_WORDS = {
    "left": Side.LEFT, "l": Side.LEFT, "lt": Side.LEFT, "lhs": Side.LEFT,
    "right": Side.RIGHT, "r": Side.RIGHT, "rt": Side.RIGHT, "rhs": Side.RIGHT,
    "both": Side.BOTH, "bilateral": Side.BOTH, "either": Side.BOTH,
}  # fmt: skip
_SAME_SIDE_WORDS = {"same": True, "other": False, "opposite": False}
_FILLER = frozenset({
    "it", "it's", "its", "is", "on", "the", "my", "one", "ones", "side", "sides",
    "sided", "hand", "only", "just", "mostly", "mainly", "usually", "always", "and",
    "of", "them", "as", "to", "headache", "head", "pain",
})  # fmt: skip
_WORD = re.compile(r"[a-z']+")
_OPPOSITE = {Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT}
SideAnswer = Side | Literal["not sure"]
MIN_AGE, MAX_AGE = 1, 120


def checklist_answer(
    concepts: Sequence[str], intent: str, text: str, facts: MessageFacts
) -> dict[str, Status] | None:
    """Statuses for the listed concepts, from picks, symptoms named, yes/no/unsure.

    Ticking some items (by number) of a list the visitor has just read answers the
    rest "no". Naming symptoms in words ("I had a fever", "no fever") answers just
    those: a story told in reply to the red-flag list must not deny every red flag
    it does not mention, so the rest are asked again. Plain "yes" to a list of
    several is ambiguous and answers nothing.
    """
    lowered = text.strip().lower()
    picks = parse_numbered(lowered, len(concepts))
    if picks:
        chosen = {concepts[i] for i in picks}
        return {c: Status.PRESENT if c in chosen else Status.ABSENT for c in concepts}
    named = _named(concepts, facts)
    if named:
        return named
    # The visitor's own words first, the intent classifier's guess only after them:
    # "nothing like that" must not become "not sure" because the intent says so.
    if _UNSURE_WORDS.search(lowered):
        return dict.fromkeys(concepts, Status.UNSURE)
    if _NONE_WORDS.search(lowered):
        return dict.fromkeys(concepts, Status.ABSENT)
    if intent == "unsure":
        return dict.fromkeys(concepts, Status.UNSURE)
    if intent == "deny":
        return dict.fromkeys(concepts, Status.ABSENT)
    if intent == "affirm" and len(concepts) == 1:
        return {concepts[0]: Status.PRESENT}
    return None


def age_answer(text: str, facts: MessageFacts) -> int | None:
    """The age from the NLU's age entity, or a bare number such as "54"."""
    age = facts.age
    if age is None and (match := _AGE.match(text.strip())):
        age = int(match.group(1))
    return age if age is not None and MIN_AGE <= age <= MAX_AGE else None


def onset_answer(text: str, facts: MessageFacts) -> Onset | None:
    """The onset from the NLU's onset entity or a tapped button's payload.

    "Not sure" counts as recent: for an older visitor, the one case in which onset
    is asked, a recent start is the cautious assumption (see a physician first).
    """
    if facts.onset is not None:
        return facts.onset
    lowered = text.strip().lower()
    if _UNSURE_WORDS.search(lowered):
        return Onset.RECENT
    return next((onset for onset in Onset if onset.value == lowered), None)


def side_answer(
    concept: str, turn_intent: str, text: str, facts: MessageFacts, head: Side | None
) -> SideAnswer | None:
    """The side `concept` is on, "not sure", or None when the reply says neither.

    Read from, in order: the concept named with its side ("my neck hurts on the
    left"), the NLU's bare side ("only the left"), a short typed answer ("the right
    one", "both sides", "L", "rt"; "the same side" or "the other side" as the head
    pain `head`), then "not sure" in words or by intent. "Not sure" is a real
    answer: the side stays unstated and is not asked again.
    """
    named = [
        m.side
        for m in facts.mentions
        if m.concept == concept and m.side and m.counts_as_present
    ]
    if named:
        return named[0]
    if facts.side is not None:
        return facts.side
    typed = _typed_side(text.strip().lower().replace("’", "'"), head)
    if typed is not None:
        return typed
    if _UNSURE_WORDS.search(text.lower()) or turn_intent == "unsure":
        return UNSURE_PAYLOAD
    return None


def _typed_side(lowered: str, head: Side | None) -> Side | None:
    words = [w for w in _WORD.findall(lowered) if w not in _FILLER]
    if not words:
        return None
    if all(w in _SIDE_WORDS for w in words):
        sides = {_SIDE_WORDS[w] for w in words}
        return sides.pop() if len(sides) == 1 else Side.BOTH
    if len(words) == 1 and words[0] in _SAME_SIDE_WORDS and head in _OPPOSITE:
        return head if _SAME_SIDE_WORDS[words[0]] else _OPPOSITE[head]
    return None


def _named(concepts: Sequence[str], facts: MessageFacts) -> dict[str, Status]:
    """The listed concepts the message names, read as any message's symptoms are: a
    yes outweighs a no, and a doubt a no ("Numbness yes, no weakness", "Numbness?
    left hand since Tuesday, no weakness": one concept, not denied)."""
    found = findings_from_mentions(facts.mentions)
    return {c: finding.status for c, finding in found.items() if c in concepts}
