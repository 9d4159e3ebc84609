"""Rasa fills a response's placeholders only from slots, so a response that needs
the clinic's details must be sent by an action that passes them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT

CLINIC_PLACEHOLDER = re.compile(r"\{clinic_\w+\}")


def _actions_named(node: object) -> set[str]:
    """Every `action:` value anywhere in a rules or stories file."""
    if isinstance(node, dict):
        found = {node["action"]} if isinstance(node.get("action"), str) else set()
        return found.union(*(_actions_named(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_actions_named(v) for v in node))
    return set()


def test_no_rule_or_story_sends_a_response_with_clinic_placeholders() -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    needs_details = {
        name
        for name, variants in domain["responses"].items()
        if any(CLINIC_PLACEHOLDER.search(v.get("text", "")) for v in variants)
    }
    files: list[Path] = [
        *(PROJECT_ROOT / "data").glob("*.yml"),
        PROJECT_ROOT / "tests" / "test_stories.yml",
    ]
    named = set().union(*(_actions_named(yaml.safe_load(f.read_text())) for f in files))
    assert needs_details
    assert not named & needs_details
