"""The `findings` slot: what the visitor has told us so far, kept as plain JSON.

Rasa slots hold JSON values, so findings travel between turns as
{concept: {"status", "side", "evidence", "side_unsure"}} and become engine types
here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.screening.findings import Finding, Onset, ScreeningInput, Side, Status
from bot.screening.mentions import EVIDENCE_SEPARATOR

FindingsSlot = dict[str, dict[str, Any]]


def load(value: FindingsSlot | None) -> dict[str, Finding]:
    return {
        concept: Finding(
            concept=concept,
            status=Status(item["status"]),
            side=Side(item["side"]) if item.get("side") else None,
            evidence=item.get("evidence"),
            side_unsure=bool(item.get("side_unsure", False)),
        )
        for concept, item in (value or {}).items()
    }


def dump(findings: dict[str, Finding]) -> FindingsSlot:
    return {
        concept: {
            "status": finding.status.value,
            "side": finding.side.value if finding.side else None,
            "evidence": finding.evidence,
            "side_unsure": finding.side_unsure,
        }
        for concept, finding in findings.items()
    }


def screening_input(
    value: FindingsSlot | None, age: Any, onset: str | None
) -> ScreeningInput:
    """The engine's input from the slots `findings`, `age` and `onset`."""
    return ScreeningInput(
        findings=load(value),
        age=int(age) if age is not None else None,
        onset=Onset(onset) if onset else None,
    )


def merge(earlier: dict[str, Finding], later: dict[str, Finding]) -> dict[str, Finding]:
    """The later statement about a concept replaces the earlier one.

    That is how a visitor corrects themselves ("actually I don't have a fever").
    A doubt ("not sure if I had a fever") only adds what was not known.
    A side said earlier (or answered "not sure") survives a later statement that
    names no side, so "my neck hurts on the left" followed by ticking "neck pain"
    keeps the left side.
    """
    merged = dict(earlier)
    for concept, finding in later.items():
        before = earlier.get(concept)
        if before and finding.status is Status.UNKNOWN:
            continue  # a doubt never takes back an answer, nor repeats a doubt
        if before and finding.side is None and finding.status is before.status:
            finding = replace(finding, side=before.side, side_unsure=before.side_unsure)
        merged[concept] = finding
    return merged


def with_side_answer(finding: Finding, side: Side | None, evidence: str) -> Finding:
    """`finding` with the side the visitor answered; None is "not sure".

    The answer's words are added to the evidence, so the reasons and the stored
    record show how the side was settled, "not sure" included.
    """
    words = EVIDENCE_SEPARATOR.join(filter(None, [finding.evidence, evidence]))
    return replace(finding, side=side, side_unsure=side is None, evidence=words)


def with_side(findings: dict[str, Finding], side: Side) -> dict[str, Finding]:
    """Apply a bare side correction ("actually it's the left") to the head pain.

    The head pain's side is what the CGH side rules compare everything with, so a
    correction that names no symptom is about it. Nothing changes when the visitor
    has not reported one-sided head pain.
    """
    head = findings.get("unilateral_head_pain")
    if head is None or head.status is not Status.PRESENT:
        return findings
    return {
        **findings,
        head.concept: replace(head, side=side, side_unsure=False),
    }
