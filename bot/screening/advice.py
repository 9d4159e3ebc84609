"""Render an outcome's message from rules.yml and the clinic's details.

The message is: the outcome's advice with the clinic's name, phone and fax filled
in; for outcomes with a note, the note naming the related findings the visitor
mentioned; the not-a-diagnosis statement (every outcome, spec section 2); and the
references the advice cites, so every statement traces back to its source.
"""

from __future__ import annotations

from bot.screening.answers import Answers
from bot.screening.clinic import Clinic
from bot.screening.findings import Status
from bot.screening.ruletypes import Ruleset, Triage


def render_advice(
    ruleset: Ruleset, triage: Triage, answers: Answers, clinic: Clinic
) -> str:
    parts = [triage.advice.format_map(clinic.advice_fields())]
    if triage.note:
        present = answers.having(triage.note.concepts, Status.PRESENT)
        if present:
            labels = [ruleset.concepts[c].label for c in present]
            parts.append(triage.note.text.format_map({"labels": join_words(labels)}))
    parts.append(ruleset.not_a_diagnosis)
    cited = (f"[{ref}] {ruleset.references[ref]}" for ref in triage.references)
    parts.append("References: " + " ".join(cited))
    return "\n\n".join(parts)


def join_words(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
