"""The CGH criteria, the TMD rule and the musculoskeletal rule, in three-valued logic.

Every rule answers True (holds), False (cannot hold) or None (depends on something
not yet known), using Kleene's logic: a rule is only True or False when every way
of filling in the unknown findings would give the same answer. That is what lets
the questions module skip questions that cannot change the outcome, and what makes
"unknown" an honest report rather than a guess. Each verdict keeps the concepts
that decided it, so every conclusion can show the visitor's own words.

Side rules (spec section 2, ipsilateral_pain):
- The side of the head pain is the side of `cgh.head_pain` (unilateral_head_pain).
  A head pain said to be on both sides is not one-sided, so unilateral_no_sideshift
  and ipsilateral_pain are not met.
- A neck/shoulder pain with no side stated matches only a head pain with no side
  stated; otherwise the sides must be equal.
- A neck/shoulder pain on both sides includes the side of a one-sided head pain,
  whether that side is left, right or not stated, so it matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.screening.answers import Answers
from bot.screening.findings import Side
from bot.screening.ruletypes import AnyPresentRule, CghRules, Ruleset, TmdRules

_LABELS = {True: "met", False: "not_met", None: "unknown"}


@dataclass(frozen=True)
class Verdict:
    """A three-valued answer and the concepts that decided it."""

    value: bool | None
    concepts: tuple[str, ...]

    @property
    def label(self) -> str:
        """The criterion wording of spec section 3: met, not_met or unknown."""
        return _LABELS[self.value]


def finding(answers: Answers, concept: str) -> Verdict:
    return Verdict(answers.truth(concept), (concept,))


def any_of(verdicts: Iterable[Verdict]) -> Verdict:
    verdicts = list(verdicts)
    if any(v.value is True for v in verdicts):
        return _verdict(True, [v for v in verdicts if v.value is True])
    if all(v.value is False for v in verdicts):
        return _verdict(False, verdicts)
    return _verdict(None, [v for v in verdicts if v.value is None])


def all_of(verdicts: Iterable[Verdict]) -> Verdict:
    verdicts = list(verdicts)
    if any(v.value is False for v in verdicts):
        return _verdict(False, [v for v in verdicts if v.value is False])
    if all(v.value is True for v in verdicts):
        return _verdict(True, verdicts)
    return _verdict(None, [v for v in verdicts if v.value is None])


def _verdict(value: bool | None, sources: list[Verdict]) -> Verdict:
    return Verdict(value, tuple(dict.fromkeys(c for v in sources for c in v.concepts)))


def cgh_criteria(answers: Answers, rules: CghRules) -> dict[str, Verdict]:
    """The four criteria of reference [2], in the order of spec section 3."""
    one_sided = _one_sided_head_pain(answers, rules)
    return {
        "neck_involvement": any_of(finding(answers, c) for c in rules.neck_involvement),
        "restricted_rom": any_of(finding(answers, c) for c in rules.restricted_rom),
        "ipsilateral_pain": _ipsilateral(answers, rules, one_sided),
        "unilateral_no_sideshift": all_of(
            [one_sided, _negated(finding(answers, rules.side_shift))]
        ),
    }


def cgh_likely(criteria: dict[str, Verdict], rules: CghRules) -> Verdict:
    return all_of(
        [
            *(criteria[name] for name in rules.all_met),
            any_of(criteria[name] for name in rules.any_met),
        ]
    )


def tmd_likely(answers: Answers, rules: TmdRules) -> Verdict:
    """At least `min_signs` signs present; False once too few signs remain possible."""
    signs = [finding(answers, c) for c in rules.signs]
    present = [v for v in signs if v.value is True]
    still_open = [v for v in signs if v.value is None]
    if len(present) >= rules.min_signs:
        return _verdict(True, present)
    if len(present) + len(still_open) < rules.min_signs:
        return _verdict(False, [v for v in signs if v.value is False])
    return _verdict(None, still_open)


def musculoskeletal(answers: Answers, rule: AnyPresentRule) -> Verdict:
    return any_of(finding(answers, c) for c in rule.any_present)


def lower_tier_verdicts(
    answers: Answers, ruleset: Ruleset, criteria: dict[str, Verdict]
) -> dict[str, Verdict]:
    """The verdict of each outcome below the red-flag tiers, keyed by triage id."""
    cgh = cgh_likely(criteria, ruleset.cgh)
    tmd = tmd_likely(answers, ruleset.tmd)
    return {
        "cgh_and_tmd": all_of([cgh, tmd]),
        "cgh_likely": cgh,
        "tmd_likely": tmd,
        "possible_musculoskeletal": musculoskeletal(answers, ruleset.musculoskeletal),
        "not_indicated": Verdict(True, ()),
    }


def _negated(verdict: Verdict) -> Verdict:
    value = None if verdict.value is None else not verdict.value
    return Verdict(value, verdict.concepts)


def _one_sided_head_pain(answers: Answers, rules: CghRules) -> Verdict:
    verdict = finding(answers, rules.head_pain)
    if verdict.value and answers.side(rules.head_pain) is Side.BOTH:
        return Verdict(False, verdict.concepts)
    return verdict


def _ipsilateral(answers: Answers, rules: CghRules, one_sided: Verdict) -> Verdict:
    if one_sided.value is True:
        head_side = answers.side(rules.head_pain)
        candidates = [_on_side(answers, c, head_side) for c in rules.ipsilateral_pain]
    else:  # the head side is not known yet, so only "all absent" is decided
        candidates = [finding(answers, c) for c in rules.ipsilateral_pain]
    return all_of([one_sided, any_of(candidates)])


def _on_side(answers: Answers, concept: str, head_side: Side | None) -> Verdict:
    verdict = finding(answers, concept)
    if verdict.value is True:
        return Verdict(same_side(head_side, answers.side(concept)), verdict.concepts)
    return verdict


def same_side(head_side: Side | None, other_side: Side | None) -> bool:
    """Whether a pain on `other_side` is on the side of a one-sided head pain."""
    if other_side is Side.BOTH:
        return True
    return head_side == other_side
