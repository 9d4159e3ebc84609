"""bot/nlu/anchored_matcher.py finds what spaCy's own Matcher finds, faster.

Every message we have (training data, held-out mentions, the latency benchmark's
messages) goes through the symptom pipeline twice: with the anchored matcher, as
built, and with spaCy's Matcher holding every pattern, as medspaCy builds it. Each
token matcher (targets, ConText modifiers, side cues, onset phrases) must find the
same matches, and the extraction must come out the same.
"""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher
from test_training_data import NLU_DIR, examples

from bench.messages import benchmark_messages
from bot.nlu.anchored_matcher import AnchoredMatcher, TokenMatcher
from bot.nlu.evaluate import HELDOUT_MENTIONS
from bot.nlu.extractor import extract
from bot.nlu.lexicon import load_lexicon
from bot.nlu.pipeline import SymptomPipeline, build_pipeline, get_pipeline
from bot.nlu.scoring import load_annotations

Found = list[tuple[int, int, str, bool | None]]  # start, end, concept, absent


@pytest.fixture(scope="module")
def spacys_own() -> SymptomPipeline:
    """The pipeline with spaCy's own token matcher, as medspaCy has it."""
    return build_pipeline(load_lexicon(), Matcher)


def messages() -> list[str]:
    lexicon = load_lexicon()
    training = [
        text
        for path in sorted(NLU_DIR.glob("*.yml"))
        for texts in examples(path).values()
        for text in texts
    ]
    heldout = [a.text for a in load_annotations(HELDOUT_MENTIONS, lexicon.concept_ids)]
    return sorted({*training, *heldout, *benchmark_messages(600)})


def token_matchers(symptoms: SymptomPipeline) -> dict[str, TokenMatcher]:
    return {
        "targets": _rules(symptoms)._MedspacyMatcher__matcher,
        "context": _context_rules(symptoms)._MedspacyMatcher__matcher,
        "side cues": symptoms.side_cues,
        "onset phrases": symptoms.onset_phrases,
    }


def token_matches(symptoms: SymptomPipeline, text: str) -> dict[str, list[tuple]]:
    doc = symptoms.nlp.make_doc(text)
    return {
        name: sorted(matcher(doc)) for name, matcher in token_matchers(symptoms).items()
    }


def targets_found(symptoms: SymptomPipeline, text: str) -> Found:
    """What medspaCy keeps of the matches: each span's concept and absence."""
    rules = _rules(symptoms)
    found = []
    for match_id, start, end in rules(symptoms.nlp.make_doc(text)):
        rule = rules.rule_map[symptoms.nlp.vocab.strings[match_id]]
        found.append((start, end, rule.category, rule.metadata.get("absent")))
    return found


def _rules(symptoms: SymptomPipeline):  # medspaCy's MedspacyMatcher
    return symptoms.nlp.get_pipe("medspacy_target_matcher")._TargetMatcher__matcher


def _context_rules(symptoms: SymptomPipeline):  # medspaCy's MedspacyMatcher
    return symptoms.nlp.get_pipe("medspacy_context")._ConText__matcher


def test_the_symptom_pipeline_matches_by_first_words() -> None:
    symptoms = get_pipeline()
    for name, matcher in token_matchers(symptoms).items():
        assert isinstance(matcher, AnchoredMatcher), name
        assert len(matcher) > 0, name
    assert len(token_matchers(symptoms)["targets"]) == len(_rules(symptoms).rules)


def test_every_message_gets_spacys_matches_and_extraction(
    spacys_own: SymptomPipeline,
) -> None:
    texts = messages()
    assert len(texts) > 1000  # the files were read
    anchored = get_pipeline()
    for text in texts:
        assert token_matches(anchored, text) == token_matches(spacys_own, text), text
        assert targets_found(anchored, text) == targets_found(spacys_own, text), text
        assert extract(text, anchored) == extract(text, spacys_own), text
