"""Load rules.yml into a Ruleset, checking every part of it on the way.

The rules are data so a clinician can read and change them without touching Python
(spec, introduction). Because a wrong rule is a safety problem, the file is checked
completely when it is loaded: its shape (keys, types, allowed values) by the pydantic
models of rules_schema.py, then here every id used in one part against the part
that defines it, the outcomes (all present, in safety order) and the questions (every
red flag asked, emergencies first). A broken file is refused with `RulesetError`
naming the file, the line and the problem.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path

from bot.screening.rules_schema import (
    QuestionGroupEntry,
    RulesFile,
    Tier,
    TriageEntry,
)
from bot.screening.ruletypes import (
    FACTS,
    TRIAGE_IDS,
    AgeRules,
    AnyPresentRule,
    CghRules,
    Concept,
    Note,
    QuestionGroup,
    RedFlagTier,
    Ruleset,
    TmdRules,
    Triage,
    UnknownConceptError,
    red_flag_concepts,
)
from bot.yaml_schema import (
    Loc,
    YamlDocument,
    YamlFileError,
    load_yaml,
    suggestion,
    where,
)

__all__ = [
    "DEFAULT_RULES",
    "QuestionGroup",
    "Ruleset",
    "RulesetError",
    "UnknownConceptError",
    "load_ruleset",
]

DEFAULT_RULES = Path(__file__).with_name("rules.yml")
_REFERENCE_MARK = re.compile(r"\[([^\[\]]+)\]")


class RulesetError(YamlFileError):
    """A rules file that cannot be used; reads `<file> line <n>: <problem>`."""


def load_ruleset(path: Path | None = None) -> Ruleset:
    """Load and check a rules file; the packaged rules.yml is read once per process."""
    if path is None:
        return _default_ruleset()
    return _parse(Path(path))


@lru_cache(maxsize=1)
def _default_ruleset() -> Ruleset:
    return _parse(DEFAULT_RULES)


def _parse(path: Path) -> Ruleset:
    return _RulesBuilder(load_yaml(path, RulesFile, RulesetError)).build()


class _RulesBuilder:
    """Builds the Ruleset from the checked models, checking ids across sections."""

    def __init__(self, doc: YamlDocument[RulesFile]) -> None:
        self.doc = doc
        self.rules = doc.data
        self.concepts: dict[str, Concept] = {
            concept_id: Concept(concept_id, entry.label, entry.sided)
            for concept_id, entry in doc.data.concepts.items()
        }

    def build(self) -> Ruleset:
        red_flags = self._red_flags()
        age_rules = self._age_rules()
        return Ruleset(
            source=self.doc.path,
            version=self.rules.version,
            not_a_diagnosis=self.rules.not_a_diagnosis,
            concepts=self.concepts,
            red_flags=red_flags,
            age_rules=age_rules,
            cgh=self._cgh(),
            tmd=self._tmd(),
            musculoskeletal=self._musculoskeletal(),
            triage=self._triage(),
            questions=self._questions(red_flags, age_rules),
            references=dict(self.rules.references.items()),
        )

    # -- ids used across sections -----------------------------------------------

    def _known(
        self, loc: Loc, values: Sequence[str], known: Collection[str], kind: str
    ) -> tuple[str, ...]:
        """`values` (the list at `loc`) if each is in `known`; else the first stray."""
        for index, value in enumerate(values):
            if value not in known:
                raise self.doc.fail(
                    (*loc, index),
                    f"unknown {kind} {value!r} in {where(loc)}"
                    f"{suggestion(value, known)}",
                )
        return tuple(values)

    def _concepts(
        self, loc: Loc, values: Sequence[str], *, sided: bool = False
    ) -> tuple[str, ...]:
        concepts = self._known(loc, values, self.concepts, "concept")
        for index, concept in enumerate(concepts):
            if sided and not self.concepts[concept].sided:
                raise self.doc.fail(
                    (*loc, index),
                    f"concept {concept!r} in {where(loc)} needs `sided: true` "
                    "in concepts",
                )
        return concepts

    def _concept(self, loc: Loc, value: str, *, sided: bool = False) -> str:
        return self._concepts(loc, [value], sided=sided)[0]

    def _references(self, loc: Loc, values: Sequence[str]) -> tuple[str, ...]:
        return self._known(loc, values, self.rules.references, "reference")

    def _cited(self, loc: Loc, text: str, references: tuple[str, ...]) -> str:
        """`text` if every [n] mark in it is among `references`."""
        for mark in _REFERENCE_MARK.findall(text):
            if mark not in references:
                raise self.doc.fail(
                    loc, f"[{mark}] in {where(loc)} is not among its references"
                )
        return text

    # -- rules ------------------------------------------------------------------

    def _red_flags(self) -> dict[str, RedFlagTier]:
        tiers = self.rules.red_flags
        emergency = self._tier("emergency", tiers.emergency, set())
        physician = self._tier(
            "see_physician_first", tiers.see_physician_first, set(emergency.any_present)
        )
        return {"emergency": emergency, "see_physician_first": physician}

    def _tier(self, name: str, tier: Tier, higher_tier: set[str]) -> RedFlagTier:
        loc = ("red_flags", name)
        for index, concept in enumerate(tier.any_present):
            if concept in higher_tier:
                raise self.doc.fail(
                    (*loc, "any_present", index),
                    f"{concept!r} in {where(loc)} is already an emergency red flag",
                )
        return RedFlagTier(
            id=name,
            any_present=self._concepts((*loc, "any_present"), tier.any_present),
            all_present=tuple(
                self._concepts((*loc, "all_present", index), combination)
                for index, combination in enumerate(tier.all_present)
            ),
            references=self._references((*loc, "references"), tier.references),
        )

    def _age_rules(self) -> AgeRules:
        ages = self.rules.age_rules
        return AgeRules(
            under=ages.under,
            older_from=ages.older_from,
            older_with_onset=tuple(ages.older_with_onset),
            older_with_present=self._concepts(
                ("age_rules", "older_with_present"), ages.older_with_present
            ),
            references=self._references(("age_rules", "references"), ages.references),
        )

    def _cgh(self) -> CghRules:
        cgh = self.rules.cgh
        return CghRules(
            head_pain=self._concept(("cgh", "head_pain"), cgh.head_pain, sided=True),
            side_shift=self._concept(("cgh", "side_shift"), cgh.side_shift),
            neck_involvement=self._concepts(
                ("cgh", "neck_involvement"), cgh.neck_involvement
            ),
            restricted_rom=self._concepts(
                ("cgh", "restricted_rom"), cgh.restricted_rom
            ),
            ipsilateral_pain=self._concepts(
                ("cgh", "ipsilateral_pain"), cgh.ipsilateral_pain, sided=True
            ),
            all_met=tuple(cgh.likely_when.all_met),
            any_met=tuple(cgh.likely_when.any_met),
            references=self._references(("cgh", "references"), cgh.references),
        )

    def _tmd(self) -> TmdRules:
        tmd = self.rules.tmd
        return TmdRules(
            signs=self._concepts(("tmd", "signs"), tmd.signs),
            min_signs=tmd.min_signs,
            references=self._references(("tmd", "references"), tmd.references),
        )

    def _musculoskeletal(self) -> AnyPresentRule:
        rule = self.rules.musculoskeletal
        return AnyPresentRule(
            any_present=self._concepts(
                ("musculoskeletal", "any_present"), rule.any_present
            ),
            references=self._references(
                ("musculoskeletal", "references"), rule.references
            ),
        )

    # -- outcomes ---------------------------------------------------------------

    def _triage(self) -> tuple[Triage, ...]:
        rows: list[Triage] = []
        for index, entry in enumerate(self.rules.triage):
            if entry.id in (row.id for row in rows):
                raise self.doc.fail(
                    ("triage", index), f"triage '{entry.id}' is listed twice"
                )
            rows.append(self._triage_row(("triage", index), entry))
        ids = [row.id for row in rows]
        for missing in TRIAGE_IDS:
            if missing not in ids:
                raise self.doc.fail(
                    ("triage",), f"triage is missing the outcome '{missing}'"
                )
        if (
            ids[:2] != ["emergency", "see_physician_first"]
            or ids[-1] != "not_indicated"
        ):
            raise self.doc.fail(
                ("triage",),
                "triage must start with emergency, then see_physician_first, "
                "and end with not_indicated (safety order)",
            )
        return tuple(rows)

    def _triage_row(self, loc: Loc, entry: TriageEntry) -> Triage:
        refs = self._references((*loc, "references"), entry.references)
        advice = self._cited((*loc, "advice"), entry.advice, refs)
        if entry.id == "see_physician_first" and "{clinic_fax}" not in advice:
            raise self.doc.fail(
                (*loc, "advice"),
                "the see_physician_first advice must give {clinic_fax} so the "
                "physician can fax a referral",
            )
        note = None
        if entry.note_when_present is not None:
            note_loc = (*loc, "note_when_present")
            note = Note(
                concepts=self._concepts(
                    (*note_loc, "concepts"), entry.note_when_present.concepts
                ),
                text=self._cited(
                    (*note_loc, "note"), entry.note_when_present.note, refs
                ),
            )
        return Triage(
            id=entry.id,
            label=entry.label,
            booking_link=entry.booking_link,
            advice=advice,
            references=refs,
            note=note,
        )

    # -- questions --------------------------------------------------------------

    def _questions(
        self, red_flags: dict[str, RedFlagTier], age_rules: AgeRules
    ) -> tuple[QuestionGroup, ...]:
        """Each id, concept and fact once; every red flag asked; emergencies first."""
        groups: list[QuestionGroup] = []
        asked: set[str] = set()
        flags = red_flag_concepts(red_flags, age_rules)
        for index, entry in enumerate(self.rules.questions):
            loc = ("questions", index)
            group = self._group(loc, entry, flags)
            if group.id in (g.id for g in groups):
                raise self.doc.fail(loc, f"question group '{group.id}' is twice")
            items = [
                *(f"{c} again" for c in group.recheck),
                *group.concepts,
                *([group.fact] if group.fact else []),
                *(f"the side of {c}" for c in group.side_of),
            ]
            for name in items:
                if name in asked:
                    raise self.doc.fail(loc, f"'{name}' is asked in two groups")
            asked.update(items)
            groups.append(group)
        for name in (*flags, *FACTS):
            if name not in asked:
                raise self.doc.fail(
                    ("questions",),
                    f"questions must ask about '{name}' (a red flag or a fact)",
                )
        first_checklist = next((g for g in groups if g.concepts), groups[0])
        for concept in red_flags["emergency"].concepts:
            if concept not in first_checklist.concepts:
                raise self.doc.fail(
                    ("questions",),
                    "the first checklist must hold every emergency red flag; "
                    f"'{concept}' is missing",
                )
        return tuple(groups)

    def _group(
        self, loc: Loc, entry: QuestionGroupEntry, red_flags: tuple[str, ...]
    ) -> QuestionGroup:
        if entry.concepts is not None:
            concepts = self._concepts((*loc, "concepts"), entry.concepts)
            return QuestionGroup(entry.group, concepts)
        if entry.side_of is not None:
            side_of = self._concepts((*loc, "side_of"), entry.side_of, sided=True)
            return QuestionGroup(entry.group, side_of=side_of)
        if entry.recheck is not None:
            recheck = self._rechecked(loc, entry, red_flags)
            return QuestionGroup(entry.group, recheck=recheck)
        return QuestionGroup(entry.group, fact=entry.fact)

    def _rechecked(
        self, loc: Loc, entry: QuestionGroupEntry, red_flags: tuple[str, ...]
    ) -> tuple[str, ...]:
        """A recheck group asks again what a checklist asks: only red flags."""
        concepts = self._concepts((*loc, "recheck"), entry.recheck or [])
        for index, concept in enumerate(concepts):
            if concept not in red_flags:
                where = (*loc, "recheck", index)
                raise self.doc.fail(where, f"'{concept}' is no red flag")
        return concepts
