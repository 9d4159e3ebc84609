"""bot/nlu/anchored_matcher.py and bot/nlu/targets.py: faster, and the same.

The symptom pipeline matches symptom phrases, side cues and onset phrases with the
anchored matcher, and picks entities with our own `symptom_targets` component. Every
message of the training data and of the latency benchmark, and a fixed sample of the
annotated mention files, is run through it and through a reference built as the
pipeline was before: medspaCy's target matcher and spaCy's own Matcher. The token
matches, the entities (with their rules' metadata) and the extraction must be the
same. The annotated sets grew past forty thousand messages, and the reference took
most of CI's time on them, so they are sampled: one message in ANNOTATED_SAMPLE,
chosen by a checksum of its text, the same on every run (a new set adds its share).
Small hand-made cases pin the rules (windows, unanchored patterns, longest match
wins, of two matches of the same tokens the one spaCy gives first) against spaCy's
Matcher and medspaCy.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import pytest
import spacy
import yaml
from medspacy.context import ConTextRule
from medspacy.target_matcher import TargetRule
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from bench.messages import benchmark_messages
from bot.nlu import pipeline as pipeline_module
from bot.nlu.anchored_matcher import AnchoredMatcher
from bot.nlu.extractor import extract
from bot.nlu.lexicon import Lexicon, load_lexicon
from bot.nlu.pipeline import SymptomPipeline, build_pipeline
from bot.nlu.targets import RULE, SymptomRule, SymptomTargets
from bot.settings import PROJECT_ROOT
from tests.nlu.test_training_data import NLU_DIR, examples

Pattern = list[dict[str, Any]]
Entity = tuple[int, int, str, Any, Any, list]  # start, end, label, absent, source,
# and its ConText modifiers (category, tokens, phrase)
MEDSPACY_RULE_AS_SYMPTOM_RULE = "test_medspacy_rule_as_symptom_rule"


# --- the reference: the pipeline as it was built before bot/nlu/targets.py --------


@Language.component(MEDSPACY_RULE_AS_SYMPTOM_RULE)
def medspacy_rule_as_symptom_rule(doc: Doc) -> Doc:
    """Reference only: give medspaCy's entities their rule where the extractor
    reads it (medspaCy sets `span._.target_rule`; it has `.metadata` too)."""
    for span in doc.ents:
        span._.set(RULE, span._.target_rule)
    return doc


def build_medspacy_reference(lexicon: Lexicon) -> SymptomPipeline:
    """The symptom pipeline with medspaCy's `medspacy_target_matcher` (one
    TargetRule a pattern, as bot/nlu/pipeline.py made them) in place of
    `symptom_targets`, medspaCy's `medspacy_context` with the same rules in place
    of `symptom_context`, and spaCy's Matcher for side cues and onset phrases; the
    clause splitter is the pipeline's own."""
    ours = build_pipeline(lexicon)  # not cached: a pipeline of its own
    nlp = ours.nlp
    # bot/nlu/pipeline.py's own helpers: the patterns are compiled as it does
    compiler = pipeline_module._compiler(nlp, lexicon)
    position = nlp.pipe_names.index("symptom_targets")
    nlp.remove_pipe("symptom_targets")
    targets = nlp.add_pipe(
        "medspacy_target_matcher",
        before=nlp.pipe_names[position],  # the place of symptom_targets
        config={"phrase_matcher_attr": "NORM"},
    )
    targets.add(list(_medspacy_target_rules(lexicon, compiler)))
    nlp.add_pipe(MEDSPACY_RULE_AS_SYMPTOM_RULE, after="medspacy_target_matcher")
    nlp.remove_pipe("symptom_context")
    context = nlp.add_pipe(
        "medspacy_context",
        config={"rules": None, "phrase_matcher_attr": "NORM", "span_attrs": None},
    )
    context.add(list(pipeline_module._context_rules(lexicon.modifiers, compiler)))
    return replace(
        ours,
        nlp=nlp,
        side_cues=_spacy_matcher(nlp, compiler, lexicon.side_cues),
        onset_phrases=_spacy_matcher(nlp, compiler, lexicon.onset.phrases),
    )


def _medspacy_target_rules(lexicon: Lexicon, compiler: Any) -> Iterable[TargetRule]:
    """The pipeline's own rules (phrases, their denied forms, absent phrases), one
    medspaCy TargetRule a pattern."""
    for rule in pipeline_module._target_rules(lexicon, compiler):
        for pattern in rule.patterns:
            yield TargetRule(
                literal=rule.literal,
                category=rule.label,
                pattern=pattern,
                metadata=dict(rule.metadata),
            )


def _spacy_matcher(nlp: Language, compiler: Any, phrases: Iterable) -> Matcher:
    matcher = Matcher(nlp.vocab)
    for kind, entry in phrases:
        matcher.add(kind, pipeline_module._compile(compiler, entry))
    return matcher


# --- the messages -------------------------------------------------------------------

ANNOTATED_SAMPLE = 6


def sampled(text: str) -> bool:
    """One annotated message in ANNOTATED_SAMPLE, the same ones on every run."""
    return zlib.crc32(text.encode("utf-8")) % ANNOTATED_SAMPLE == 0


def messages() -> list[str]:
    training = [
        text
        for path in sorted(NLU_DIR.glob("*.yml"))
        for texts in examples(path).values()
        for text in texts
    ]
    annotated = [
        item["text"]
        for path in sorted((PROJECT_ROOT / "tests" / "nlu").glob("*.yml"))
        if not path.stem.endswith(("_faq", "_intents"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["utterances"]
        if sampled(item["text"])
    ]
    return sorted({*training, *annotated, *benchmark_messages(600)})


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = messages()
    assert len(found) > 5000  # the files were read, and sampled
    return found


@pytest.fixture(scope="module")
def ours() -> SymptomPipeline:
    return build_pipeline(load_lexicon())


@pytest.fixture(scope="module")
def reference() -> SymptomPipeline:
    return build_medspacy_reference(load_lexicon())


@dataclass
class KeepingDoc:
    """A pipeline's nlp that keeps the last doc it made, so that one run gives
    extract()'s result and the entities."""

    nlp: Language
    doc: Doc | None = None

    def __call__(self, text: str) -> Doc:
        self.doc = self.nlp(text)
        return self.doc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)  # make_doc, pipeline: as the nlp has them


def keeping_docs(symptoms: SymptomPipeline) -> Any:
    return replace(symptoms, nlp=KeepingDoc(symptoms.nlp))


def entities(doc: Doc) -> list[Entity]:
    return [
        (
            span.start,
            span.end,
            span.label_,
            span._.get(RULE).metadata["absent"],
            span._.get(RULE).metadata["source"],
            sorted(
                (m.category, m.modifier_span, m.rule.literal) for m in span._.modifiers
            ),
        )
        for span in doc.ents
    ]


# --- the whole pipeline against the reference -----------------------------------------


def test_the_pipeline_uses_our_component_and_the_anchored_matcher(
    ours: SymptomPipeline, reference: SymptomPipeline
) -> None:
    names = ours.nlp.pipe_names
    assert "medspacy_target_matcher" not in names
    assert "medspacy_context" not in names
    assert names.index("symptom_targets") < names.index("symptom_context")
    ours_for = {
        "medspacy_target_matcher": "symptom_targets",
        "medspacy_context": "symptom_context",
    }
    expected = [
        ours_for.get(name, name)
        for name in reference.nlp.pipe_names
        if name != MEDSPACY_RULE_AS_SYMPTOM_RULE
    ]
    assert names == expected  # the reference differs only in its two matchers
    context = ours.nlp.get_pipe("symptom_context")
    assert len(context.rules) == len(reference.nlp.get_pipe("medspacy_context").rules)
    assert isinstance(ours.side_cues, AnchoredMatcher)
    assert isinstance(ours.onset_phrases, AnchoredMatcher)
    targets = ours.nlp.get_pipe("symptom_targets")
    medspacy = reference.nlp.get_pipe("medspacy_target_matcher")
    assert sum(len(rule.patterns) for rule in targets.rules) == len(medspacy.rules)
    assert targets.labels == medspacy.labels
    assert len(ours.side_cues) == len(reference.side_cues) > 0
    assert len(ours.onset_phrases) == len(reference.onset_phrases) > 0


# The messages through medspaCy's own matchers take minutes: in shares (every
# SHARES-th message of the sorted list), each within the per-test timeout.
SHARES = 4


@pytest.mark.slow  # the messages of the data: minutes; `make test` runs it
@pytest.mark.parametrize("share", range(SHARES))
def test_the_messages_get_medspacys_entities_and_extraction(
    share: int, texts: list[str], ours: SymptomPipeline, reference: SymptomPipeline
) -> None:
    ours, reference = keeping_docs(ours), keeping_docs(reference)
    shared = texts[share::SHARES]
    with_entities = 0
    for text in shared:
        assert extract(text, ours) == extract(text, reference), text
        doc, expected = ours.nlp.doc, reference.nlp.doc
        assert entities(doc) == entities(expected), text
        with_entities += bool(doc.ents)
    assert with_entities > len(shared) // 3  # the comparison compared something


def ties(matches: Iterable[tuple[int, int, int]]) -> dict[tuple[int, int], list]:
    """The keys of matches of the same tokens, in the order they come: all that
    medspaCy's pruning and spaCy's `filter_spans` take from the order."""
    keys: dict[tuple[int, int], list[int]] = {}
    for key, start, end in matches:
        keys.setdefault((start, end), []).append(key)
    return {span: same for span, same in keys.items() if len(same) > 1}


@pytest.mark.slow  # the messages of the data: seconds; `make test` runs it
def test_the_messages_get_spacys_side_cues_and_onset_phrases(
    texts: list[str], ours: SymptomPipeline, reference: SymptomPipeline
) -> None:
    for text in texts:
        doc = ours.nlp.make_doc(text)
        for name in ("side_cues", "onset_phrases"):
            found = getattr(ours, name)(doc)
            expected = getattr(reference, name)(doc)
            assert sorted(found) == sorted(expected), (name, text)
            assert ties(found) == ties(expected), (name, text)


@pytest.mark.slow  # the messages of the data: seconds; `make test` runs it
def test_the_messages_get_spacys_symptom_matches(
    texts: list[str], ours: SymptomPipeline
) -> None:
    """Before any pruning: every match of every symptom rule."""
    rules = ours.nlp.get_pipe("symptom_targets").rules
    anchored, spacys = AnchoredMatcher(ours.nlp.vocab), Matcher(ours.nlp.vocab)
    for n, rule in enumerate(rules):
        anchored.add(f"rule_{n}", rule.patterns)
        spacys.add(f"rule_{n}", list(rule.patterns))
    tied = 0
    for text in texts:
        doc = ours.nlp.make_doc(text)
        found, expected = anchored(doc), spacys(doc)
        assert sorted(found) == sorted(expected), text
        assert ties(found) == ties(expected), text
        tied += bool(ties(expected))
    assert tied > 0  # the order of matches of the same tokens was tested


def test_the_trie_holds_every_pattern_of_the_lexicon(ours: SymptomPipeline) -> None:
    """A token the trie cannot test (say ORTH in place of NORM) sends its pattern to
    spaCy at every token: correct but slow, as `make bench-nlu` once showed."""
    phrases = AnchoredMatcher(ours.nlp.vocab)
    for n, rule in enumerate(ours.nlp.get_pipe("symptom_targets").rules):
        phrases.add(f"rule_{n}", rule.patterns)
    for n, modifier in enumerate(ours.nlp.get_pipe("symptom_context").rules):
        phrases.add(f"modifier_{n}", [modifier.pattern])
    for matcher in (phrases, ours.side_cues, ours.onset_phrases):
        assert matcher.unanchored == 0


# --- AnchoredMatcher on hand-made patterns ------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


def both(nlp: Language, patterns: dict[str, list[Pattern]]) -> list[Any]:
    anchored, spacys = AnchoredMatcher(nlp.vocab), Matcher(nlp.vocab)
    for key, group in patterns.items():
        anchored.add(key, group)
        spacys.add(key, group)
    return [anchored, spacys]


def named(nlp: Language, matches: Iterable[tuple[int, int, int]]) -> list[tuple]:
    return sorted((nlp.vocab.strings[key], start, end) for key, start, end in matches)


CASES = {
    "plain words": {"ache": [[{"NORM": "head"}, {"NORM": "ache"}]]},
    "a word of a set": {
        "pain": [[{"NORM": {"IN": ["neck", "jaw"]}}, {"NORM": "pain"}]],
    },
    "an optional first token": {
        "stiff": [[{"NORM": "very", "OP": "?"}, {"NORM": "stiff"}]],
    },
    "a repeated token": {
        "gap": [[{"NORM": "head"}, {"OP": "*"}, {"NORM": "pain"}]],
    },
    "a negated token": {
        "not jaw": [[{"NORM": "my"}, {"NORM": "jaw", "OP": "!"}]],
    },
    "a first token that is not a norm": {
        "number": [[{"LIKE_NUM": True}, {"NORM": "days"}]],
    },
    "keys sharing first words": {
        "a": [[{"NORM": "my"}, {"NORM": "head"}]],
        "b": [[{"NORM": {"IN": ["my", "the"]}}, {"NORM": "neck"}]],
        "c": [[{"NORM": "my"}]],
    },
}
TEXTS = [
    "my head ache and my neck pain, the neck and my jaw pain",
    "very stiff, stiff, very very stiff",
    "head and then more and more words and the pain",
    "my jaw and my neck 3 days, three days my head my head my head",
    "",
    "my",
]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("text", TEXTS)
def test_it_finds_what_spacys_matcher_finds(
    nlp: Language, case: str, text: str
) -> None:
    anchored, spacys = both(nlp, CASES[case])
    doc = nlp(text)
    assert named(nlp, anchored(doc)) == named(nlp, spacys(doc))
    assert len(anchored) == len(spacys)


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_starting_in_a_range_are_those_of_the_whole_doc(
    nlp: Language, case: str
) -> None:
    anchored, _ = both(nlp, CASES[case])
    doc = nlp(" ".join(TEXTS))
    every = anchored(doc)
    assert every  # the ranges cut through matches
    for begin in range(len(doc)):
        for end in range(begin, len(doc) + 1):
            expected = [m for m in every if begin <= m[1] < end]
            assert anchored.starting_in(doc, begin, end) == expected, (begin, end)


def test_matches_far_apart_are_found_in_windows_of_their_own(nlp: Language) -> None:
    anchored, spacys = both(
        nlp, {"ache": [[{"NORM": "head"}, {"NORM": "ache", "OP": "?"}]]}
    )
    doc = nlp("head ache " + "word " * 40 + "head ache head")
    found = named(nlp, anchored(doc))
    assert found == named(nlp, spacys(doc))
    assert [(start, end) for _, start, end in found] == [
        (0, 1),
        (0, 2),
        (42, 43),
        (42, 44),
        (44, 45),
    ]


def test_matches_come_by_position_then_in_spacys_order(nlp: Language) -> None:
    matcher = AnchoredMatcher(nlp.vocab)
    matcher.add("second", [[{"NORM": "neck"}]])
    matcher.add("first", [[{"NORM": "stiff"}, {"NORM": "neck"}]])
    matcher.add("third", [[{"NORM": "neck"}]])
    doc = nlp("stiff neck")
    keys = [nlp.vocab.strings[key] for key, _, _ in matcher(doc)]
    assert keys == ["first", "second", "third"]
    spans = matcher(doc, as_spans=True)
    assert [(s.label_, s.text) for s in spans] == [
        ("first", "stiff neck"),
        ("second", "neck"),
        ("third", "neck"),
    ]


OPTIONAL_B = [{"NORM": "a"}, {"NORM": "b", "OP": "?"}, {"NORM": "c"}]
PLAIN_B = [{"NORM": "a"}, {"NORM": "b"}, {"NORM": "c"}]


def test_matches_of_the_same_tokens_come_in_spacys_order(nlp: Language) -> None:
    """spaCy's Matcher gives "a b c" by the plain pattern first, though it was added
    second: the optional token's state is copied to the end of its list."""
    for matcher in both(nlp, {"optional": [OPTIONAL_B], "plain": [PLAIN_B]}):
        keys = [nlp.vocab.strings[key] for key, _, _ in matcher(nlp("x a b c"))]
        assert keys == ["plain", "optional"]


# --- SymptomTargets on hand-made rules, against medspaCy's TargetMatcher ------------


def rule(label: str, *words: str, absent: bool = False) -> SymptomRule:
    pattern = [{"NORM": word} for word in words]
    return SymptomRule(label, (pattern,), " ".join(words), {"absent": absent})


def medspacy_nlp(rules: list[SymptomRule]) -> Language:
    nlp = spacy.blank("en")
    targets = nlp.add_pipe(
        "medspacy_target_matcher", config={"phrase_matcher_attr": "NORM"}
    )
    targets.add(
        [
            TargetRule(r.literal, r.label, pattern=p, metadata=dict(r.metadata))
            for r in rules
            for p in r.patterns
        ]
    )
    return nlp


def our_nlp(rules: list[SymptomRule]) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("symptom_targets").add(rules)
    return nlp


def ents(doc: Doc, extension: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e._.get(extension).literal) for e in doc.ents]


RULES = [
    rule("neck_pain", "neck", "pain"),
    rule("neck_stiffness", "stiff", "neck"),
    rule("neck_stiffness", "stiff", "neck", "pain", "now"),
    rule("fever", "fever"),
    rule("no_fever", "fever", absent=True),  # the same tokens: the first rule wins
    rule("a", "a", "b"),
    rule("b", "b", "c"),
    rule("c", "c", "d"),
    rule("e", "d", "e", "f"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stiff neck pain", [("stiff neck", "neck_stiffness", "stiff neck")]),
        (
            "stiff neck pain now, fever",
            [
                ("stiff neck pain now", "neck_stiffness", "stiff neck pain now"),
                ("fever", "fever", "fever"),
            ],
        ),
        ("neck pain", [("neck pain", "neck_pain", "neck pain")]),
        ("a b c d", [("a b", "a", "a b"), ("c d", "c", "c d")]),
        ("a b c d e f", [("a b", "a", "a b"), ("d e f", "e", "d e f")]),
        ("nothing here", []),
    ],
)
def test_targets_resolve_overlaps_as_medspacy_does(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    doc = our_nlp(RULES)(text)
    assert ents(doc, RULE) == expected
    assert ents(medspacy_nlp(RULES)(text), "target_rule") == expected


def test_of_two_rules_on_the_same_tokens_the_one_spacy_gives_first_wins() -> None:
    rules = [
        SymptomRule("optional", (OPTIONAL_B,), "a b? c"),
        SymptomRule("plain", (PLAIN_B,), "a b c"),
    ]
    expected = [("a b c", "plain", "a b c")]
    assert ents(our_nlp(rules)("a b c"), RULE) == expected
    assert ents(medspacy_nlp(rules)("a b c"), "target_rule") == expected


def test_each_pattern_of_a_rule_is_a_match_of_its_own() -> None:
    """medspaCy has one TargetRule a pattern, and what its pairwise pruning keeps
    depends on how many matches there are: with "a b" found twice (two patterns
    of one phrase), "b c" takes the place of "c d" and is then dropped."""
    a_b = [{"NORM": "a"}, {"NORM": "b"}]
    a_b_or_x = [{"NORM": "a"}, {"NORM": {"IN": ["b", "x"]}}]
    two_patterns = [
        SymptomRule("a", (a_b, a_b_or_x), "a b|x"),
        rule("b", "b", "c"),
        rule("c", "c", "d"),
    ]
    one_pattern = [rule("a", "a", "b"), *two_patterns[1:]]
    for rules, expected in [
        (two_patterns, [("a b", "a", "a b|x")]),
        (one_pattern, [("a b", "a", "a b"), ("c d", "c", "c d")]),
    ]:
        assert ents(our_nlp(rules)("a b c d"), RULE) == expected
        assert ents(medspacy_nlp(rules)("a b c d"), "target_rule") == expected


def test_each_entity_carries_its_rule() -> None:
    nlp = our_nlp(RULES)
    doc = nlp("fever")
    (span,) = doc.ents
    assert span._.symptom_rule is nlp.get_pipe("symptom_targets").rules[3]
    assert span._.symptom_rule.metadata == {"absent": False}
    assert nlp("nothing")[0:1]._.symptom_rule is None


def test_the_extension_is_registered_once_for_every_component() -> None:
    first, second = SymptomTargets(spacy.blank("en").vocab), our_nlp(RULES)
    assert first.rules == []
    assert [e.label_ for e in second("fever").ents] == ["fever"]


def test_a_rule_without_patterns_is_refused() -> None:
    targets = SymptomTargets(spacy.blank("en").vocab)
    with pytest.raises(ValueError, match="no pattern"):
        targets.add([SymptomRule("fever", (), "fever")])


# --- AnchoredConText on hand-made rules, against medspaCy's ConText -----------------


def context_nlp(factory: str, rules: list[ConTextRule]) -> Language:
    nlp = spacy.blank("en")
    config = {"rules": None} if factory == "medspacy_context" else {}
    nlp.add_pipe(factory, config=config).add(rules)
    return nlp


def modifiers_of_targets(nlp: Language, text: str, starts: list[int]) -> list:
    """ConText on a doc of the words of `text`, sentences starting at `starts`,
    every "fever" and "cough" a target: each target's modifiers (category, tokens)."""
    words = text.split()
    sent_starts = [i in starts for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, sent_starts=sent_starts)
    doc.ents = [
        Span(doc, i, i + 1, label=word)
        for i, word in enumerate(words)
        if word in ("fever", "cough")
    ]
    doc = nlp.get_pipe(nlp.pipe_names[0])(doc)
    return [
        (target.text, sorted((m.category, m.modifier_span) for m in target._.modifiers))
        for target in doc.ents
    ]


def context_rule(category: str, words: str, direction: str) -> ConTextRule:
    pattern = [{"NORM": word} for word in words.split()]
    return ConTextRule(words, category, pattern=pattern, direction=direction)


@pytest.mark.parametrize(
    ("text", "starts", "negated"),
    [
        # "fine . no" starts in the first sentence and, being longer, prunes the
        # second's "no": fever is not negated
        ("i am fine . no fever", [0, 4], False),
        ("we are here . no fever", [0, 4], True),
        # "cough here always" starts in the sentence after fever's and prunes
        # "but cough", fever's only negation
        ("fever denied but cough here always", [0, 3], False),
        ("fever denied but cough here", [0, 3], True),
        # a chain back over two sentences: after "x y", medspaCy's pairwise pass
        # weighs "y z w" against it, so "w no" meets "no" and prunes it; without
        # "x y", "y z w" prunes "w no" and "no" stays
        ("x y z w no fever", [0, 2, 4], False),
        ("y z w no fever", [0, 1, 3], True),
        # no target: nothing to match
        ("no . nothing", [0, 2], None),
    ],
)
def test_context_finds_medspacys_modifiers_of_every_target(
    text: str, starts: list[int], negated: bool | None
) -> None:
    """Modifiers are matched only near sentences holding a target; pruning must
    still weigh the matches just outside them as medspaCy does."""
    rules = [
        context_rule("NEGATED_EXISTENCE", "no", "forward"),
        context_rule("PSEUDO", "fine . no", "forward"),
        context_rule("NEGATED_EXISTENCE", "but cough", "backward"),
        context_rule("PSEUDO", "cough here always", "forward"),
        context_rule("PSEUDO", "x y", "forward"),
        context_rule("PSEUDO", "y z w", "forward"),
        context_rule("NEGATED_EXISTENCE", "w no", "forward"),
    ]
    ours = modifiers_of_targets(context_nlp("symptom_context", rules), text, starts)
    expected = modifiers_of_targets(
        context_nlp("medspacy_context", rules), text, starts
    )
    assert ours == expected
    fever = dict(ours).get("fever", [])
    if negated is not None:
        assert any(c == "NEGATED_EXISTENCE" for c, _ in fever) == negated
