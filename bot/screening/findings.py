"""What the screening engine takes in: mentions, findings and the visitor's facts.

These types are the contract between the NLU (which produces mentions), the dialogue
(which turns answers into findings) and the engine (which turns findings into an
outcome). They are plain dataclasses so every layer can use them without importing
spaCy, Rasa or SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    """What is known about one concept for this visitor."""

    PRESENT = "present"
    ABSENT = "absent"
    UNSURE = "unsure"  # the visitor was asked and answered "not sure"
    # never said nor asked, or said with doubt ("not sure if I had a fever"): then
    # the finding keeps the visitor's words as evidence and a red flag is asked again
    UNKNOWN = "unknown"


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Experiencer(str, Enum):
    PATIENT = "patient"
    OTHER = "other"


class Onset(str, Enum):
    SUDDEN = "sudden"
    RECENT = "recent"  # within the last 3 months
    LONGSTANDING = "longstanding"


def said_of_patient_now(
    experiencer: str, hypothetical: bool, uncertain: bool, historical: bool
) -> bool:
    """Whether a mention states something of the visitor, now, for certain (spec
    section 1): then it is a yes (present) or, negated, a no (absent). The one place
    this rule lives: mentions, annotations and the staff app's highlights use it."""
    return experiencer == Experiencer.PATIENT and not (
        hypothetical or uncertain or historical
    )


@dataclass(frozen=True)
class Mention:
    """One place in the visitor's text that names a concept (spec section 1 and 4)."""

    concept: str
    text: str
    start: int = 0
    end: int = 0
    negated: bool = False
    side: Side | None = None
    experiencer: Experiencer = Experiencer.PATIENT
    hypothetical: bool = False
    uncertain: bool = False  # "not sure whether I had a fever"
    historical: bool = False  # "I used to have jaw clicking as a kid"

    @property
    def says_yes_or_no(self) -> bool:
        """Whether the visitor states this about themselves, now, for certain: then
        the mention is a yes (present) or, negated, a no (absent)."""
        return said_of_patient_now(
            self.experiencer, self.hypothetical, self.uncertain, self.historical
        )

    @property
    def counts_as_present(self) -> bool:
        """Only the patient's own, affirmed, actual, current symptoms count (spec
        section 1)."""
        return self.says_yes_or_no and not self.negated


@dataclass(frozen=True)
class Finding:
    """The screening's belief about one concept, with the words that support it.

    `side_unsure` records that the visitor was asked the side and said "not sure":
    the side stays unstated (None) and is not asked again.
    """

    concept: str
    status: Status
    side: Side | None = None
    evidence: str | None = None
    side_unsure: bool = False


@dataclass(frozen=True)
class ScreeningInput:
    """Everything the engine needs for one screening."""

    findings: dict[str, Finding] = field(default_factory=dict)
    age: int | None = None
    onset: Onset | None = None
