"""Load rules.yml into a Ruleset, checking every part of it on the way.

The rules are data so a clinician can read and change them without touching Python
(spec, introduction). Because a wrong rule is a safety problem, the file is checked
completely when it is loaded: unknown keys, unknown concepts, unknown references,
missing outcomes, advice placeholders and the order of the outcomes. A broken file
is refused with `RulesetError` naming the file, the line and the problem.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from yaml.nodes import Node

from bot.screening.findings import Onset
from bot.screening.ruletypes import (
    ADVICE_FIELDS,
    CRITERIA,
    FACTS,
    NOTE_FIELDS,
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
    suggestion,
)
from bot.screening.yamlnodes import NodeReader, RulesetError

__all__ = [
    "DEFAULT_RULES",
    "QuestionGroup",
    "Ruleset",
    "RulesetError",
    "UnknownConceptError",
    "load_ruleset",
]

DEFAULT_RULES = Path(__file__).with_name("rules.yml")
_CONCEPT_ID = re.compile(r"[a-z][a-z0-9_]*")
_REFERENCE_MARK = re.compile(r"\[([^\[\]]+)\]")


def load_ruleset(path: Path | None = None) -> Ruleset:
    """Load and check a rules file; the packaged rules.yml is read once per process."""
    if path is None:
        return _default_ruleset()
    return _RulesParser(Path(path)).parse()


@lru_cache(maxsize=1)
def _default_ruleset() -> Ruleset:
    return _RulesParser(DEFAULT_RULES).parse()


class _RulesParser:
    """Turns the composed YAML of one rules file into a Ruleset, checking as it goes."""

    def __init__(self, path: Path) -> None:
        self.read = NodeReader(path)
        self.path = path
        self.concepts: dict[str, Concept] = {}
        self.references: dict[str, str] = {}

    def parse(self) -> Ruleset:
        root = self.read.mapping(
            self.read.compose(),
            "the rules file",
            required={
                "version",
                "not_a_diagnosis",
                "concepts",
                "red_flags",
                "age_rules",
                "cgh",
                "tmd",
                "musculoskeletal",
                "triage",
                "questions",
                "references",
            },
        )
        self.references = self._references(root["references"])
        self.concepts = self._concepts(root["concepts"])
        red_flags = self._red_flags(root["red_flags"])
        age_rules = self._age_rules(root["age_rules"])
        return Ruleset(
            source=self.path,
            version=self.read.text(root["version"], "version"),
            not_a_diagnosis=self.read.text(root["not_a_diagnosis"], "not_a_diagnosis"),
            concepts=self.concepts,
            red_flags=red_flags,
            age_rules=age_rules,
            cgh=self._cgh(root["cgh"]),
            tmd=self._tmd(root["tmd"]),
            musculoskeletal=self._musculoskeletal(root["musculoskeletal"]),
            triage=self._triage(root["triage"]),
            questions=self._questions(root["questions"], red_flags, age_rules),
            references=self.references,
        )

    # -- vocabulary -------------------------------------------------------------

    def _references(self, node: Node) -> dict[str, str]:
        entries = self.read.open_mapping(node, "references")
        return {
            key: self.read.text(value, f"references.{key}")
            for key, value in entries.items()
        }

    def _concepts(self, node: Node) -> dict[str, Concept]:
        concepts = {}
        for concept_id, value in self.read.open_mapping(node, "concepts").items():
            where = f"concepts.{concept_id}"
            if not _CONCEPT_ID.fullmatch(concept_id):
                raise self.read.fail(
                    value,
                    f"concept id '{concept_id}' must be lower_case_with_underscores",
                )
            fields = self.read.mapping(value, where, {"label"}, {"sided"})
            sided = "sided" in fields and self.read.boolean(
                fields["sided"], f"{where}.sided"
            )
            label = self.read.text(fields["label"], f"{where}.label")
            concepts[concept_id] = Concept(concept_id, label, sided)
        if not concepts:
            raise self.read.fail(node, "concepts must not be empty")
        return concepts

    def _concept(self, node: Node, where: str, *, sided: bool = False) -> str:
        value = self.read.text(node, where)
        if value not in self.concepts:
            raise self.read.fail(
                node,
                f"unknown concept '{value}' in {where}"
                f"{suggestion(value, self.concepts)}",
            )
        if sided and not self.concepts[value].sided:
            raise self.read.fail(
                node, f"concept '{value}' in {where} needs `sided: true` in concepts"
            )
        return value

    def _concept_list(
        self, node: Node, where: str, *, sided: bool = False
    ) -> tuple[str, ...]:
        return tuple(
            self._concept(item, where, sided=sided)
            for _, item in self.read.unique_list(node, where)
        )

    def _reference_list(self, node: Node, where: str) -> tuple[str, ...]:
        refs = []
        for ref, item in self.read.unique_list(node, where):
            if ref not in self.references:
                raise self.read.fail(
                    item,
                    f"unknown reference '{ref}' in {where}"
                    f"{suggestion(ref, self.references)}",
                )
            refs.append(ref)
        return tuple(refs)

    # -- rules ------------------------------------------------------------------

    def _red_flags(self, node: Node) -> dict[str, RedFlagTier]:
        tiers = self.read.mapping(
            node, "red_flags", required={"emergency", "see_physician_first"}
        )
        emergency = self._tier("emergency", tiers["emergency"], set())
        physician = self._tier(
            "see_physician_first",
            tiers["see_physician_first"],
            set(emergency.any_present),
        )
        return {"emergency": emergency, "see_physician_first": physician}

    def _tier(self, name: str, node: Node, higher_tier: set[str]) -> RedFlagTier:
        where = f"red_flags.{name}"
        fields = self.read.mapping(
            node, where, {"any_present", "references"}, {"all_present"}
        )
        for concept, item in self.read.unique_list(fields["any_present"], where):
            if concept in higher_tier:
                raise self.read.fail(
                    item, f"'{concept}' in {where} is already an emergency red flag"
                )
        return RedFlagTier(
            id=name,
            any_present=self._concept_list(
                fields["any_present"], f"{where}.any_present"
            ),
            all_present=self._combinations(fields.get("all_present"), where),
            references=self._reference_list(
                fields["references"], f"{where}.references"
            ),
        )

    def _combinations(
        self, node: Node | None, where: str
    ) -> tuple[tuple[str, ...], ...]:
        if node is None:
            return ()
        combos = []
        for combo in self.read.sequence(node, f"{where}.all_present"):
            concepts = self._concept_list(combo, f"{where}.all_present")
            if len(concepts) < 2:
                raise self.read.fail(
                    combo, f"a combination in {where}.all_present needs 2 or more"
                )
            combos.append(concepts)
        return tuple(combos)

    def _age_rules(self, node: Node) -> AgeRules:
        fields = self.read.mapping(
            node,
            "age_rules",
            {
                "under",
                "older_from",
                "older_with_onset",
                "older_with_present",
                "references",
            },
        )
        under = self.read.integer(fields["under"], "age_rules.under")
        older_from = self.read.integer(fields["older_from"], "age_rules.older_from")
        if older_from < under:
            raise self.read.fail(
                fields["older_from"], "age_rules.older_from is below age_rules.under"
            )
        return AgeRules(
            under=under,
            older_from=older_from,
            older_with_onset=self._onsets(fields["older_with_onset"]),
            older_with_present=self._concept_list(
                fields["older_with_present"], "age_rules.older_with_present"
            ),
            references=self._reference_list(
                fields["references"], "age_rules.references"
            ),
        )

    def _onsets(self, node: Node) -> tuple[Onset, ...]:
        allowed = [onset.value for onset in Onset]
        onsets = []
        for value, item in self.read.unique_list(node, "age_rules.older_with_onset"):
            if value not in allowed:
                raise self.read.fail(
                    item,
                    f"unknown onset '{value}' in age_rules.older_with_onset "
                    f"(allowed: {', '.join(allowed)})",
                )
            onsets.append(Onset(value))
        return tuple(onsets)

    def _cgh(self, node: Node) -> CghRules:
        fields = self.read.mapping(
            node,
            "cgh",
            {
                "head_pain",
                "side_shift",
                "neck_involvement",
                "restricted_rom",
                "ipsilateral_pain",
                "likely_when",
                "references",
            },
        )
        likely = self.read.mapping(
            fields["likely_when"], "cgh.likely_when", {"all_met", "any_met"}
        )
        return CghRules(
            head_pain=self._concept(fields["head_pain"], "cgh.head_pain", sided=True),
            side_shift=self._concept(fields["side_shift"], "cgh.side_shift"),
            neck_involvement=self._concept_list(
                fields["neck_involvement"], "cgh.neck_involvement"
            ),
            restricted_rom=self._concept_list(
                fields["restricted_rom"], "cgh.restricted_rom"
            ),
            ipsilateral_pain=self._concept_list(
                fields["ipsilateral_pain"], "cgh.ipsilateral_pain", sided=True
            ),
            all_met=self._criteria(likely["all_met"], "cgh.likely_when.all_met"),
            any_met=self._criteria(likely["any_met"], "cgh.likely_when.any_met"),
            references=self._reference_list(fields["references"], "cgh.references"),
        )

    def _criteria(self, node: Node, where: str) -> tuple[str, ...]:
        names = []
        for name, item in self.read.unique_list(node, where):
            if name not in CRITERIA:
                raise self.read.fail(
                    item,
                    f"unknown criterion '{name}' in {where}"
                    f"{suggestion(name, CRITERIA)}",
                )
            names.append(name)
        return tuple(names)

    def _tmd(self, node: Node) -> TmdRules:
        fields = self.read.mapping(node, "tmd", {"signs", "min_signs", "references"})
        signs = self._concept_list(fields["signs"], "tmd.signs")
        min_signs = self.read.integer(fields["min_signs"], "tmd.min_signs", minimum=1)
        if min_signs > len(signs):
            raise self.read.fail(
                fields["min_signs"], "tmd.min_signs is more than the number of signs"
            )
        return TmdRules(
            signs=signs,
            min_signs=min_signs,
            references=self._reference_list(fields["references"], "tmd.references"),
        )

    def _musculoskeletal(self, node: Node) -> AnyPresentRule:
        fields = self.read.mapping(
            node, "musculoskeletal", {"any_present", "references"}
        )
        return AnyPresentRule(
            any_present=self._concept_list(
                fields["any_present"], "musculoskeletal.any_present"
            ),
            references=self._reference_list(
                fields["references"], "musculoskeletal.references"
            ),
        )

    # -- outcomes ---------------------------------------------------------------

    def _triage(self, node: Node) -> tuple[Triage, ...]:
        rows: list[Triage] = []
        for item in self.read.sequence(node, "triage"):
            row = self._triage_row(item)
            if row.id in (r.id for r in rows):
                raise self.read.fail(item, f"triage '{row.id}' is listed twice")
            rows.append(row)
        ids = [row.id for row in rows]
        for missing in TRIAGE_IDS:
            if missing not in ids:
                raise self.read.fail(node, f"triage is missing the outcome '{missing}'")
        if (
            ids[:2] != ["emergency", "see_physician_first"]
            or ids[-1] != "not_indicated"
        ):
            raise self.read.fail(
                node,
                "triage must start with emergency, then see_physician_first, "
                "and end with not_indicated (safety order)",
            )
        return tuple(rows)

    def _triage_row(self, node: Node) -> Triage:
        fields = self.read.mapping(
            node,
            "a triage row",
            {"id", "booking_link", "references", "advice"},
            {"note_when_present"},
        )
        triage_id = self.read.text(fields["id"], "triage id")
        if triage_id not in TRIAGE_IDS:
            raise self.read.fail(
                fields["id"],
                f"unknown triage id '{triage_id}'{suggestion(triage_id, TRIAGE_IDS)}",
            )
        where = f"triage {triage_id}"
        refs = self._reference_list(fields["references"], f"{where} references")
        advice = self._template(
            fields["advice"], f"{where} advice", ADVICE_FIELDS, refs
        )
        if triage_id == "see_physician_first" and "{clinic_fax}" not in advice:
            raise self.read.fail(
                fields["advice"],
                "the see_physician_first advice must give {clinic_fax} so the "
                "physician can fax a referral",
            )
        note = None
        if "note_when_present" in fields:
            note = self._note(fields["note_when_present"], where, refs)
        return Triage(
            id=triage_id,
            booking_link=self.read.boolean(
                fields["booking_link"], f"{where} booking_link"
            ),
            advice=advice,
            references=refs,
            note=note,
        )

    def _note(self, node: Node, where: str, refs: tuple[str, ...]) -> Note:
        fields = self.read.mapping(
            node, f"{where} note_when_present", {"concepts", "note"}
        )
        text = self._template(fields["note"], f"{where} note", NOTE_FIELDS, refs)
        if "{labels}" not in text:
            raise self.read.fail(
                fields["note"], f"the {where} note must use {{labels}}"
            )
        return Note(
            concepts=self._concept_list(fields["concepts"], f"{where} note concepts"),
            text=text,
        )

    def _template(
        self, node: Node, where: str, fields: frozenset[str], refs: tuple[str, ...]
    ) -> str:
        """Text whose {placeholders} are allowed, whose [n] marks are cited."""
        text = self.read.text(node, where)
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(text) if name]
        except ValueError as exc:
            raise self.read.fail(
                node, f"{where}: broken {{placeholder}}: {exc}"
            ) from exc
        for name in names:
            if name not in fields:
                raise self.read.fail(
                    node,
                    f"unknown placeholder {{{name}}} in {where} "
                    f"(allowed: {', '.join(sorted(fields))})",
                )
        for mark in _REFERENCE_MARK.findall(text):
            if mark not in refs:
                raise self.read.fail(
                    node, f"[{mark}] in {where} is not among its references"
                )
        return text

    # -- questions --------------------------------------------------------------

    def _questions(
        self, node: Node, red_flags: dict[str, RedFlagTier], age_rules: AgeRules
    ) -> tuple[QuestionGroup, ...]:
        """Each id, concept and fact once; every red flag asked; emergencies first."""
        groups: list[QuestionGroup] = []
        asked: set[str] = set()
        for item in self.read.sequence(node, "questions"):
            group = self._group(item)
            if group.id in (g.id for g in groups):
                raise self.read.fail(item, f"question group '{group.id}' is twice")
            items = [
                *group.concepts,
                *([group.fact] if group.fact else []),
                *(f"the side of {c}" for c in group.side_of),
            ]
            for name in items:
                if name in asked:
                    raise self.read.fail(item, f"'{name}' is asked in two groups")
            asked.update(items)
            groups.append(group)
        must_ask = red_flag_concepts(red_flags, age_rules)
        for name in (*must_ask, *FACTS):
            if name not in asked:
                raise self.read.fail(
                    node, f"questions must ask about '{name}' (a red flag or a fact)"
                )
        for concept in red_flags["emergency"].concepts:
            if concept not in groups[0].concepts:
                raise self.read.fail(
                    node,
                    "the first question group must hold every emergency red flag; "
                    f"'{concept}' is missing",
                )
        return tuple(groups)

    def _group(self, node: Node) -> QuestionGroup:
        kinds = {"concepts", "fact", "side_of"}
        fields = self.read.mapping(node, "a question group", {"group"}, kinds)
        group_id = self.read.text(fields["group"], "a question group id")
        where = f"question group {group_id}"
        if len(kinds & set(fields)) != 1:
            raise self.read.fail(
                node, f"{where} needs exactly one of concepts, fact or side_of"
            )
        if "concepts" in fields:
            return QuestionGroup(
                group_id, self._concept_list(fields["concepts"], where)
            )
        if "side_of" in fields:
            side_of = self._concept_list(
                fields["side_of"], f"{where} side_of", sided=True
            )
            return QuestionGroup(group_id, side_of=side_of)
        fact = self.read.text(fields["fact"], f"{where} fact")
        if fact not in FACTS:
            raise self.read.fail(
                fields["fact"], f"unknown fact '{fact}' (allowed: {', '.join(FACTS)})"
            )
        return QuestionGroup(group_id, fact=fact)
