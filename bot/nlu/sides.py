"""Attach side words (left, right, both, "the same side") to symptom mentions.

Rules, in order (sides.yml repeats them for clinicians):
1. A side word inside or right before a mention belongs to it alone ("my left
   shoulder", "pain behind my right eye"); inside a mention that carries no side
   ("sometimes left sometimes right") it is no side at all. A body part joined
   after another's phrase ("and so does my neck") takes no other side word but one
   that follows it in its clause ("pain in my neck and shoulder on the right").
2. Otherwise it goes to the side-taking mentions of its clause that have no side of
   their own ("the pain is always on the right"); a clause with only symptoms that
   have no side keeps it ("jaw clicks on the right, and I wake with a sore jaw");
   else it goes to the nearest one in its sentence, else in the message. A clause
   with several such mentions and several side words ("head pain left, neck pain
   left, shoulder pain right") gives each side word to one mention: the nearest
   before it that has none yet, else the nearest.
3. With no side-taking mention in the message it is a bare answer ("only the left")
   if its clause names no symptom at all ("clicking jaw on the left" is no answer).
4. "The same side" takes the head pain's side; "the other side" the opposite one.
5. A phrase's side word is also the next phrase's, when only "and" or a comma
   stands between them and the next has no side word of its own or of its clause
   ("left neck and shoulder pain", "left side of my head and neck both hurt").
Left and right together make both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.screening.findings import Side

RELATIVE = ("same", "opposite")
CORRECTED = "corrected"  # a self-correction: the side before it is taken back
OPPOSITE = {Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT}


@dataclass(frozen=True)
class Cue:
    """A side word found in the text: its kind (sides.yml) and token span."""

    kind: str
    start: int
    end: int
    clause: int
    sentence: int


@dataclass
class Placed:
    """A mention as side attachment sees it: where it is and what it takes."""

    concept: str
    start: int
    end: int
    clause: int
    sentence: int
    takes_side: bool
    place: bool = False  # a place of the concept (symptoms.yml `places`)
    vague: bool = False  # a pain said without its place (symptoms.yml `vague`)
    hears: bool = True  # False (joined after a phrase): only side words it `trails`
    # (start, end) of the next phrase in a list, which shares its side word (rule 5)
    lends_to: tuple[int, int] | None = None
    own: list[str] = field(default_factory=list)  # cues touching the mention
    heard: list[str] = field(default_factory=list)  # cues of its clause or nearby

    def touches(self, cue: Cue) -> bool:
        return cue.start < self.end and self.start <= cue.end

    def trails(self, cue: Cue) -> bool:
        """Whether the side word follows the mention in its clause."""
        return cue.clause == self.clause and cue.start >= self.end

    def holds(self, cue: Cue) -> bool:
        """Whether the side word lies within the mention's words."""
        return self.start <= cue.start and cue.end <= self.end


@dataclass(frozen=True)
class Sides:
    """The side of each mention (in order) and a bare side answer, if any."""

    of_mentions: list[Side | None]
    bare: Side | None
    bare_cues: tuple[Cue, ...]


def attach_sides(
    cues: Sequence[Cue], mentions: Sequence[Placed], head_concepts: Iterable[str]
) -> Sides:
    """Apply the rules of the module docstring."""
    takers = [m for m in mentions if m.takes_side]
    bare: list[Cue] = []
    for cue in cues:
        owner = _owner(cue, mentions, cues)
        if owner is not None and (owner.takes_side or owner.holds(cue)):
            if owner.takes_side:
                owner.own.append(cue.kind)
            continue
        receivers = _receivers(cue, takers, mentions, cues)
        for mention in receivers:
            mention.heard.append(cue.kind)
        if not receivers and not any(m.clause == cue.clause for m in mentions):
            bare.append(cue)
    _lend_sides(mentions)
    head_side = _head_side(takers, set(head_concepts))
    sides = [
        _combine(m.own or m.heard, head_side) if m.takes_side else None
        for m in mentions
    ]
    bare_side = _combine([cue.kind for cue in bare], None)
    return Sides(sides, bare_side, tuple(bare) if bare_side else ())


def _lend_sides(mentions: Sequence[Placed]) -> None:
    for lender in mentions:
        sides = lender.own or lender.heard
        if lender.lends_to is None or not sides:
            continue
        for phrase in mentions:
            if (phrase.start, phrase.end) == lender.lends_to and not (
                phrase.own or phrase.heard
            ):
                phrase.own.extend(sides)


def _owner(cue: Cue, mentions: Sequence[Placed], cues: Sequence[Cue]) -> Placed | None:
    """The mention the side word is inside of, else one it touches that has no
    side word inside ("neck pain on the left radiating into the left shoulder":
    the first "left" is the neck's), one that takes a side first ("my right jaw
    clicks and aches": the ache's, not the click's)."""
    inside = next((m for m in mentions if m.holds(cue)), None)
    if inside is not None:
        return inside
    touching = [
        m
        for m in mentions
        if m.touches(cue) and not any(m.holds(c) for c in cues if c is not cue)
    ]
    return next((m for m in touching if m.takes_side), next(iter(touching), None))


def _receivers(
    cue: Cue, takers: Sequence[Placed], mentions: Sequence[Placed], cues: Sequence[Cue]
) -> list[Placed]:
    takers = [m for m in takers if m.hears or m.trails(cue)]
    free = [m for m in takers if not m.own]
    same_clause = [m for m in free if m.clause == cue.clause]
    if len(same_clause) > 1 and _clause_cues(cue, cues) > 1:
        before = [m for m in same_clause if m.end <= cue.start and not m.heard]
        return [min(before or same_clause, key=lambda m: _distance(cue, m))]
    if same_clause:
        return same_clause
    if any(m.clause == cue.clause and not m.takes_side for m in mentions):
        return []  # said of a symptom that has no side: "jaw clicks on the right"
    for pool in (
        [m for m in takers if m.sentence == cue.sentence],
        list(takers),
    ):
        if pool:
            return [min(pool, key=lambda m: _distance(cue, m))]
    return []


def _clause_cues(cue: Cue, cues: Sequence[Cue]) -> int:
    return sum(1 for other in cues if other.clause == cue.clause)


def _distance(cue: Cue, mention: Placed) -> tuple[int, int]:
    """Nearest first; on a tie, the mention said before the cue."""
    if mention.end <= cue.start:
        return cue.start - mention.end, 0
    return mention.start - cue.end, 1


def _head_side(takers: Sequence[Placed], head_concepts: set[str]) -> Side | None:
    """The side "the same side" means: the head pain's, else (no head pain has
    one) the first other mention's ("my neck hurts on the left, and so does my
    jaw on that side")."""
    heads = [m for m in takers if m.concept in head_concepts]
    others = [m for m in takers if m.concept not in head_concepts]
    for mention in (*heads, *others):
        side = _combine(
            [k for k in mention.own or mention.heard if k not in RELATIVE], None
        )
        if side in OPPOSITE:
            return side
    return None


def _combine(kinds: Sequence[str], head_side: Side | None) -> Side | None:
    sides = {_absolute(kind, head_side) for kind in kinds} - {None}
    if not sides:
        return None
    if Side.BOTH in sides or {Side.LEFT, Side.RIGHT} <= sides:
        return Side.BOTH
    return sides.pop()


def _absolute(kind: str, head_side: Side | None) -> Side | None:
    if kind == "same":
        return head_side
    if kind == "opposite":
        return OPPOSITE.get(head_side) if head_side else None
    return Side(kind)
