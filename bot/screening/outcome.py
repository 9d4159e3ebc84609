"""What the engine gives back: an Outcome with its Reasons, or IncompleteScreening."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.screening.answers import Answers


@dataclass(frozen=True)
class Reason:
    """Why the engine concluded something, traced to a rule and the visitor's words.

    `conclusion` is e.g. "triage:cgh_likely" or "criterion:neck_involvement=met";
    `rule` is where the rule lives in rules.yml, e.g. "red_flags.emergency.any_present";
    `evidence` maps each of `concepts` that has them to the visitor's own words;
    `facts` holds age and onset when an age rule fired.
    """

    conclusion: str
    rule: str
    concepts: tuple[str, ...]
    evidence: dict[str, str]
    references: tuple[str, ...]
    facts: dict[str, int | str] = field(default_factory=dict)


def reason(
    conclusion: str,
    rule: str,
    concepts: Iterable[str],
    answers: Answers,
    references: tuple[str, ...],
    facts: Mapping[str, int | str] | None = None,
) -> Reason:
    concepts = tuple(concepts)
    return Reason(
        conclusion=conclusion,
        rule=rule,
        concepts=concepts,
        evidence=answers.evidence(concepts),
        references=references,
        facts=dict(facts or {}),
    )


@dataclass(frozen=True)
class Outcome:
    """The result of one completed screening (spec section 2). Read-only by intent.

    `red_flags` lists the red flags present; `unsure_red_flags` those answered
    "not sure" (they lead to see_physician_first). `advice` is the full message:
    the outcome's advice, the not-a-diagnosis statement and the references.
    """

    triage: str
    criteria: dict[str, str]  # criterion id -> "met" | "not_met" | "unknown"
    red_flags: list[str]
    unsure_red_flags: list[str]
    booking_link_offered: bool
    advice: str
    reasons: list[Reason]
    ruleset_version: str


class IncompleteScreening(Exception):
    """No outcome yet: `missing` must be answered first (concept ids, "age", "onset").

    Raised instead of a non-emergency outcome while a red-flag question or a fact
    that can change the outcome is still unknown. The message holds ids only.
    """

    def __init__(self, missing: list[str]) -> None:
        super().__init__("screening incomplete; still to ask: " + ", ".join(missing))
        self.missing = list(missing)
