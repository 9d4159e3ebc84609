"""Which findings' sides are worth asking (spec section 2, "Sides").

A sided finding said or ticked without a side is compared with the head pain's side
by the CGH side rules (criteria.py). Its side is worth asking when some answer
(left, right or both) would make a CGH criterion met that is not met now: that is
when the side can change a criterion or the outcome, since the outcomes depend on
sides only through the criteria. Asking is pointless, so skipped, when:
- both findings have no side: the spec counts them as the same side already, and
  asking one of them could only break that match and call for the other's side;
- another finding already meets the criterion, or the head pain is on both sides
  (not one-sided), or absent;
- the visitor already answered the side "not sure" (Finding.side_unsure);
- no rule compares the finding's side at all (tmj_area_pain today).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.screening.answers import Answers
from bot.screening.criteria import cgh_criteria
from bot.screening.findings import Side
from bot.screening.ruletypes import CghRules


def sides_worth_asking(
    answers: Answers, rules: CghRules, concepts: Iterable[str]
) -> tuple[str, ...]:
    """Those of `concepts` whose unstated side could make a CGH criterion met."""
    now = cgh_criteria(answers, rules)
    unmet = {name for name, verdict in now.items() if verdict.value is not True}
    return tuple(
        concept
        for concept in concepts
        if answers.side_open(concept) and _could_meet(answers, rules, concept, unmet)
    )


def _could_meet(
    answers: Answers, rules: CghRules, concept: str, unmet: set[str]
) -> bool:
    for side in Side:
        criteria = cgh_criteria(answers.with_side(concept, side), rules)
        if any(criteria[name].value is True for name in unmet):
            return True
    return False
