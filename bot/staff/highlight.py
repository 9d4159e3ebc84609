"""Split a patient message into plain and highlighted pieces by symptom offsets.

The pieces are plain text; the template escapes each one as it renders it, so the
message is never turned into HTML by joining strings. Overlapping mentions keep
the first (the longest where two start together); out-of-range ones are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.screening.findings import said_of_patient_now
from bot.storage.transcripts import SymptomMention

COUNTED_EXPERIENCER = "patient"


@dataclass(frozen=True)
class Piece:
    text: str
    mention: SymptomMention | None = None

    @property
    def counts(self) -> bool:
        """Whether the mention counts as present (spec section 1)."""
        m = self.mention
        return (
            m is not None
            and not m.negated
            and said_of_patient_now(
                m.experiencer or COUNTED_EXPERIENCER,
                m.hypothetical,
                m.uncertain,
                m.historical,
            )
        )

    @property
    def qualifiers(self) -> tuple[str, ...]:
        """What the NLU said about the mention besides its concept."""
        m = self.mention
        if m is None:
            return ()
        side = "both sides" if m.side == "both" else f"{m.side} side"
        found = (
            (m.side is not None, side),
            (m.negated, "negated"),
            (m.experiencer not in (COUNTED_EXPERIENCER, None), "someone else"),
            (m.hypothetical, "hypothetical"),
            (m.uncertain, "uncertain"),
            (m.historical, "in the past"),
        )
        return tuple(words for applies, words in found if applies)


def pieces(text: str, mentions: Iterable[SymptomMention]) -> list[Piece]:
    """`text` cut into pieces that join back to exactly `text`."""
    found: list[Piece] = []
    cursor = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start < cursor or not mention.start < mention.end <= len(text):
            continue
        if mention.start > cursor:
            found.append(Piece(text[cursor : mention.start]))
        found.append(Piece(text[mention.start : mention.end], mention))
        cursor = mention.end
    if cursor < len(text):
        found.append(Piece(text[cursor:]))
    return found
