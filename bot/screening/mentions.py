"""Turn the NLU's symptom mentions in one message into findings.

Rules (spec section 1):
- A mention about someone else ("my dad had a stroke"), a hypothetical one ("what
  if my jaw starts clicking"), an uncertain one ("not sure if I had a fever") or one
  of the past ("I used to grind my teeth") says neither yes nor no about the visitor
  now. An uncertain one becomes an UNKNOWN finding that keeps the words, so the
  dialogue asks a red flag again, directly (rules.yml `recheck`); the others are
  ignored.
- A negated mention ("no fever") makes the concept ABSENT; any other makes it
  PRESENT. The evidence is the visitor's own words, the mention texts.
- Several mentions of one concept in the same message: PRESENT wins over ABSENT.
  In one message a denial and an affirmation of the same symptom ("no neck pain,
  well, my neck hurts when I turn") are more often a partial denial than a
  retraction, and screening must not lose a symptom, least of all a red flag, to
  a stray negation. The sides of the winning mentions are merged: one side stays,
  left with right (or anything with both) becomes both. For the same reason a
  doubt outweighs a denial ("Numbness? Left hand since Tuesday, no weakness": the
  numbness in doubt, the weakness denied, one concept): UNKNOWN, asked again.
- Merging with what earlier messages said, and explicit corrections ("actually,
  I don't have a fever"), is the dialogue's business: it decides which finding
  replaces which.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.screening.findings import Experiencer, Finding, Mention, Side, Status
from bot.screening.ruleset import load_ruleset
from bot.screening.ruletypes import Ruleset

EVIDENCE_SEPARATOR = "; "


def findings_from_mentions(
    mentions: Iterable[Mention], ruleset: Ruleset | None = None
) -> dict[str, Finding]:
    """Findings keyed by concept id; raises UnknownConceptError for an unknown id."""
    ruleset = ruleset or load_ruleset()
    about_patient: dict[str, list[Mention]] = {}
    doubted: dict[str, Finding] = {}
    for mention in mentions:
        ruleset.check_concept(mention.concept, "a mention")
        if mention.says_yes_or_no:
            about_patient.setdefault(mention.concept, []).append(mention)
        elif _doubt(mention):
            doubted[mention.concept] = Finding(
                mention.concept, Status.UNKNOWN, evidence=mention.text.strip() or None
            )
    said = {
        concept: _merged(concept, group) for concept, group in about_patient.items()
    }
    return {
        **doubted,
        **{
            concept: finding
            for concept, finding in said.items()
            if finding.status is Status.PRESENT or concept not in doubted
        },
    }


def _doubt(mention: Mention) -> bool:
    """The visitor wonders whether they have it, now (not someone else, not once)."""
    return (
        mention.uncertain
        and mention.experiencer == Experiencer.PATIENT
        and not (mention.hypothetical or mention.historical)
    )


def _merged(concept: str, mentions: list[Mention]) -> Finding:
    affirmed = [m for m in mentions if not m.negated]
    chosen = affirmed or mentions
    texts = dict.fromkeys(m.text.strip() for m in chosen if m.text.strip())
    return Finding(
        concept=concept,
        status=Status.PRESENT if affirmed else Status.ABSENT,
        side=merge_sides(m.side for m in chosen),
        evidence=EVIDENCE_SEPARATOR.join(texts) or None,
    )


def merge_sides(sides: Iterable[Side | str | None]) -> Side | None:
    """One side stays; left with right, or anything with both, becomes both."""
    stated = {Side(side) for side in sides if side is not None}
    if not stated:
        return None
    if len(stated) == 1:
        return stated.pop()
    return Side.BOTH
