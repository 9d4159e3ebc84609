"""The `findings` slot: what the visitor has told us so far, kept as plain JSON.

Rasa slots hold JSON values, so findings travel between turns as
{concept: {"status", "side", "evidence"}} and become engine types here.
"""

from __future__ import annotations

from typing import Any

from bot.screening.findings import Finding, Onset, ScreeningInput, Side, Status

FindingsSlot = dict[str, dict[str, Any]]


def load(value: FindingsSlot | None) -> dict[str, Finding]:
    return {
        concept: Finding(
            concept=concept,
            status=Status(item["status"]),
            side=Side(item["side"]) if item.get("side") else None,
            evidence=item.get("evidence"),
        )
        for concept, item in (value or {}).items()
    }


def dump(findings: dict[str, Finding]) -> FindingsSlot:
    return {
        concept: {
            "status": finding.status.value,
            "side": finding.side.value if finding.side else None,
            "evidence": finding.evidence,
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
    A side said earlier survives a later statement that names no side, so "my neck
    hurts on the left" followed by ticking "neck pain" keeps the left side.
    """
    merged = dict(earlier)
    for concept, finding in later.items():
        before = earlier.get(concept)
        if before and finding.side is None and finding.status is before.status:
            finding = Finding(concept, finding.status, before.side, finding.evidence)
        merged[concept] = finding
    return merged


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
        head.concept: Finding(head.concept, head.status, side, head.evidence),
    }
