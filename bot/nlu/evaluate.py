"""`python -m bot.nlu.evaluate` (`make eval-nlu`): measure the NLU on held-out data.

1. The symptom extractor (no server, no model) on each annotated set of tests/nlu/:
   blind_mentions.yml (written blind and frozen: never tuned on), dev_mentions.yml
   dev_red_flags.yml and dev_sides.yml (the sets rules are tuned against) and
   heldout_mentions.yml (the first held-out set, since tuned on): per-concept
   precision, recall and F1, micro F1, the accuracy of every attribute, age and
   onset, and the red flags reported present that the text denies, gives someone
   else, wonders about or puts in the past.
2. The intent classifier on tests/nlu/heldout_intents.yml through `rasa test nlu`,
   which writes the intent confusion matrix (PNG) and report under --out.
3. The answers to visitors' questions on tests/nlu/heldout_faq.yml
   (bot/nlu/evaluate_faq.py).

It prints figures and targets and exits 0 either way: the quality gate that fails
is tests/nlu/test_heldout_targets.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.nlu.evaluate_faq import HELDOUT_FAQ, run_faq_test
from bot.nlu.extractor import extract
from bot.nlu.lexicon import load_lexicon
from bot.nlu.rasa_test import rasa_test_nlu
from bot.nlu.scoring import Predicted, Scores, load_annotations, score
from bot.screening.ruleset import load_ruleset
from bot.settings import PROJECT_ROOT

NLU_TESTS = PROJECT_ROOT / "tests" / "nlu"
BLIND_MENTIONS = NLU_TESTS / "blind_mentions.yml"
DEV_MENTIONS = NLU_TESTS / "dev_mentions.yml"
DEV_RED_FLAGS = NLU_TESTS / "dev_red_flags.yml"
DEV_SIDES = NLU_TESTS / "dev_sides.yml"
# Later development sets, each by another author, each scored
# blind once before any rule was tuned on it (README, "How the NLU is measured").
LATER_DEV_SETS = {
    "second development (tuned on)": NLU_TESTS / "dev2_mentions.yml",
    "second red-flag development (tuned on)": NLU_TESTS / "dev2_red_flags.yml",
    "second sides development (tuned on)": NLU_TESTS / "dev2_sides.yml",
    "third development (tuned on)": NLU_TESTS / "dev3_mentions.yml",
    "third sides and red-flag development (tuned on)": NLU_TESTS / "dev3_mixed.yml",
    "fourth development (tuned on)": NLU_TESTS / "dev4_mentions.yml",
    "fourth red-flag development (tuned on)": NLU_TESTS / "dev4_red_flags.yml",
    "fourth sides development (tuned on)": NLU_TESTS / "dev4_sides.yml",
    "fifth development (tuned on)": NLU_TESTS / "dev5_mentions.yml",
    "fifth sides and red-flag development (tuned on)": NLU_TESTS / "dev5_mixed.yml",
    "sixth development (tuned on)": NLU_TESTS / "dev6_mentions.yml",
    "sixth red-flag development (tuned on)": NLU_TESTS / "dev6_red_flags.yml",
    "seventh development (tuned on)": NLU_TESTS / "dev7_mentions.yml",
    "seventh red-flag development (tuned on)": NLU_TESTS / "dev7_red_flags.yml",
    "eighth sides development (tuned on)": NLU_TESTS / "dev8_sides.yml",
    "eighth development (tuned on)": NLU_TESTS / "dev8_mentions.yml",
    "ninth development (tuned on)": NLU_TESTS / "dev9_mentions.yml",
    "ninth red-flag development (tuned on)": NLU_TESTS / "dev9_red_flags.yml",
    "tenth sides development (tuned on)": NLU_TESTS / "dev10_sides.yml",
    "tenth red-flag development (tuned on)": NLU_TESTS / "dev10_red_flags.yml",
    "tenth development (tuned on)": NLU_TESTS / "dev10_mentions.yml",
    "eleventh development (tuned on)": NLU_TESTS / "dev11_mentions.yml",
    "eleventh red-flag development (tuned on)": NLU_TESTS / "dev11_red_flags.yml",
    "eleventh sides development (tuned on)": NLU_TESTS / "dev11_sides.yml",
    "twelfth red-flag development (tuned on)": NLU_TESTS / "dev12_red_flags.yml",
    "twelfth development (tuned on)": NLU_TESTS / "dev12_mentions.yml",
    "thirteenth development (tuned on)": NLU_TESTS / "dev13_mentions.yml",
    "thirteenth red-flag development (tuned on)": NLU_TESTS / "dev13_red_flags.yml",
    "fourteenth red-flag development (tuned on)": NLU_TESTS / "dev14_red_flags.yml",
    "fifteenth red-flag development (tuned on)": NLU_TESTS / "dev15_red_flags.yml",
    "fifteenth development (tuned on)": NLU_TESTS / "dev15_mentions.yml",
    "sixteenth red-flag development (tuned on)": NLU_TESTS / "dev16_red_flags.yml",
    "seventeenth red-flag development (tuned on)": NLU_TESTS / "dev17_red_flags.yml",
    "eighteenth red-flag development (tuned on)": NLU_TESTS / "dev18_red_flags.yml",
    "nineteenth red-flag development (tuned on)": NLU_TESTS / "dev19_red_flags.yml",
    "twentieth red-flag development (tuned on)": NLU_TESTS / "dev20_red_flags.yml",
    "twenty-first red-flag development (tuned on)": NLU_TESTS / "dev21_red_flags.yml",
    "twenty-second red-flag development (tuned on)": NLU_TESTS / "dev22_red_flags.yml",
    "twenty-third red-flag development (tuned on)": NLU_TESTS / "dev23_red_flags.yml",
    "twenty-second development (tuned on)": NLU_TESTS / "dev22_mentions.yml",
    "twenty-fourth red-flag development (tuned on)": NLU_TESTS / "dev24_red_flags.yml",
    "twenty-third development (tuned on)": NLU_TESTS / "dev23_mentions.yml",
    "twenty-fourth development (tuned on)": NLU_TESTS / "dev24_mentions.yml",
    "twenty-fifth red-flag development (tuned on)": NLU_TESTS / "dev25_red_flags.yml",
    "twenty-sixth red-flag development (tuned on)": NLU_TESTS / "dev26_red_flags.yml",
    "twenty-fifth development (tuned on)": NLU_TESTS / "dev25_mentions.yml",
    "twenty-seventh red-flag development (tuned on)": NLU_TESTS / "dev27_red_flags.yml",
    "twenty-eighth red-flag development (tuned on)": NLU_TESTS / "dev28_red_flags.yml",
    "twenty-ninth red-flag development (tuned on)": NLU_TESTS / "dev29_red_flags.yml",
    "twenty-sixth development (tuned on)": NLU_TESTS / "dev26_mentions.yml",
    "thirtieth red-flag development (tuned on)": NLU_TESTS / "dev30_red_flags.yml",
    "thirty-first red-flag development (tuned on)": NLU_TESTS / "dev31_red_flags.yml",
    "thirty-second red-flag development (tuned on)": NLU_TESTS / "dev32_red_flags.yml",
    "twenty-seventh development (tuned on)": NLU_TESTS / "dev27_mentions.yml",
    "thirty-third red-flag development (tuned on)": NLU_TESTS / "dev33_red_flags.yml",
    "thirty-fourth red-flag development (tuned on)": NLU_TESTS / "dev34_red_flags.yml",
    "thirty-fifth red-flag development (tuned on)": NLU_TESTS / "dev35_red_flags.yml",
    "twenty-eighth development (tuned on)": NLU_TESTS / "dev28_mentions.yml",
    "twenty-ninth development (tuned on)": NLU_TESTS / "dev29_mentions.yml",
    "thirtieth development (tuned on)": NLU_TESTS / "dev30_mentions.yml",
    "thirty-first development (tuned on)": NLU_TESTS / "dev31_mentions.yml",
    "thirty-sixth red-flag development (tuned on)": NLU_TESTS / "dev36_red_flags.yml",
    "thirty-seventh red-flag development (tuned on)": NLU_TESTS / "dev37_red_flags.yml",
    "thirty-eighth red-flag development (tuned on)": NLU_TESTS / "dev38_red_flags.yml",
    "fortieth red-flag development (tuned on)": NLU_TESTS / "dev40_red_flags.yml",
    "thirty-second development (tuned on)": NLU_TESTS / "dev32_mentions.yml",
    "thirty-third development (tuned on)": NLU_TESTS / "dev33_mentions.yml",
    "thirty-ninth red-flag development (tuned on)": NLU_TESTS / "dev39_red_flags.yml",
    "thirty-fourth development (tuned on)": NLU_TESTS / "dev34_mentions.yml",
    "thirty-fifth development (tuned on)": NLU_TESTS / "dev35_mentions.yml",
    "forty-second red-flag development (tuned on)": NLU_TESTS / "dev42_red_flags.yml",
    "forty-first red-flag development (tuned on)": NLU_TESTS / "dev41_red_flags.yml",
    "thirty-sixth development (tuned on)": NLU_TESTS / "dev36_mentions.yml",
    "thirty-seventh development (tuned on)": NLU_TESTS / "dev37_mentions.yml",
    "forty-third red-flag development (tuned on)": NLU_TESTS / "dev43_red_flags.yml",
    "forty-fourth red-flag development (tuned on)": NLU_TESTS / "dev44_red_flags.yml",
    "forty-fifth red-flag development (tuned on)": NLU_TESTS / "dev45_red_flags.yml",
    "forty-sixth red-flag development (tuned on)": NLU_TESTS / "dev46_red_flags.yml",
    "thirty-eighth development (tuned on)": NLU_TESTS / "dev38_mentions.yml",
    "forty-seventh red-flag development (tuned on)": NLU_TESTS / "dev47_red_flags.yml",
    "forty-eighth red-flag development (tuned on)": NLU_TESTS / "dev48_red_flags.yml",
    "forty-ninth red-flag development (tuned on)": NLU_TESTS / "dev49_red_flags.yml",
    "thirty-ninth development (tuned on)": NLU_TESTS / "dev39_mentions.yml",
    "fifty-first red-flag development (tuned on)": NLU_TESTS / "dev51_red_flags.yml",
    "fifty-second red-flag development (tuned on)": NLU_TESTS / "dev52_red_flags.yml",
    "fiftieth red-flag development (tuned on)": NLU_TESTS / "dev50_red_flags.yml",
    "forty-first development (tuned on)": NLU_TESTS / "dev41_mentions.yml",
    "fortieth development (tuned on)": NLU_TESTS / "dev40_mentions.yml",
    "fifty-third red-flag development (tuned on)": NLU_TESTS / "dev53_red_flags.yml",
    "fifty-fourth red-flag development (tuned on)": NLU_TESTS / "dev54_red_flags.yml",
    "forty-third development (tuned on)": NLU_TESTS / "dev43_mentions.yml",
    "fifty-fifth red-flag development (tuned on)": NLU_TESTS / "dev55_red_flags.yml",
    "forty-second development (tuned on)": NLU_TESTS / "dev42_mentions.yml",
    "fifty-sixth red-flag development (tuned on)": NLU_TESTS / "dev56_red_flags.yml",
    "forty-fourth development (tuned on)": NLU_TESTS / "dev44_mentions.yml",
    "forty-fifth development (tuned on)": NLU_TESTS / "dev45_mentions.yml",
    "fifty-seventh red-flag development (tuned on)": NLU_TESTS / "dev57_red_flags.yml",
    "fifty-eighth red-flag development (tuned on)": NLU_TESTS / "dev58_red_flags.yml",
    "fifty-ninth red-flag development (tuned on)": NLU_TESTS / "dev59_red_flags.yml",
    "forty-sixth development (tuned on)": NLU_TESTS / "dev46_mentions.yml",
    "forty-seventh development (tuned on)": NLU_TESTS / "dev47_mentions.yml",
    "forty-eighth development (tuned on)": NLU_TESTS / "dev48_mentions.yml",
    "forty-ninth development (tuned on)": NLU_TESTS / "dev49_mentions.yml",
    "fiftieth development (tuned on)": NLU_TESTS / "dev50_mentions.yml",
    "fifty-first development (tuned on)": NLU_TESTS / "dev51_mentions.yml",
    "fifty-second development (tuned on)": NLU_TESTS / "dev52_mentions.yml",
    "fifty-third development (tuned on)": NLU_TESTS / "dev53_mentions.yml",
    "fifty-fourth development (tuned on)": NLU_TESTS / "dev54_mentions.yml",
    "fifty-fifth development (tuned on)": NLU_TESTS / "dev55_mentions.yml",
    "fifty-seventh development (tuned on)": NLU_TESTS / "dev57_mentions.yml",
    "fifty-sixth development (tuned on)": NLU_TESTS / "dev56_mentions.yml",
    "fifty-eighth development (tuned on)": NLU_TESTS / "dev58_mentions.yml",
    "sixtieth red-flag development (tuned on)": NLU_TESTS / "dev60_red_flags.yml",
    "sixty-first red-flag development (tuned on)": NLU_TESTS / "dev61_red_flags.yml",
    "sixty-second red-flag development (tuned on)": NLU_TESTS / "dev62_red_flags.yml",
    "sixty-third red-flag development (tuned on)": NLU_TESTS / "dev63_red_flags.yml",
    "sixty-fourth red-flag development (tuned on)": NLU_TESTS / "dev64_red_flags.yml",
    "sixty-fifth red-flag development (tuned on)": NLU_TESTS / "dev65_red_flags.yml",
    "sixty-sixth red-flag development (tuned on)": NLU_TESTS / "dev66_red_flags.yml",
    "sixty-seventh red-flag development (tuned on)": NLU_TESTS / "dev67_red_flags.yml",
    "sixty-eighth red-flag development (tuned on)": NLU_TESTS / "dev68_red_flags.yml",
    "sixty-ninth red-flag development (tuned on)": NLU_TESTS / "dev69_red_flags.yml",
    "seventieth red-flag development (tuned on)": NLU_TESTS / "dev70_red_flags.yml",
    "seventy-first red-flag development (tuned on)": NLU_TESTS / "dev71_red_flags.yml",
    "seventy-second red-flag development (tuned on)": NLU_TESTS / "dev72_red_flags.yml",
    "seventy-third red-flag development (tuned on)": NLU_TESTS / "dev73_red_flags.yml",
    "seventy-fourth red-flag development (tuned on)": NLU_TESTS / "dev74_red_flags.yml",
    "seventy-fifth red-flag development (tuned on)": NLU_TESTS / "dev75_red_flags.yml",
    "seventy-sixth red-flag development (tuned on)": NLU_TESTS / "dev76_red_flags.yml",
    "seventy-seventh red-flag development (tuned on)": NLU_TESTS
    / "dev77_red_flags.yml",
    "seventy-eighth red-flag development (tuned on)": NLU_TESTS / "dev78_red_flags.yml",
    "seventy-ninth red-flag development (tuned on)": NLU_TESTS / "dev79_red_flags.yml",
    "eightieth red-flag development (tuned on)": NLU_TESTS / "dev80_red_flags.yml",
    "eighty-first red-flag development (tuned on)": NLU_TESTS / "dev81_red_flags.yml",
    "eighty-second red-flag development (tuned on)": NLU_TESTS / "dev82_red_flags.yml",
    "eighty-third red-flag development (tuned on)": NLU_TESTS / "dev83_red_flags.yml",
    "eighty-fourth red-flag development (tuned on)": NLU_TESTS / "dev84_red_flags.yml",
    "eighty-fifth red-flag development (tuned on)": NLU_TESTS / "dev85_red_flags.yml",
    "eighty-sixth red-flag development (tuned on)": NLU_TESTS / "dev86_red_flags.yml",
    "eighty-seventh red-flag development (tuned on)": NLU_TESTS / "dev87_red_flags.yml",
    "eighty-eighth red-flag development (tuned on)": NLU_TESTS / "dev88_red_flags.yml",
    "eighty-ninth red-flag development (tuned on)": NLU_TESTS / "dev89_red_flags.yml",
    "ninetieth red-flag development (tuned on)": NLU_TESTS / "dev90_red_flags.yml",
    "ninety-second red-flag development (tuned on)": NLU_TESTS / "dev92_red_flags.yml",
    "ninety-first red-flag development (tuned on)": NLU_TESTS / "dev91_red_flags.yml",
    "ninety-third red-flag development (tuned on)": NLU_TESTS / "dev93_red_flags.yml",
    "ninety-fourth red-flag development (tuned on)": NLU_TESTS / "dev94_red_flags.yml",
    "ninety-fifth red-flag development (tuned on)": NLU_TESTS / "dev95_red_flags.yml",
    "ninety-sixth red-flag development (tuned on)": NLU_TESTS / "dev96_red_flags.yml",
    "ninety-seventh red-flag development (tuned on)": NLU_TESTS / "dev97_red_flags.yml",
    "ninety-eighth red-flag development (tuned on)": NLU_TESTS / "dev98_red_flags.yml",
    "ninety-ninth red-flag development (tuned on)": NLU_TESTS / "dev99_red_flags.yml",
    "fifty-ninth development (tuned on)": NLU_TESTS / "dev59_mentions.yml",
    "hundredth red-flag development (tuned on)": NLU_TESTS / "dev100_red_flags.yml",
    "hundred-and-first red-flag development (tuned on)": NLU_TESTS
    / "dev101_red_flags.yml",
    "hundred-and-second red-flag development (tuned on)": NLU_TESTS
    / "dev102_red_flags.yml",
    "sixtieth development (tuned on)": NLU_TESTS / "dev60_mentions.yml",
    "hundred-and-third red-flag development (tuned on)": NLU_TESTS
    / "dev103_red_flags.yml",
    "hundred-and-fourth red-flag development (tuned on)": NLU_TESTS
    / "dev104_red_flags.yml",
    "hundred-and-fifth red-flag development (tuned on)": NLU_TESTS
    / "dev105_red_flags.yml",
    "sixty-first development (tuned on)": NLU_TESTS / "dev61_mentions.yml",
    "hundred-and-sixth red-flag development (tuned on)": NLU_TESTS
    / "dev106_red_flags.yml",
    "hundred-and-seventh red-flag development (tuned on)": NLU_TESTS
    / "dev107_red_flags.yml",
    "hundred-and-eighth red-flag development (tuned on)": NLU_TESTS
    / "dev108_red_flags.yml",
    "sixty-second development (tuned on)": NLU_TESTS / "dev62_mentions.yml",
    "hundred-and-ninth red-flag development (tuned on)": NLU_TESTS
    / "dev109_red_flags.yml",
    "hundred-and-tenth red-flag development (tuned on)": NLU_TESTS
    / "dev110_red_flags.yml",
    "hundred-and-eleventh red-flag development (tuned on)": NLU_TESTS
    / "dev111_red_flags.yml",
    "sixty-third development (tuned on)": NLU_TESTS / "dev63_mentions.yml",
}
HELDOUT_MENTIONS = NLU_TESTS / "heldout_mentions.yml"
MENTION_SETS = {
    "blind (frozen, never tuned on)": BLIND_MENTIONS,
    "development (tuned on)": DEV_MENTIONS,
    "red-flag development (tuned on)": DEV_RED_FLAGS,
    "sides development (tuned on)": DEV_SIDES,
    **LATER_DEV_SETS,
    "first held-out (tuned on)": HELDOUT_MENTIONS,
}
HELDOUT_INTENTS = NLU_TESTS / "heldout_intents.yml"
TARGETS = {
    "concept micro-F1": 0.93,
    "negation accuracy": 0.95,
    "side accuracy": 0.92,
    "age accuracy": 0.95,
}


def predict(text: str) -> Predicted:
    result = extract(text)
    return Predicted(result.mentions, result.age, result.onset, result.side)


def score_heldout(path: Path = HELDOUT_MENTIONS) -> Scores:
    """The extractor's scores on an annotated file."""
    annotations = load_annotations(path, load_lexicon().concept_ids)
    return score(annotations, predict, load_ruleset().red_flag_concepts)


def headline(scores: Scores) -> dict[str, float]:
    """The figures that have targets, by the names of TARGETS."""
    return {
        "concept micro-F1": scores.micro.f1,
        "negation accuracy": scores.negation.value,
        "side accuracy": scores.side.value,
        "age accuracy": scores.age.value,
    }


def print_mentions_report(name: str, scores: Scores, verbose: bool) -> None:
    print(f"\nSymptom extraction, {name}: {scores.utterances} utterances")
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
        ("uncertain accuracy", scores.uncertain),
        ("historical accuracy", scores.historical),
        ("age accuracy", scores.age),
        ("onset accuracy", scores.onset),
    ):
        print(f"  {name:24} {ratio.value:6.3f}  ({ratio.right}/{ratio.total})")
    print(f"  leaks (counted present, annotated not): {scores.leaks}")
    for figure, value in headline(scores).items():
        verdict = "met" if value >= TARGETS[figure] else "MISSED"
        print(f"  target {figure} >= {TARGETS[figure]}: {value:.3f} {verdict}")
    verdict = "met" if scores.red_flag_leaks == 0 else "MISSED"
    print(f"  target red flags wrongly present = 0: {scores.red_flag_leaks} {verdict}")
    if verbose:
        print("\n".join(["Differences:", *scores.misses]))


def run_intent_test(model: Path, intents: Path, out: Path) -> int:
    """`rasa test nlu` on the held-out intents; prints accuracy and the PNG path."""
    print(f"\nIntent classification: rasa test nlu --nlu {intents} --model {model}")
    report = "intent_report.json"
    figures = rasa_test_nlu(model, intents, out, report)
    if figures is None:
        return 1
    print(
        f"  accuracy {figures['accuracy']:.3f}, "
        f"macro F1 {figures['macro avg']['f1-score']:.3f}, "
        f"weighted F1 {figures['weighted avg']['f1-score']:.3f}"
    )
    print(f"  confusion matrix: {out / 'intent_confusion_matrix.png'}")
    print(f"  per-intent report: {out / report}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mentions", type=Path, action="append", help="an annotated file (repeatable)"
    )
    parser.add_argument("--intents", type=Path, default=HELDOUT_INTENTS)
    parser.add_argument(
        "--model", type=Path, default=PROJECT_ROOT / "models" / "screening.tar.gz"
    )
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results" / "nlu")
    parser.add_argument("--faq", type=Path, default=HELDOUT_FAQ)
    parser.add_argument("--skip-intents", action="store_true", help="and the FAQ")
    parser.add_argument("-v", "--verbose", action="store_true", help="list differences")
    args = parser.parse_args(argv)
    chosen = {path.name: path for path in args.mentions or []} or MENTION_SETS
    for name, path in chosen.items():
        print_mentions_report(name, score_heldout(path), args.verbose)
    if args.skip_intents:
        return 0
    intents = run_intent_test(args.model, args.intents, args.out)
    faq = run_faq_test(args.model, args.faq, args.out / "faq", args.verbose)
    return faq or intents


if __name__ == "__main__":
    raise SystemExit(main())
