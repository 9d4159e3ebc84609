"""Clause boundaries: the scope of negation and of side words."""

from __future__ import annotations

import pytest

from bot.nlu.clauses import SENTENCES
from bot.nlu.pipeline import get_pipeline


def clauses(text: str) -> list[str]:
    return [clause.text for clause in get_pipeline().nlp(text).sents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no fever but my neck is stiff", ["no fever", "but my neck is stiff"]),
        ("no fever, my neck is stiff", ["no fever", ", my neck is stiff"]),
        ("no fever, vomiting or dizziness", ["no fever, vomiting or dizziness"]),
        (
            "my mom has migraines and I get headaches",
            ["my mom has migraines", "and I get headaches"],
        ),
        (
            "my daughter is 12 and gets headaches",
            ["my daughter is 12 and gets headaches"],
        ),
        ("fever? no", ["fever? no"]),
        ("Fever? No. Dizzy? Yes.", ["Fever? No.", "Dizzy? Yes."]),
        (
            "my head hurts\nalways on the right",
            ["my head hurts\n", "always on the right"],
        ),
    ],
)
def test_clauses(text: str, expected: list[str]) -> None:
    assert [c.strip(" ") for c in clauses(text)] == expected


def test_sentences_are_kept_beside_the_clauses() -> None:
    doc = get_pipeline().nlp("No fever, my neck hurts. Both sides.")
    assert [doc[start:end].text for start, end in doc._.get(SENTENCES)] == [
        "No fever, my neck hurts.",
        "Both sides.",
    ]
