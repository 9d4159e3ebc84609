"""Scoring against an annotated file: pairing, attribute accuracy, leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.scoring import Annotated, Key, Predicted, load_annotations, score
from bot.screening.findings import Experiencer, Mention, Side

OTHER = Experiencer.OTHER


def annotated(text: str, *mentions: Key, side: Side | None = None) -> Annotated:
    return Annotated(text=text, mentions=tuple(mentions), side=side)


def predicting(*mentions: Mention, side: Side | None = None):
    return lambda text: Predicted(list(mentions), None, None, side)


def test_a_perfect_prediction_scores_one() -> None:
    item = annotated("x", Key("fever", negated=True))
    scores = score([item], predicting(Mention("fever", "fever", negated=True)))
    assert scores.micro.f1 == 1.0
    assert scores.negation.value == 1.0
    assert scores.leaks == 0
    assert scores.misses == []


def test_a_wrong_negation_is_a_true_positive_an_error_and_a_leak() -> None:
    item = annotated("x", Key("fever", negated=True))
    scores = score([item], predicting(Mention("fever", "fever")))
    assert (scores.micro.tp, scores.micro.fp, scores.micro.fn) == (1, 0, 0)
    assert scores.negation.value == 0.0
    assert scores.leaks == 1


def test_missing_and_extra_concepts_count_against_recall_and_precision() -> None:
    item = annotated("x", Key("neck_pain"))
    scores = score([item], predicting(Mention("jaw_locking", "jaw")))
    assert scores.per_concept["neck_pain"].fn == 1
    assert scores.per_concept["jaw_locking"].fp == 1
    assert scores.micro.f1 == 0.0


def test_sides_are_scored_on_mentions_and_bare_answers() -> None:
    items = [
        annotated("x", Key("neck_pain", side=Side.LEFT)),
        annotated("y", side=Side.RIGHT),
    ]
    scores = score(
        items,
        lambda text: Predicted(
            [Mention("neck_pain", "neck", side=Side.RIGHT)] if text == "x" else [],
            None,
            None,
            Side.RIGHT if text == "y" else None,
        ),
    )
    assert (scores.side.right, scores.side.total) == (1, 2)


@pytest.mark.parametrize(
    "said",
    [
        Key("fever", negated=True),
        Key("fever", experiencer=OTHER),
        Key("fever", uncertain=True),
        Key("fever", hypothetical=True),
        Key("fever", historical=True),
    ],
)
def test_a_red_flag_reported_present_against_the_text_is_a_red_flag_leak(
    said: Key,
) -> None:
    item = annotated("x", said)
    scores = score([item], predicting(Mention("fever", "fever")), red_flags={"fever"})
    assert (scores.leaks, scores.red_flag_leaks) == (1, 1)


def test_a_present_red_flag_beside_its_own_denial_is_a_red_flag_leak() -> None:
    item = annotated("x", Key("fever", uncertain=True))
    both = predicting(Mention("fever", "f", uncertain=True), Mention("fever", "f"))
    scores = score([item], both, red_flags={"fever"})
    assert scores.red_flag_leaks == 1
    assert scores.uncertain.value == 1.0


def test_uncertain_and_historical_annotations_are_read(tmp_path: Path) -> None:
    path = tmp_path / "held.yml"
    path.write_text(
        'utterances:\n  - text: "x"\n'
        "    mentions: [fever uncertain, jaw_locking historical other]\n"
    )
    (item,) = load_annotations(path, ["fever", "jaw_locking"])
    assert item.mentions == (
        Key("fever", uncertain=True),
        Key("jaw_locking", experiencer=OTHER, historical=True),
    )


@pytest.mark.parametrize(
    ("entry", "problem"),
    [("nek_pain", "cannot read"), ("neck_pain sideways", "cannot read")],
)
def test_a_malformed_annotation_is_refused(
    tmp_path: Path, entry: str, problem: str
) -> None:
    path = tmp_path / "held.yml"
    path.write_text(f'utterances:\n  - text: "x"\n    mentions: [{entry}]\n')
    with pytest.raises(ValueError, match=problem):
        load_annotations(path, ["neck_pain"])
