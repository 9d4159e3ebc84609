"""The shape of rules.yml as pydantic models: its keys, types, allowed values, sizes.

bot/yaml_schema.py checks the file against `RulesFile`, so a typo fails with the file
and the line. Whether an id used in one part is defined in another (concepts,
references, outcomes, questions) is checked by ruleset.py, which then builds the
engine's Ruleset from these models.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ConstrainedStr, Field, StrictBool, root_validator, validator

from bot.screening.findings import Onset
from bot.screening.ruletypes import Criterion, Fact, TriageId
from bot.yaml_schema import Count, Positive, RuledKey, Template, Text, YamlModel


class ConceptId(RuledKey):
    rule = "lower_case_with_underscores"

    @classmethod
    def follows_rule(cls, key: str) -> bool:
        return re.fullmatch(r"[a-z][a-z0-9_]*", key) is not None


class ReferenceId(ConstrainedStr):
    """`[3, SNNOOP10]`: YAML reads 3 as a number; the id is its text."""

    strip_whitespace = True
    min_length = 1


class Advice(Template):
    placeholders = frozenset({"clinic_name", "clinic_phone", "clinic_fax"})


class NoteText(Template):
    placeholders = required = frozenset({"labels"})


def ids() -> Any:
    """A required, non-empty list of distinct ids."""
    return Field(..., min_items=1, unique_items=True)


class ConceptEntry(YamlModel):
    label: Text
    sided: StrictBool = False


class Tier(YamlModel):
    any_present: list[Text] = ids()
    all_present: list[list[Text]] = []
    references: list[ReferenceId] = ids()

    @validator("all_present", each_item=True)
    def _combination(cls, combination: list[str]) -> list[str]:
        if len(combination) < 2 or len(set(combination)) < len(combination):
            raise ValueError("a combination needs 2 or more different concepts")
        return combination


class RedFlags(YamlModel):
    emergency: Tier
    see_physician_first: Tier


class AgeRulesEntry(YamlModel):
    under: Count
    older_from: Count
    older_with_onset: list[Onset] = ids()
    older_with_present: list[Text] = ids()
    references: list[ReferenceId] = ids()

    @validator("older_from")
    def _not_below_under(cls, older_from: int, values: dict[str, Any]) -> int:
        if older_from < values.get("under", 0):
            raise ValueError("is below age_rules.under")
        return older_from


class LikelyWhen(YamlModel):
    all_met: list[Criterion] = ids()
    any_met: list[Criterion] = ids()


class CghEntry(YamlModel):
    head_pain: Text
    side_shift: Text
    neck_involvement: list[Text] = ids()
    restricted_rom: list[Text] = ids()
    ipsilateral_pain: list[Text] = ids()
    likely_when: LikelyWhen
    references: list[ReferenceId] = ids()


class TmdEntry(YamlModel):
    signs: list[Text] = ids()
    min_signs: Positive
    references: list[ReferenceId] = ids()

    @validator("min_signs")
    def _not_above_signs(cls, min_signs: int, values: dict[str, Any]) -> int:
        if min_signs > len(values.get("signs", [])):
            raise ValueError("is more than the number of signs")
        return min_signs


class AnyPresentEntry(YamlModel):
    any_present: list[Text] = ids()
    references: list[ReferenceId] = ids()


class NoteEntry(YamlModel):
    concepts: list[Text] = ids()
    note: NoteText


class TriageEntry(YamlModel):
    id: TriageId
    label: Text
    booking_link: StrictBool
    references: list[ReferenceId] = ids()
    advice: Advice
    note_when_present: NoteEntry | None = None


class QuestionGroupEntry(YamlModel):
    """One group, of one of four kinds (see QuestionGroup)."""

    group: Text
    concepts: list[Text] | None = Field(None, min_items=1, unique_items=True)
    fact: Fact | None = None
    side_of: list[Text] | None = Field(None, min_items=1, unique_items=True)
    recheck: list[Text] | None = Field(None, min_items=1, unique_items=True)

    @root_validator(skip_on_failure=True)
    def _one_kind(cls, values: dict[str, Any]) -> dict[str, Any]:
        kinds = [values[kind] for kind in ("concepts", "fact", "side_of", "recheck")]
        if sum(kind is not None for kind in kinds) != 1:
            raise ValueError("needs exactly one of concepts, fact, side_of or recheck")
        return values


class RulesFile(YamlModel):
    version: Text
    not_a_diagnosis: Text
    concepts: dict[ConceptId, ConceptEntry]
    red_flags: RedFlags
    age_rules: AgeRulesEntry
    cgh: CghEntry
    tmd: TmdEntry
    musculoskeletal: AnyPresentEntry
    triage: list[TriageEntry] = Field(..., min_items=1)
    questions: list[QuestionGroupEntry] = Field(..., min_items=1)
    references: dict[str, Text]  # `1:` is read as a number; str makes it "1"

    @validator("concepts", "references")
    def _not_empty(cls, entries: dict[str, Any]) -> dict[str, Any]:
        if not entries:
            raise ValueError("must not be empty")
        return entries
