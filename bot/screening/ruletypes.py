"""The screening rules as Python objects: what ruleset.py builds from rules.yml.

Plain frozen dataclasses, so the engine reads rules without knowing YAML exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from bot.screening.findings import Onset
from bot.yaml_schema import suggestion

TriageId = Literal[
    "emergency",
    "see_physician_first",
    "cgh_and_tmd",
    "cgh_likely",
    "tmd_likely",
    "possible_musculoskeletal",
    "not_indicated",
]
Criterion = Literal[
    "neck_involvement",
    "restricted_rom",
    "ipsilateral_pain",
    "unilateral_no_sideshift",
]
Fact = Literal["age", "onset"]
TRIAGE_IDS: tuple[str, ...] = get_args(TriageId)
CRITERIA: tuple[str, ...] = get_args(Criterion)
FACTS: tuple[str, ...] = get_args(Fact)


class UnknownConceptError(ValueError):
    """A concept id that the ruleset does not define was passed to the engine."""


@dataclass(frozen=True)
class Concept:
    id: str
    label: str  # plain words, used to explain an outcome to the visitor
    sided: bool


@dataclass(frozen=True)
class RedFlagTier:
    """One tier of red flags: any single concept, or any full combination, fires it."""

    id: str
    any_present: tuple[str, ...]
    all_present: tuple[tuple[str, ...], ...]
    references: tuple[str, ...]

    @property
    def concepts(self) -> tuple[str, ...]:
        combined = [c for combo in self.all_present for c in combo]
        return tuple(dict.fromkeys([*self.any_present, *combined]))


@dataclass(frozen=True)
class AgeRules:
    under: int
    older_from: int
    older_with_onset: tuple[Onset, ...]
    older_with_present: tuple[str, ...]
    references: tuple[str, ...]


@dataclass(frozen=True)
class CghRules:
    head_pain: str
    side_shift: str
    neck_involvement: tuple[str, ...]
    restricted_rom: tuple[str, ...]
    ipsilateral_pain: tuple[str, ...]
    all_met: tuple[str, ...]
    any_met: tuple[str, ...]
    references: tuple[str, ...]

    @property
    def concepts(self) -> tuple[str, ...]:
        return (
            self.head_pain,
            self.side_shift,
            *self.neck_involvement,
            *self.restricted_rom,
            *self.ipsilateral_pain,
        )


@dataclass(frozen=True)
class TmdRules:
    signs: tuple[str, ...]
    min_signs: int
    references: tuple[str, ...]


@dataclass(frozen=True)
class AnyPresentRule:
    any_present: tuple[str, ...]
    references: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    """A sentence added to the advice naming those of `concepts` that are present."""

    concepts: tuple[str, ...]
    text: str  # with a {labels} placeholder


@dataclass(frozen=True)
class Triage:
    id: str
    label: str  # plain words for staff: "neck-related headache likely"
    booking_link: bool
    advice: str  # may hold {clinic_name}, {clinic_phone}, {clinic_fax}
    references: tuple[str, ...]
    note: Note | None


@dataclass(frozen=True)
class QuestionGroup:
    """Questions asked together; the wording lives in Rasa's domain.yml under `id`.

    Each group is of one kind: a checklist has `concepts` (is each one present?); a
    fact group (age, onset) has `fact`; a side group has `side_of`, sided concepts
    whose side it asks, one concept at a time ("Which side is the neck pain on?"); a
    recheck group has `recheck`, red flags the visitor mentioned with doubt ("not
    sure if I had a fever"), asked again one at a time as a direct question.
    """

    id: str
    concepts: tuple[str, ...] = ()
    fact: str | None = None
    side_of: tuple[str, ...] = ()
    recheck: tuple[str, ...] = ()

    @property
    def asks_about(self) -> tuple[str, ...]:
        """The concepts the group asks about (of a side group, whose side)."""
        return self.concepts or self.side_of or self.recheck


@dataclass(frozen=True)
class Ruleset:
    """A loaded, checked rules file. Treat the mappings as read-only."""

    source: Path
    version: str
    not_a_diagnosis: str
    concepts: dict[str, Concept]
    red_flags: dict[str, RedFlagTier]  # "emergency" and "see_physician_first"
    age_rules: AgeRules
    cgh: CghRules
    tmd: TmdRules
    musculoskeletal: AnyPresentRule
    triage: tuple[Triage, ...]  # in the order the rules are tried
    questions: tuple[QuestionGroup, ...]
    references: dict[str, str]

    @property
    def concept_ids(self) -> tuple[str, ...]:
        return tuple(self.concepts)

    @property
    def red_flag_concepts(self) -> tuple[str, ...]:
        """Concepts any red-flag rule (either tier, or the age rules) looks at."""
        return red_flag_concepts(self.red_flags, self.age_rules)

    @property
    def emergency(self) -> RedFlagTier:
        return self.red_flags["emergency"]

    @property
    def physician(self) -> RedFlagTier:
        return self.red_flags["see_physician_first"]

    def triage_by_id(self, triage_id: str) -> Triage:
        return next(t for t in self.triage if t.id == triage_id)

    def check_concept(self, concept: str, where: str) -> str:
        """Return `concept` if the ruleset defines it; else UnknownConceptError."""
        if concept not in self.concepts:
            raise UnknownConceptError(
                f"unknown concept id {concept!r} in {where}"
                f"{suggestion(concept, self.concepts)} "
                f"(ruleset {self.version}, {self.source.name})"
            )
        return concept


def red_flag_concepts(
    red_flags: dict[str, RedFlagTier], age_rules: AgeRules
) -> tuple[str, ...]:
    """Every concept a red-flag rule can depend on, in rule order."""
    tiers = [c for tier in red_flags.values() for c in tier.concepts]
    return tuple(dict.fromkeys([*tiers, *age_rules.older_with_present]))
