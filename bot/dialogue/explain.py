"""Explain an outcome in plain words and the visitor's own words."""

from __future__ import annotations

from bot.screening import Outcome, Ruleset


def reasons_text(outcome: Outcome, ruleset: Ruleset) -> str:
    """One line per finding behind the triage: its plain label and what was said."""
    triage_reasons = [r for r in outcome.reasons if r.conclusion.startswith("triage:")]
    lines = []
    for reason in triage_reasons:
        for concept, words in reason.evidence.items():
            lines.append(f"• {ruleset.concepts[concept].label}: “{words}”")
        lines.extend(f"• {name}: {value}" for name, value in reason.facts.items())
    return "\n".join(dict.fromkeys(lines))
