"""`python -m bot.nlu.evaluate` (`make eval-nlu`): measure the NLU on held-out data.

1. The symptom extractor on tests/nlu/heldout_mentions.yml (no server, no model):
   per-concept precision, recall and F1, micro F1, and the accuracy of negation,
   side, experiencer, hypothetical, age and onset, against the targets.
2. The intent classifier on tests/nlu/heldout_intents.yml through `rasa test nlu`,
   which writes the intent confusion matrix (PNG) and report under --out.

It prints figures and targets and exits 0 either way: the quality gate that fails
is tests/nlu/test_heldout_targets.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bot.nlu.extractor import extract
from bot.nlu.lexicon import load_lexicon
from bot.nlu.scoring import Predicted, Scores, load_annotations, score
from bot.settings import PROJECT_ROOT

HELDOUT_MENTIONS = PROJECT_ROOT / "tests" / "nlu" / "heldout_mentions.yml"
HELDOUT_INTENTS = PROJECT_ROOT / "tests" / "nlu" / "heldout_intents.yml"
TARGETS = {"concept micro-F1": 0.92, "negation accuracy": 0.95, "side accuracy": 0.95}


def predict(text: str) -> Predicted:
    result = extract(text)
    return Predicted(result.mentions, result.age, result.onset, result.side)


def score_heldout(path: Path = HELDOUT_MENTIONS) -> Scores:
    """The extractor's scores on an annotated file."""
    return score(load_annotations(path, load_lexicon().concept_ids), predict)


def headline(scores: Scores) -> dict[str, float]:
    """The figures that have targets, by the names of TARGETS."""
    return {
        "concept micro-F1": scores.micro.f1,
        "negation accuracy": scores.negation.value,
        "side accuracy": scores.side.value,
    }


def print_mentions_report(scores: Scores, verbose: bool) -> None:
    print(f"Symptom extraction on {scores.utterances} held-out utterances")
    print(f"  {'concept':32} {'P':>6} {'R':>6} {'F1':>6} {'TP':>4} {'FP':>4} {'FN':>4}")
    for concept, c in sorted(scores.per_concept.items()):
        print(
            f"  {concept:32} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
            f" {c.tp:4} {c.fp:4} {c.fn:4}"
        )
    m = scores.micro
    print(
        f"  {'micro':32} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f}"
        f" {m.tp:4} {m.fp:4} {m.fn:4}"
    )
    for name, ratio in (
        ("negation accuracy", scores.negation),
        ("side accuracy", scores.side),
        ("experiencer accuracy", scores.experiencer),
        ("hypothetical accuracy", scores.hypothetical),
        ("age accuracy", scores.age),
        ("onset accuracy", scores.onset),
    ):
        print(f"  {name:24} {ratio.value:6.3f}  ({ratio.right}/{ratio.total})")
    print(f"  leaks (counted present, annotated not): {scores.leaks}")
    for name, value in headline(scores).items():
        verdict = "met" if value >= TARGETS[name] else "MISSED"
        print(f"  target {name} >= {TARGETS[name]}: {value:.3f} {verdict}")
    if verbose:
        print("\n".join(["Differences:", *scores.misses]))


def run_intent_test(model: Path, intents: Path, out: Path) -> int:
    """`rasa test nlu` on the held-out intents; prints accuracy and the PNG path."""
    print(f"\nIntent classification: rasa test nlu --nlu {intents} --model {model}")
    command = [
        sys.executable, "-m", "rasa", "test", "nlu",
        "--nlu", str(intents), "--model", str(model), "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    report = out / "intent_report.json"
    if done.returncode != 0 or not report.exists():
        print(done.stderr[-3000:], file=sys.stderr)
        print("  rasa test nlu failed (is the model trained? `make train`)")
        return done.returncode or 1
    figures = json.loads(report.read_text(encoding="utf-8"))
    print(
        f"  accuracy {figures['accuracy']:.3f}, "
        f"macro F1 {figures['macro avg']['f1-score']:.3f}, "
        f"weighted F1 {figures['weighted avg']['f1-score']:.3f}"
    )
    print(f"  confusion matrix: {out / 'intent_confusion_matrix.png'}")
    print(f"  per-intent report: {report}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=Path, default=HELDOUT_MENTIONS)
    parser.add_argument("--intents", type=Path, default=HELDOUT_INTENTS)
    parser.add_argument(
        "--model", type=Path, default=PROJECT_ROOT / "models" / "screening.tar.gz"
    )
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results" / "nlu")
    parser.add_argument("--skip-intents", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list differences")
    args = parser.parse_args(argv)
    print_mentions_report(score_heldout(args.mentions), args.verbose)
    if args.skip_intents:
        return 0
    return run_intent_test(args.model, args.intents, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
