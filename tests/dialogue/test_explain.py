"""reasons_text(): why the outcome, in plain labels and the visitor's own words.

One line per finding or fact behind the triage, in the engine's order, each once;
the CGH criteria the engine also reports are not the triage's reasons and are left
out. Outcomes come from the real engine and rules.yml.
"""

from __future__ import annotations

from bot.dialogue.explain import reasons_text
from bot.screening import evaluate, load_ruleset
from bot.screening.findings import Finding, Onset, ScreeningInput, Status

RULES = load_ruleset()


def label(concept: str) -> str:
    return RULES.concepts[concept].label


def screening(
    said: dict[str, str], *, age: int = 35, onset: Onset = Onset.LONGSTANDING
) -> ScreeningInput:
    """Each concept of `said` present in those words; every other red flag denied."""
    findings = {c: Finding(c, Status.ABSENT) for c in RULES.red_flag_concepts}
    for concept, words in said.items():
        findings[concept] = Finding(concept, Status.PRESENT, evidence=words)
    return ScreeningInput(findings=findings, age=age, onset=onset)


def test_each_red_flag_is_its_label_and_the_visitors_words_criteria_left_out() -> None:
    outcome = evaluate(
        screening(
            {
                "seizure": "I had a fit",
                "fever": "burning up",
                "neck_stiffness": "my neck is stiff",
                # A CGH criterion's findings, not the triage's:
                "unilateral_head_pain": "the right side of my head",
                "neck_pain": "my neck hurts",
            }
        ),
        RULES,
    )
    assert outcome.triage == "emergency"
    assert reasons_text(outcome, RULES).splitlines() == [
        f"• {label('seizure')}: “I had a fit”",
        f"• {label('fever')}: “burning up”",
        f"• {label('neck_stiffness')}: “my neck is stiff”",
    ]


def test_an_age_rule_gives_its_facts_and_a_fact_two_rules_share_comes_once() -> None:
    jaw = "jaw_pain_on_movement"
    outcome = evaluate(
        screening({jaw: "my jaw hurts when I chew"}, age=55, onset=Onset.RECENT),
        RULES,
    )
    assert outcome.triage == "see_physician_first"
    assert reasons_text(outcome, RULES).splitlines() == [
        "• age: 55",
        "• onset: recent",
        f"• {label(jaw)}: “my jaw hurts when I chew”",
    ]


def test_nothing_behind_the_triage_explains_nothing() -> None:
    outcome = evaluate(screening({}), RULES)
    assert outcome.triage == "not_indicated"
    assert reasons_text(outcome, RULES) == ""
