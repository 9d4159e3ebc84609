"""Check a ScreeningInput against the ruleset and give the engine one tidy view of it.

The engine must never silently default, so everything odd in the input is an error
here, before any rule runs: an unknown concept id, a finding filed under the wrong
id, a status or side that is not one of the enum values, an impossible age. Values
given as plain strings ("present", "left") are accepted and turned into the enums,
because Rasa slots and JSON hand them over that way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from typing import TypeVar

from bot.screening.findings import Finding, Onset, ScreeningInput, Side, Status
from bot.screening.ruletypes import Ruleset

MAX_AGE = 130
E = TypeVar("E", bound=Enum)

_TRUTH = {Status.PRESENT: True, Status.ABSENT: False}


@dataclass(frozen=True)
class Answers:
    """What is known about one visitor; a concept not in `findings` is UNKNOWN."""

    findings: dict[str, Finding]
    age: int | None
    onset: Onset | None

    def status(self, concept: str) -> Status:
        finding = self.findings.get(concept)
        return finding.status if finding else Status.UNKNOWN

    def truth(self, concept: str) -> bool | None:
        """True if present, False if absent, None if unsure or never said."""
        return _TRUTH.get(self.status(concept))

    def side(self, concept: str) -> Side | None:
        finding = self.findings.get(concept)
        return finding.side if finding else None

    def side_open(self, concept: str) -> bool:
        """Present, with no side stated, and its side not yet answered "not sure"."""
        finding = self.findings.get(concept)
        return (
            finding is not None
            and finding.status is Status.PRESENT
            and finding.side is None
            and not finding.side_unsure
        )

    def with_side(self, concept: str, side: Side) -> Answers:
        """These answers as they would be if `concept` were said to be on `side`."""
        finding = replace(self.findings[concept], side=side, side_unsure=False)
        return replace(self, findings={**self.findings, concept: finding})

    def having(self, concepts: Iterable[str], status: Status) -> tuple[str, ...]:
        return tuple(c for c in concepts if self.status(c) is status)

    def evidence(self, concepts: Iterable[str]) -> dict[str, str]:
        """The visitor's own words for each of `concepts` that has any."""
        words = {c: self.findings[c].evidence for c in concepts if c in self.findings}
        return {c: text for c, text in words.items() if text}


def check_input(inp: ScreeningInput, ruleset: Ruleset) -> Answers:
    """Validate `inp` against `ruleset`; UnknownConceptError, ValueError, TypeError."""
    if not isinstance(inp, ScreeningInput):
        raise TypeError(f"expected a ScreeningInput, got {type(inp).__name__}")
    findings = {
        key: _checked_finding(key, finding, ruleset)
        for key, finding in inp.findings.items()
    }
    return Answers(
        findings={k: f for k, f in findings.items() if f.status is not Status.UNKNOWN},
        age=_checked_age(inp.age),
        onset=_optional_enum(Onset, inp.onset, "onset"),
    )


def _checked_finding(key: str, finding: Finding, ruleset: Ruleset) -> Finding:
    ruleset.check_concept(key, "ScreeningInput.findings")
    if not isinstance(finding, Finding):
        raise TypeError(
            f"findings[{key!r}] is a {type(finding).__name__}, not a Finding"
        )
    ruleset.check_concept(finding.concept, f"the finding filed under {key!r}")
    if finding.concept != key:
        raise ValueError(
            f"the finding filed under {key!r} is about {finding.concept!r}"
        )
    if finding.evidence is not None and not isinstance(finding.evidence, str):
        raise TypeError(f"findings[{key!r}].evidence must be text or None")
    side = _optional_enum(Side, finding.side, f"findings[{key!r}].side")
    if not isinstance(finding.side_unsure, bool):
        raise TypeError(f"findings[{key!r}].side_unsure must be true or false")
    if finding.side_unsure and side is not None:
        raise ValueError(f"findings[{key!r}] has a side and a side answered not sure")
    return Finding(
        concept=key,
        status=_enum(Status, finding.status, f"findings[{key!r}].status"),
        side=side,
        evidence=finding.evidence,
        side_unsure=finding.side_unsure,
    )


def _enum(kind: type[E], value: object, where: str) -> E:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise ValueError(f"{where} is {value!r}, not one of {choices}") from None


def _optional_enum(kind: type[E], value: object, where: str) -> E | None:
    return None if value is None else _enum(kind, value, where)


def _checked_age(age: object) -> int | None:
    if age is None:
        return None
    if isinstance(age, bool) or not isinstance(age, int):
        raise TypeError(
            f"age must be a whole number of years, got {type(age).__name__}"
        )
    if not 0 <= age <= MAX_AGE:
        raise ValueError(f"age {age} is outside 0 to {MAX_AGE}")
    return age
