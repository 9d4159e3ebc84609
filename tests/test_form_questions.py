"""domain.yml's screening form asks exactly the question groups of rules.yml.

The engine's rules.yml says which question groups there are and in which order; the
domain gives each group its form slot `q_<group>`, its wording and, where it has
one, its `action_ask_q_<group>`, and holds none of these for a group the rules do
not have. Data against data: how the actions ask is tested in tests/actions.
"""

from __future__ import annotations

import pytest
import yaml

from bot.screening import QuestionGroup, load_ruleset
from bot.settings import PROJECT_ROOT

RULES = load_ruleset()
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
FORM_SLOTS = DOMAIN["forms"]["screening_form"]["required_slots"]
GROUPS = {group.id for group in RULES.questions}
SIDED = {concept for group in RULES.questions for concept in group.side_of}


def named(section: str, prefix: str) -> set[str]:
    """What follows `prefix` in the names of the domain's `section`."""
    return {
        name.removeprefix(prefix) for name in DOMAIN[section] if name.startswith(prefix)
    }


def test_issue13_every_question_group_is_a_form_slot_with_its_wording() -> None:
    """In the rules' order, after the story; each a slot, each asked by something."""
    assert ["story", *(f"q_{g.id}" for g in RULES.questions)] == FORM_SLOTS
    for slot in FORM_SLOTS:
        assert slot in DOMAIN["slots"], slot
        asked_by = {f"action_ask_{slot}", f"utter_ask_{slot}"}
        assert asked_by & {*DOMAIN["actions"], *DOMAIN["responses"]}, slot


@pytest.mark.parametrize("group", RULES.questions, ids=lambda group: group.id)
def test_every_group_has_its_wording(group: QuestionGroup) -> None:
    """A checklist or fact under its group id; a side question per sided finding."""
    wording = (
        [f"utter_ask_side_{concept}" for concept in group.side_of]
        if group.side_of
        else [f"utter_ask_q_{group.id}"]
    )
    assert set(wording) <= set(DOMAIN["responses"])


def test_no_slot_wording_or_action_for_a_group_the_rules_do_not_have() -> None:
    assert named("slots", "q_") == GROUPS
    assert named("responses", "utter_ask_q_") <= GROUPS
    assert named("actions", "action_ask_q_") <= GROUPS
    assert named("responses", "utter_ask_side_") == SIDED
