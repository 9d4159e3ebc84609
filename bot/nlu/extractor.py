"""Free text -> symptom mentions (spec section 1) with their attributes, age, onset.

"my head hurts on the right, my mom has migraines, no fever" gives headache and
unilateral_head_pain (right), headache said of someone else, and fever negated.
Every mention the text makes is returned with its attributes; only those with
`counts_as_present` are the visitor's own, actual symptoms.

Pure spaCy/medspaCy: no Rasa here (component.py adapts this to Rasa). Nothing is
logged: the text is health information.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from bot.nlu.clauses import REACHING_BACK, SENTENCES, TWO_WORDS
from bot.nlu.coordination import joined
from bot.nlu.corrections import retracted
from bot.nlu.echoes import LABEL_MARKS as ECHO_LABEL_MARKS
from bot.nlu.echoes import answered
from bot.nlu.facts import Fact, find_age, find_onset
from bot.nlu.lexicon.model import GeneralQuestions, Lexicon, TrailingAnswers
from bot.nlu.phrases import says_any
from bot.nlu.pipeline import NOT_A_SYMPTOM, SymptomPipeline, get_pipeline
from bot.nlu.quotes import quoted_by_others
from bot.nlu.sides import CORRECTED, Cue, Placed, attach_sides
from bot.screening.findings import Experiencer, Mention, Onset, Side


@dataclass(frozen=True)
class Extraction:
    """What one message says: mentions, and the facts the dialogue asks about."""

    mentions: list[Mention] = field(default_factory=list)
    age: int | None = None
    onset: Onset | None = None
    side: Side | None = None  # a bare side answer: "only the left side"
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # "age": (3, 5)

    @property
    def present(self) -> list[Mention]:
        """The visitor's own, affirmed, actual symptoms."""
        return [mention for mention in self.mentions if mention.counts_as_present]


@dataclass(frozen=True)
class _Positions:
    """Clause and sentence number of every token of a doc."""

    clause: dict[int, int]
    sentence: dict[int, int]

    @classmethod
    def of(cls, doc: Doc) -> _Positions:
        clause = {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
        sentence = {
            i: n
            for n, (start, end) in enumerate(doc._.get(SENTENCES))
            for i in range(start, end)
        }
        return cls(clause, sentence)


# Count even inside a phrase: "my BP used to be high", "he hit his head".
INSIDE_TOO = frozenset({"UNCERTAIN", "HISTORICAL", "LONG_AGO", "OTHER"})
ANSWERS = frozenset({"NEGATED", "UNCERTAIN", "ANSWERED_YES"})  # to a reported question
ANSWERED_OR_DOUBTED = ANSWERS | {"ASKED"}
# Words a symptom phrase may begin with that a ConText cue may end with.
LEADING_WORDS = frozenset(
    {"a", "an", "the", "i", "will", "'ll", "am", "'m", "getting", "having"}
)
BARE_ANSWERS = frozenset({"no", "nah", "nope", "naw"})
NOTHING = frozenset({"nothing", "nowt"})  # "but nothing numb" denies what follows
NEGATIVE_CONCORD = NOTHING | {"no", "none", "nothin"}
MINE = frozenset({"my", "me", "i", "mine", "myself"})
LIST_GLUE = frozenset({"and", "&", "n", ",", "or"})
LIST_JOINERS = frozenset({"and", "or", "&", "nor", ","})  # items answered at once
STORY_JOINERS = LIST_JOINERS | {"so", "then", "but", "n", "an", "plus"}
SIMILE = frozenset({"like", "as", "a", "an", "the", "-"})
OTHER = Experiencer.OTHER
GOES_ON_WITHIN = 4  # words after a symptom where "persists" may come
OVER_REACH = 2  # sentences an "it's over" may reach back across ("Heat.")
SINCE_DATE = 3  # words a date after "since" may take: "none since early 2015"
# What leads a denial that says a thing is over: "after that no fits at all", "since
# then I've had no fever" (`_none_since`), up to SINCE_THEN_REACH words before it.
SINCE_THEN = (("after", "that"), ("since", "then"), ("ever", "since"), ("thereafter",))
SINCE_THEN_REACH = 6
# the last word of a denial that says it is over, "temp's gone now" (context.yml's
# negated "(is|are|has|have|'s)? (gone|resolved|cleared up)"; "cleared up" ends in
# "up", so it is not one)
GONE = frozenset({"gone", "resolved"})
LIST_MARKS = frozenset({".", ")"})  # after the number of a numbered list: "2." "2)"
LABEL_WORDS = 6  # words that may finish a checklist line's label after its symptom
# between a label and its answer: an echo's marks, "--", and "?" ("fever? no")
LABEL_MARKS = ECHO_LABEL_MARKS | {"--", "?"}
LABEL_SIDES = frozenset({"left", "right", "both"})  # end a label: a side is answered
PART_BREAKS = frozenset({",", "-", "--", ":", ";"})  # where a question may begin
MOSTLY_CAPITALS = 0.7  # share of upper-case letters in a message typed in capitals
CAPITAL_CONTRACTION = re.compile(r"\b[A-Z]{2,}(?:['’][A-Z]{1,2}|NT)\b")  # DON'T, CANT
DENIED, AFFIRMED, UNSURE = "denied", "affirmed", "unsure"  # answers to a symptom
UNMARKED_ITEM_WORDS = 3  # words of an item in a list answered item by item, no marks

# A lone surrogate (possible in JSON, e.g. "\\ud800") cannot be encoded and would
# crash spaCy; it is replaced one character for one, so offsets stay right.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"


def extract(text: str, pipeline: SymptomPipeline | None = None) -> Extraction:
    """Find the symptom mentions, age, onset and bare side answer in `text`."""
    pipeline = pipeline or get_pipeline()
    text = _word_per_line_joined(
        LONE_SURROGATE.sub(REPLACEMENT_CHARACTER, text),
        pipeline.lexicon.trailing_answers,
    )
    doc = pipeline.nlp(_capitals_lowered(text))
    where = _Positions.of(doc)
    read = {(span.start, span.end): _categories(span) for span in doc.ents}
    said = [
        span
        for span in doc.ents
        if span.label_ != NOT_A_SYMPTOM
        and not _unanswered_question(
            span, read[span.start, span.end], pipeline.lexicon.trailing_answers
        )
    ]
    shared = joined(doc, said, pipeline.body_parts, pipeline.glue, pipeline.concept_of)
    said += _listed_places(doc, said + [j.span for j in shared], pipeline)
    found = said + [j.span for j in shared]
    context = said + [j.source for j in shared]  # whose ConText each one takes
    placed = [
        replace(_placed(span, where, pipeline), lends_to=_next_in_list(span, said))
        for span in said
    ]
    placed += [
        replace(
            _placed(j.span, where, pipeline),
            start=j.reach,
            hears=j.before,
        )
        for j in shared
    ]
    sides = attach_sides(_cues(doc, pipeline, where), placed, pipeline.head_concepts)
    contrasted = [False] * len(said) + [j.contrasted for j in shared]
    mentions = [
        _mention(span, read_as, _read(read, read_as), side, pipeline, contrast)
        for span, read_as, side, contrast in zip(
            found, context, sides.of_mentions, contrasted, strict=True
        )
    ]
    mentions = _their_story_goes_on(found, mentions, pipeline.lexicon)
    mentions = _denied_again(found, mentions)
    mentions = _ruled_out(doc, found, mentions, where, pipeline)
    mentions = _over_since(doc, found, mentions, pipeline)
    mentions = _none_since(found, mentions, pipeline)
    answers = pipeline.lexicon.trailing_answers
    mentions = answered(
        found,
        mentions,
        answers,
        lambda span: _answer(span, answers) is not None,
        pipeline.separate_findings,
    )
    mentions = _their_view_doubted(
        doc, found, mentions, pipeline.lexicon, pipeline.separate_findings
    )
    mentions = quoted_by_others(
        doc, found, mentions, pipeline.lexicon.addressed, pipeline.people
    )
    mentions = retracted(
        doc, found, mentions, pipeline.lexicon.corrections, pipeline.red_flags
    )
    onset = _onset(doc, found, mentions, pipeline)  # while they are aligned
    age = find_age(text, pipeline.lexicon.age)
    if age:
        mentions = _too_old_for(mentions, age.value, pipeline.not_from_age)
    mentions, placed = _denials_over_hints(
        mentions, placed, [_found_as(s, "hint") for s in found]
    )
    spans = {
        name: (f.start, f.end) for name, f in (("age", age), ("onset", onset)) if f
    }
    if sides.bare_cues:
        spans["side"] = _chars(doc, sides.bare_cues)
    return Extraction(
        mentions=[  # as typed, not as lowered (_capitals_lowered)
            replace(m, text=text[m.start : m.end])
            for m in _doubt_wins(
                _left_and_right_as_both(_with_side_concepts(mentions, placed, pipeline))
            )
        ],
        age=age.value if age else None,
        onset=onset.value if onset else None,
        side=sides.bare,
        spans=spans,
    )


def _next_in_list(span: Span, said: Sequence[Span]) -> tuple[int, int] | None:
    """The phrase joined right after `span` by "and" or a comma alone ("left side of
    my head and neck both hurt"), which shares a side word said at its start."""
    doc = span.doc
    for other in said:
        between = doc[span.end : other.start]
        if 0 < len(between) <= 2 and all(t.norm_ in LIST_GLUE for t in between):
            return other.start, other.end
    return None


def _listed_places(
    doc: Doc, found: Sequence[Span], pipeline: SymptomPipeline
) -> list[Span]:
    """ "Back of my head and the top of my neck", "left side. head and neck": a
    message that only lists where it hurts (body parts, side words and the words of
    context.yml `place_lists`) names the pain of each body part it lists."""
    covered = {i for span in found for i in range(span.start, span.end)}
    rest = [t for t in doc if t.i not in covered and not (t.is_punct or t.is_space)]
    parts = [t for t in rest if t.norm_ in pipeline.body_parts]
    allowed = pipeline.lexicon.place_lists
    if not parts or any(
        t.norm_ not in pipeline.body_parts and t.norm_ not in allowed for t in rest
    ):
        return []
    return [Span(doc, t.i, t.i + 1, pipeline.body_parts[t.norm_]) for t in parts]


def _too_old_for(
    mentions: list[Mention], age: int, not_from_age: dict[str, int]
) -> list[Mention]:
    """ "Pregnant?? I'm 67 haha": a visitor of the age they give cannot have a
    concept that symptoms.yml says is not had from a lower age on."""
    too_old = {concept for concept, limit in not_from_age.items() if age >= limit}
    return [
        replace(m, negated=True) if m.counts_as_present and m.concept in too_old else m
        for m in mentions
    ]


def _denied_again(found: Sequence[Span], mentions: list[Mention]) -> list[Mention]:
    """ "Not sudden like a thunderclap": a concept named again right after its
    denial, by a simile or a second name, is denied with it (the "not" inside the
    first phrase negates no other phrase, see `_categories`)."""
    return [
        replace(m, negated=True)
        if m.counts_as_present
        and any(
            f.label_ == span.label_
            and d.negated
            and 0 <= span.start - f.end <= len(SIMILE)
            and all(t.norm_ in SIMILE for t in span.doc[f.end : span.start])
            for f, d in zip(found, mentions, strict=True)
        )
        else m
        for span, m in zip(found, mentions, strict=True)
    ]


def _over_since(
    doc: Doc, found: Sequence[Span], mentions: list[Mention], pipeline: SymptomPipeline
) -> list[Mention]:
    """ "Fainted on parade in 1988. Heat. Nothing since.": a clause that only says
    something is over (a `historical` phrase of context.yml that reaches back, as
    the clause splitter found them, clauses.REACHING_BACK; no symptom of its own)
    ends what the last clause naming a symptom said, up to OVER_REACH sentences
    before it; ConText's scope stops at its clause. A past
    count (symptoms.yml `past_counts`) stays, and so does a symptom followed by one
    word ("numb on Tuesday. Resolved.": a dated recent episode, guide choice 10;
    the clause splitter draws the same line, clauses.TWO_WORDS)."""
    named = sorted({span.sent.start: span.sent for span in found}.items())
    ended = set()
    for clause in _bare_clauses(doc, found, "historical", TWO_WORDS):
        before = [c for _, c in named if c.end <= clause.start]
        if before and _sentences_from(doc, before[-1].end, clause.start) <= OVER_REACH:
            ended.add(before[-1].start)
    return [
        replace(m, historical=True)
        if span.sent.start in ended
        and m.counts_as_present
        and span.label_ not in pipeline.past_counts
        else m
        for span, m in zip(found, mentions, strict=True)
    ]


def _none_since(
    found: Sequence[Span], mentions: list[Mention], pipeline: SymptomPipeline
) -> list[Mention]:
    """ "Had a fit at uni, no seizures since 2015", "blacked out in 2015 ... haven't
    fainted once since", "covid with a high fever in 2021, after that no fever at
    all", "a temp of 38.9 the week before last ... temp's gone now": a denial that
    ends its clause with "since" (and a date), follows "after that" or says it has
    gone says the same concept named before it is over. A past count stays
    (symptoms.yml `past_counts`)."""
    over = [
        (span.start, span.label_)
        for span, m in zip(found, mentions, strict=True)
        if m.negated
        and m.experiencer != OTHER
        and (_since_ends(span) or _since_then_leads(span) or _said_gone(span))
    ]
    return [
        replace(m, historical=True)
        if m.counts_as_present
        and span.label_ not in pipeline.past_counts
        and any(label == span.label_ and span.end <= at for at, label in over)
        else m
        for span, m in zip(found, mentions, strict=True)
    ]


def _since_ends(span: Span) -> bool:
    """Whether "since" follows `span` in its clause with at most SINCE_DATE words
    after it, none of them "i" or a symptom ("none since 2015", "not once since",
    not "no fever since I got up this morning")."""
    doc, end = span.doc, span.sent.end
    after = [t for t in doc[span.end : end] if not t.is_punct]
    since = next((n for n, t in enumerate(after) if t.norm_ == "since"), None)
    if since is None:
        return False
    rest = after[since + 1 :]
    return len(rest) <= SINCE_DATE and not any(
        t.norm_ in MINE or t.ent_type_ for t in rest
    )


def _said_gone(span: Span) -> bool:
    """Whether `span` is denied by a word of GONE after it ("fever gone")."""
    return any(
        m.category == "NEGATED"
        and m.modifier_span[0] >= span.end
        and span.doc[m.modifier_span[1] - 1].norm_ in GONE
        for m in span._.modifiers
    )


def _since_then_leads(span: Span) -> bool:
    """Whether one of SINCE_THEN comes shortly before `span` in its sentence."""
    start = max(_sentence_of(span)[0], span.start - SINCE_THEN_REACH)
    return says_any([t.norm_ for t in span.doc[start : span.start]], SINCE_THEN)


def _their_view_doubted(
    doc: Doc,
    found: Sequence[Span],
    mentions: list[Mention],
    lexicon: Lexicon,
    separate_findings: frozenset[str],
) -> list[Mention]:
    """ "DH thinks I passed out on the sofa, I thought I'd nodded off. Honestly don't
    know": what someone else thinks of the visitor (context.yml `opinions`) is in
    doubt when a clause of doubt that names no symptom follows it (a doubt that
    reaches back, as the clause splitter found them, clauses.REACHING_BACK), within
    OVER_REACH sentences; ConText's scope stops at its clause. Without that doubt
    it is the visitor's ("the missus reckons I grind my teeth"). So is one the
    visitor denies or doubts later ("Dad says I've got a temperature. I haven't
    got a temperature"): disputed, so the dialogue asks it again; not by another
    finding of the concept (symptoms.yml `separate_findings`: "DH says my eyelid
    droops ... no numbness"), only by the same finding again ("She says I was
    confused. I wasn't confused")."""
    bare = [clause.start for clause in _bare_clauses(doc, found, "uncertain")]
    reported = (*lexicon.opinions, *lexicon.reports)
    disputed = [
        (span.start, _finding(span, separate_findings))
        for span, m in zip(found, mentions, strict=True)
        if (m.negated or m.uncertain) and m.experiencer != OTHER
    ]
    return [
        replace(m, uncertain=True)
        if m.counts_as_present
        and (
            _in_their_view(span, lexicon.opinions)
            and any(
                start >= span.sent.end
                and _sentences_from(doc, span.sent.end, start) <= OVER_REACH
                for start in bare
            )
            or _in_their_view(span, reported)
            and any(
                at >= span.end and finding == _finding(span, separate_findings)
                for at, finding in disputed
            )
        )
        else m
        for span, m in zip(found, mentions, strict=True)
    ]


def _finding(span: Span, separate_findings: frozenset[str]) -> tuple[str, str]:
    """What a denial must name to dispute `span`: its concept, and for a concept
    of separate findings also its last word ("weakness", "confused")."""
    if span.label_ in separate_findings:
        return span.label_, span[-1].norm_
    return span.label_, ""


def _in_their_view(span: Span, opinions: Sequence[str]) -> bool:
    """Whether an opinion word, not the visitor's own ("I think"), comes before
    `span` in its clause."""
    words = span.doc[span.sent.start : span.start]
    return any(
        t.norm_ in opinions and (t.i == 0 or span.doc[t.i - 1].norm_ not in MINE)
        for t in words
    )


def _bare_clauses(
    doc: Doc, found: Sequence[Span], kind: str, min_words: int = 1
) -> list[Span]:
    """The clauses holding a cue of context.yml's `kind` that reaches back (as the
    clause splitter found them, clauses.REACHING_BACK), of `min_words` words or
    more, and no symptom of their own: "Nothing since.", "Honestly don't know"."""
    clauses = [
        doc[start].sent
        for kind_id, start, end in doc._.get(REACHING_BACK)
        if doc.vocab.strings[kind_id] == kind and end - start >= min_words
    ]
    return [
        clause
        for clause in clauses
        if not any(clause.start <= span.start < clause.end for span in found)
    ]


def _sentences_from(doc: Doc, start: int, end: int) -> int:
    """How many sentences lie wholly between two tokens."""
    return sum(1 for s, e in doc._.get(SENTENCES) if start <= s and e <= end)


def _their_story_goes_on(
    found: Sequence[Span], mentions: list[Mention], lexicon: Lexicon
) -> list[Mention]:
    """ "My parents both have high blood pressure and they had strokes": a clause
    that opens with "they had" (context.yml `others_again`) right after someone
    else's symptom goes on with their story; so does a bare phrase after a comma in
    the same sentence, "my sister had fits all her life, the epilepsy"
    (`others_fragments`)."""
    return [
        replace(m, experiencer=OTHER)
        if m.experiencer != OTHER
        and _last_before_is_theirs(span, found, mentions)
        and (
            _opens_with_them(span, lexicon.others_again)
            or (
                m.counts_as_present
                and _a_fragment_of_theirs(span, found, mentions, lexicon)
            )
        )
        else m
        for span, m in zip(found, mentions, strict=True)
    ]


def _last_before_is_theirs(
    span: Span, found: Sequence[Span], mentions: list[Mention]
) -> bool:
    """Whether the last symptom named before `span`'s clause is someone else's."""
    before = [
        (s.start, m.experiencer)
        for s, m in zip(found, mentions, strict=True)
        if s.start < span.sent.start
    ]
    return bool(before) and max(before, key=lambda pair: pair[0])[1] == OTHER


def _opens_with_them(span: Span, openings: Sequence[tuple[str, ...]]) -> bool:
    """Whether the clause opens with "they had" and names no "I" or "my" before
    `span` or in it ("they said my blood pressure was high" is the visitor's)."""
    words = [t.norm_ for t in span.doc[span.sent.start : span.start] if not t.is_punct]
    if MINE.intersection([*words, *(t.norm_ for t in span)]):
        return False
    while words and words[0] in STORY_JOINERS:
        words.pop(0)
    return any(tuple(words[: len(o)]) == o for o in openings)


def _a_fragment_of_theirs(
    span: Span, found: Sequence[Span], mentions: list[Mention], lexicon: Lexicon
) -> bool:
    """Whether `span`'s clause is a bare phrase (only `others_fragments` words
    before it, no "I", "me" or "my" anywhere in it) in the sentence of someone
    else's symptom."""
    words = [t.norm_ for t in span.doc[span.sent.start : span.start] if not t.is_punct]
    if MINE.intersection(t.norm_ for t in span.sent):
        return False
    if not all(word in lexicon.others_fragments for word in words):
        return False
    start, _ = _sentence_of(span)
    return any(
        start <= s.start < span.sent.start and m.experiencer == OTHER
        for s, m in zip(found, mentions, strict=True)
    )


def _ruled_out(
    doc: Doc,
    found: Sequence[Span],
    mentions: list[Mention],
    where: _Positions,
    pipeline: SymptomPipeline,
) -> list[Mention]:
    """Each mention, denied if what follows its phrase in its sentence or the next
    rules its concept out (symptoms.yml `ruled_out`): "lost 5 kg but that's bc I'm
    doing a cut for the gym" is no unexplained weight loss, "pregnant? I'm a
    bloke" no pregnancy. A negation before the reason in its clause, with no comma
    between, keeps the concept ("not on purpose", "without any change in diet";
    not "weight loss, no dear, quite the opposite")."""
    reasons = pipeline.ruled_out_by(doc, as_spans=True)
    return [
        replace(m, negated=True)
        if m.counts_as_present
        and any(
            e.label_ == span.label_
            and e.start >= span.end
            and where.sentence[e.start] - where.sentence[span.start] in (0, 1)
            and not _denied_before(doc[span.end : e.start], e, where, pipeline)
            for e in reasons
        )
        else m
        for span, m in zip(found, mentions, strict=True)
    ]


def _denied_before(
    between: Span, reason: Span, where: _Positions, pipeline: SymptomPipeline
) -> bool:
    """Whether a negation stands before `reason` in its clause with no comma or
    other mark between ("not on purpose", "no change in diet")."""
    clause = where.clause[reason.start]
    for token in reversed(between):
        if token.is_punct or where.clause[token.i] != clause:
            return False
        if token.norm_ in pipeline.negations:
            return True
    return False


def _capitals_lowered(text: str) -> str:
    """ "BLACKED OUT MAYBE I DONT REMEMBER": a message typed in capitals reads as
    lower case, where the tokenizer knows its contractions ("DONT" is no typo of
    another word); so does a contraction stressed in capitals in any message
    ("Things I DON'T have: fever"). Only if lowering keeps every offset."""
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    lowered = text.lower()
    if len(lowered) != len(text):
        return text
    if upper < MOSTLY_CAPITALS * len(letters):
        return CAPITAL_CONTRACTION.sub(lambda word: word[0].lower(), text)
    return lowered


def _word_per_line_joined(text: str, answers: TrailingAnswers) -> str:
    """ "no\nfever", "jaw\nclicks\nand\nlocks": a message typed a word or two per
    line is one sentence. Each line break becomes a space (one character for one,
    so offsets stay right); a message of longer lines keeps its breaks, and so
    does a checklist answered line by line ("fits no\nfaints no": joined, the
    first "no" would answer nothing)."""
    lines = [line.split() for line in text.strip().split("\n")]
    if len(lines) < 2 or any(len(words) > 2 for words in lines):
        return text
    if any(
        len(words) == 2 and words[1].lower().strip(".,!") in answers.yes_or_no
        for words in lines
    ):
        return text
    return text.replace("\n", " ")


def _placed(span: Span, where: _Positions, pipeline: SymptomPipeline) -> Placed:
    return Placed(
        concept=span.label_,
        start=span.start,
        end=span.end,
        clause=where.clause[span.start],
        sentence=where.sentence[span.start],
        takes_side=span.label_ in pipeline.takes_side,
        place=_found_as(span, "place"),
        vague=_found_as(span, "vague"),
    )


def _found_as(span: Span, kind: str) -> bool:
    """Whether a phrase of that kind found the span: "place", "hint" or "vague"
    (symptoms.yml `places`, `hints`, `vague`; bot/nlu/pipeline.py `_targets`)."""
    rule = span._.symptom_rule  # None for a listed place: no phrase found it
    return bool(rule and rule.metadata.get("kind") == kind)


def _denials_over_hints(
    mentions: list[Mention], placed: list[Placed], hinted: list[bool]
) -> tuple[list[Mention], list[Placed]]:
    """ "No fever, but I've had chills": the visitor who denies a concept by name
    knows better than a word that only hints at it (symptoms.yml `hints`), so the
    hint is no mention of it."""
    denied = {
        m.concept
        for m, hint in zip(mentions, hinted, strict=True)
        if m.negated and not hint and m.experiencer == Experiencer.PATIENT
    }
    kept = [
        (m, where)
        for m, where, hint in zip(mentions, placed, hinted, strict=True)
        if not (hint and m.concept in denied and not m.negated)
    ]
    return [m for m, _ in kept], [where for _, where in kept]


def _cues(doc: Doc, pipeline: SymptomPipeline, where: _Positions) -> list[Cue]:
    spans = filter_spans(pipeline.side_cues(doc, as_spans=True))
    cues = [
        Cue(s.label_, s.start, s.end, where.clause[s.start], where.sentence[s.start])
        for s in sorted(spans, key=lambda span: span.start)
        if s.label_ != "not_a_side"
    ]
    return taken_back(cues)


def taken_back(cues: Sequence[Cue]) -> list[Cue]:
    """The side cues without those a self-correction takes back: a side said
    before "I mean", "no wait"... when another side follows it."""
    kept: list[Cue] = []
    for index, cue in enumerate(cues):
        if cue.kind == CORRECTED:
            continue
        later = cues[index + 1 :]
        correction = next((c for c in later if c.kind == CORRECTED), None)
        if correction and any(
            c.kind != CORRECTED and c.start > correction.start for c in later
        ):
            continue
        kept.append(cue)
    return kept


def _read(read: dict[tuple[int, int], set[str]], span: Span) -> set[str]:
    """The ConText categories of `span`, read once per phrase (a listed place,
    found by no phrase, is read here)."""
    key = span.start, span.end
    if key not in read:
        read[key] = _categories(span)
    return read[key]


def _mention(
    span: Span,
    read_as: Span,
    categories_read: set[str],
    side: Side | None,
    pipeline: SymptomPipeline,
    contrasted: bool = False,
) -> Mention:
    """The mention `span` names, in the ConText of `read_as` (itself, or the phrase
    a body part is joined to), whose categories are `categories_read`; one
    `contrasted` with that phrase ("no neck pain, just my head") is not denied with
    it."""
    categories = set(categories_read)
    lexicon = pipeline.lexicon
    condition = _condition_before(read_as, lexicon.question_conditions)
    if condition is not None and (
        _asks(read_as) or _wondered_if(read_as, condition, categories, pipeline)
    ):
        categories.add("HYPOTHETICAL")
    if _worried_of(read_as, categories, pipeline):
        categories.add("HYPOTHETICAL")
    if _in_general_question(read_as, lexicon.general_questions):
        categories.add("HYPOTHETICAL")
    if _of_anothers(read_as, lexicon.others_possessives):
        categories.add("OTHER")
    if _queried(read_as):
        categories.add("HYPOTHETICAL")
    other = "OTHER" in categories
    answer = _answer(read_as, lexicon.trailing_answers)
    return Mention(
        concept=span.label_,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        negated=not contrasted
        and (_negated(read_as, categories) if answer is None else answer == DENIED),
        side=side,
        experiencer=Experiencer.OTHER if other else Experiencer.PATIENT,
        hypothetical="HYPOTHETICAL" in categories,
        uncertain=answer == UNSURE
        or (
            "UNCERTAIN" in categories
            and not _answered_question(read_as, answer, lexicon.trailing_answers)
        ),
        # someone else's is theirs, past or not: one flag, as the annotators give it
        historical=not other
        and _historical(span.label_, categories, pipeline.past_counts),
    )


def _answered_question(
    span: Span, answer: str | None, answers: TrailingAnswers
) -> bool:
    """ "did I hit my head? yes on Monday", "have I had a fever? no": a question the
    visitor asks of it and answers at once is no doubt."""
    after = _past_listed_items(span, answers)
    return (
        answer in (AFFIRMED, DENIED)
        and after < len(span.doc)
        and ("?" in span.doc[after].text)
    )


def _historical(
    concept: str, categories: set[str], past_counts: dict[str, str]
) -> bool:
    """True once, no longer; a concept whose past still counts only if said of long
    ago ("recent": "I hit my head as a kid"), or never ("always": cancer)."""
    kind = past_counts.get(concept)
    if kind == "always":
        return False
    if kind == "recent":
        return "LONG_AGO" in categories
    return bool(categories & {"HISTORICAL", "LONG_AGO"})


def _asks(span: Span) -> bool:
    """Whether the sentence of `span` asks a question: a condition in it is
    hypothetical, whatever it names ("if I get a fever on top of this, should I
    come in?")."""
    start, end = _sentence_of(span)
    return any("?" in token.text for token in span.doc[start:end][-2:])


def _condition_before(span: Span, conditions: Sequence[str]) -> int | None:
    """Where the last "if" before `span` in its clause is, an "if" of its own: not
    part of a modifier ("not sure if", "asked if") nor of an idiom (context.yml's
    pseudo phrases: "as if", "if anything")."""
    doc = span.doc
    words = doc[span.sent.start : span.start]
    if not any(t.norm_ in conditions for t in words):
        return None
    taken = {
        i
        for modifier in doc._.context_graph.modifiers
        for i in range(*modifier.modifier_span)
    }
    return max(
        (t.i for t in words if t.norm_ in conditions and t.i not in taken),
        default=None,
    )


def _in_the_condition(span: Span, condition: int, lexicon: Lexicon) -> bool:
    """Whether `span` is in the condition itself, not in what follows from it: no
    second subject comes between "if" and `span` ("if I stand up too fast my vision
    goes black" says what happens), unless "and" or "or" joins a second condition
    ("if my neck goes stiff and I run a fever"); a word after a preposition is no
    subject ("if I go down on the line with a seizure")."""
    doc = span.doc
    subjects = [
        t
        for t in doc[condition + 1 : span.start]
        if t.norm_ in lexicon.condition_subjects
        and doc[t.i - 1].norm_ not in LIST_JOINERS
        and doc[t.i - 1].norm_ not in lexicon.condition_subjects
        and doc[t.i - 1].norm_ not in lexicon.condition_prepositions
    ]
    return len(subjects) <= 1


def _wondered_if(
    span: Span, condition: int, categories: set[str], pipeline: SymptomPipeline
) -> bool:
    """ "If my arm goes numb do I ring 999": a red flag named in the condition that
    begins at `condition` is wondered about, whether or not a question mark
    follows, unless the message answers or doubts it ("if it's about passing out
    then no") or the condition takes it as there ("if the fever persists"). Other
    symptoms in a condition are what happens: "if I press my neck the headache
    starts"."""
    lexicon = pipeline.lexicon
    return (
        span.label_ in pipeline.red_flags
        and not categories & ANSWERED_OR_DOUBTED
        and _in_the_condition(span, condition, lexicon)
        and not _goes_on(span, lexicon.conditions_going_on)
    )


def _worried_of(span: Span, categories: set[str], pipeline: SymptomPipeline) -> bool:
    """ "Mi worry it coulda be a tumour", "convinced that means a tumour": a red flag
    after a worry word in its clause is feared as a condition is wondered about
    (`_wondered_if`), unless a reason comes between ("worried since I fainted")."""
    lexicon = pipeline.lexicon
    worry = _condition_before(span, lexicon.worries)
    if worry is None:
        return False
    between = span.doc[worry : span.start]
    return not any(t.norm_ in lexicon.worry_reasons for t in between) and _wondered_if(
        span, worry, categories, pipeline
    )


def _goes_on(span: Span, phrases: Sequence[tuple[str, ...]]) -> bool:
    """Whether one of `phrases` follows `span` right after it."""
    after = [t.norm_ for t in span.doc[span.end : span.end + GOES_ON_WITHIN]]
    return says_any(after, phrases)


def _in_general_question(span: Span, questions: GeneralQuestions) -> bool:
    """Whether `span` is asked about in general: its sentence ends with "?", the part
    of it the symptom is in (after a comma or dash) opens with a question word and
    says nothing of the visitor before it ("can headaches cause seizures?", "my neck
    is sore - could that cause a fit?"; not "is it bad that I passed out?")."""
    start, end = _sentence_of(span)
    doc = span.doc
    if "?" not in doc[end - 1].text:
        return False
    part = next(
        (
            i + 1
            for i in range(span.start - 1, start - 1, -1)
            if doc[i].norm_ in PART_BREAKS
        ),
        start,
    )
    return any(
        _asks_in_general(doc, opening, span.start, questions)
        for opening in {start, part}
    )


def _asks_in_general(
    doc: Doc, opening: int, symptom: int, questions: GeneralQuestions
) -> bool:
    """Whether the words from `opening` to `symptom` ask a question that says
    nothing of the visitor before the symptom."""
    while opening < symptom and doc[opening].norm_ in questions.leads:
        opening += 1
    if opening >= symptom or doc[opening].norm_ not in questions.openers:
        return False
    said = doc[opening + 1 : symptom]
    # "could my neck cause blurred vision?": before "cause" is the cause asked about,
    # right after it whom it would befall ("could nights give me high blood pressure?")
    caused = [t.i for t in said if t.norm_ in questions.causes]
    # "that" right after the question word is its subject ("could that cause a
    # fit?"); later it states a fact ("does it matter that the pain moves?").
    return not any(
        t.norm_ in questions.first_person
        for t in said
        if not (t.norm_ == "that" and t.i == opening + 1)
        and not (caused and t.i < caused[-1])
        and t.i - 1 not in caused
    )


def _answer(span: Span, answers: TrailingAnswers) -> str | None:
    """The visitor's answer right after it ("fever - no", "headaches yes", "temp:
    not sure") or right before it ("no to fever"), which outweighs what ConText
    read: DENIED, AFFIRMED, UNSURE or None."""
    return _trailing_answer(span, answers) or _leading_answer(span, answers)


def _leading_answer(span: Span, answers: TrailingAnswers) -> str | None:
    """ "yes to the jaw clicking", "no to fever", "✗ fits" opening a line of a
    ticked list: an answer right before it."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].norm_ in ("the", "my", "a"):
        i -= 1
    if i >= 0 and _opens_item_with_a_mark(doc, i):
        if doc[i].norm_ in answers.affirmed:
            return AFFIRMED
        return DENIED if doc[i].norm_ in answers.denied else None
    if i < 1 or doc[i].norm_ != "to":
        return None
    if doc[i - 1].norm_ in answers.affirmed:
        return AFFIRMED
    return DENIED if doc[i - 1].norm_ in answers.denied else None


def _opens_item_with_a_mark(doc: Doc, i: int) -> bool:
    """Whether token `i` is a tick or cross mark (no letter or digit) that opens the
    message, a line or an item after a punctuation mark."""
    if not _is_mark(doc[i]):
        return False
    return i == 0 or doc[i - 1].is_space or doc[i - 1].is_punct


def _trailing_answer(span: Span, answers: TrailingAnswers) -> str | None:
    """DENIED, AFFIRMED or UNSURE if an answer ends the item right after `span`; a
    "yes" right after a question about it need not end it ("did I hit my head? yes
    on Monday")."""
    doc = span.doc
    i = _label_end(doc, _past_listed_items(span, answers))
    if _question_mark_answers(doc, i):
        return UNSURE
    # a line break too: a copied question with the answer on the next line
    while i < len(doc) and (doc[i].norm_ in answers.links or doc[i].is_space):
        i += 1
    asked = any("?" in t.text for t in doc[span.end : i])
    for words in answers.unsure:
        said = tuple(token.norm_ for token in doc[i : i + len(words)])
        if said == words and _ends_item(doc, i + len(words)):
            return UNSURE
    while i < len(doc) and doc[i].norm_ in answers.emphasis:
        i += 1
    for words, answer in ((answers.denied, DENIED), (answers.affirmed, AFFIRMED)):
        end = i
        while end < len(doc) and doc[end].norm_ in words:
            end += 1
        if end > i and (
            _ends_item(doc, end)
            or _next_item_answered(doc, end, answers, _may_be_and(doc[end - 1]))
            or (asked and answer == AFFIRMED)
        ):
            return answer
    return None


def _may_be_and(token: Token) -> bool:
    """Whether an answer may be "and" instead: "n" ("fever n stiff neck")."""
    return token.is_alpha and len(token) == 1 and token.norm_ in LIST_GLUE


def _question_mark_answers(doc: Doc, i: int) -> bool:
    """ "immune: ?", "bp - ?": a question mark after a checklist label's mark is
    the visitor's "don't know"."""
    return (
        i + 1 < len(doc)
        and doc[i].text in LABEL_MARKS - {"?"}  # not "fever tonight??"
        and doc[i + 1].text == "?"
        and _ends_item(doc, i + 2)
    )


def _next_item_answered(
    doc: Doc, i: int, answers: TrailingAnswers, only_denials: bool = False
) -> bool:
    """ "neck stiffness yes fever no confusion no rash no": with no mark between
    the items, an answer ends its item where the next symptom and every item after
    it (a few words each) to the end of the list has an answer of its own; in "my
    neck is stiff no fever no numbness" the last has none, so each "no" opens the
    next item instead. With `only_denials` every later answer must deny: in "fever
    n faint n fits n" each "n" is a "no", but in "fever n vomiting y" it may be
    "and", and "fever and vomiting: yes" must not lose the fever. After a word
    answer the next item must be a symptom ("fever no idea why no" answers
    nothing); after a mark or a letter ("seizure ✗ faint ✓") any short label."""
    terse = len(doc[i - 1].text) == 1 or _is_mark(doc[i - 1])
    if not terse and not any(ent.start == i for ent in doc.ents):
        return False
    while True:
        item = i
        while (
            i < len(doc)
            and i - item < UNMARKED_ITEM_WORDS
            and doc[i].is_alpha
            and doc[i].norm_ not in answers.yes_or_no
        ):
            i += 1
        if i == item or i >= len(doc) or doc[i].norm_ not in answers.yes_or_no:
            return False
        while i < len(doc) and doc[i].norm_ in answers.yes_or_no:
            if only_denials and doc[i].norm_ not in answers.denied:
                return False
            i += 1
        if _ends_item(doc, i):
            return True


def _label_end(doc: Doc, i: int) -> int:
    """Where the rest of a checklist line's label ends, if a few words finish it
    before its mark ("cancer now or in the past - no", "worse lying down / on
    waking - no"): the answer after the mark answers the label. Otherwise `i`."""
    for j in range(i, min(i + LABEL_WORDS + 1, len(doc))):
        token = doc[j]
        if token.text in LABEL_MARKS:
            return j
        if token.is_space or (token.is_punct and token.text != "/"):
            return i
        if token.norm_ in LABEL_SIDES:  # "headache on the left - no, the right"
            return i
    return i


def _past_listed_items(span: Span, answers: TrailingAnswers) -> int:
    """Where the items listed with `span` end, so one answer after the list answers
    each ("numbness and weakness no", "fever, rash or vomiting - none"); not past an
    item answered before it ("no fever, headache yes": the yes is the headache's)."""
    doc = span.doc
    starts = {ent.start: ent.end for ent in doc.ents}
    i = span.end
    if span.start > 0 and doc[span.start - 1].norm_ in answers.denied:
        return i
    while i < len(doc) and doc[i].norm_ in LIST_JOINERS:
        j = i + 1
        while j < len(doc) and doc[j].norm_ in ("a", "the", "any"):
            j += 1
        if j not in starts:
            break
        i = starts[j]
    return i


def _ends_item(doc: Doc, i: int) -> bool:
    """Whether an answer ending before `i` ends its item: the message, a punctuation
    mark, a line break ("fever - no\nfainted - no"), "and" or the next number of a
    numbered list follows ("1. fits: no 2. sight: ok"), or a mark stands on either
    side ("fever ✗ fainting ✗", "bp: fine ✅")."""
    if i >= len(doc) or doc[i].is_punct or doc[i].is_space:
        return True
    if doc[i].norm_ in ("and", "but", "&"):
        return True
    numbered = doc[i].like_num and i + 1 < len(doc) and doc[i + 1].text in LIST_MARKS
    return numbered or (_is_mark(doc[i - 1]) and _is_mark(doc[i]))


def _is_mark(token: Token) -> bool:
    """A tick, a cross or a punctuation mark: no letter or digit."""
    return not any(c.isalnum() for c in token.text)


def _queried(span: Span) -> bool:
    """ "GP wrote ?TIA": a question mark glued to the front of a phrase, in the
    clinical shorthand for a diagnosis still in question."""
    doc, start = span.doc, span.start
    if start == 0 or doc[start - 1].text != "?" or doc[start - 1].whitespace_:
        return False
    return start == 1 or bool(doc[start - 2].whitespace_)


def _of_anothers(span: Span, possessives: Sequence[str]) -> bool:
    """Whether "his", "her"... stands in the phrase or just before it (one word
    between, "her left shoulder", but no "my": "I told her my neck hurts")."""
    if any(token.norm_ in possessives for token in span):
        return True
    before = span.doc[max(span.start - 2, 0) : span.start]
    for token in reversed(before):
        if token.norm_ in possessives:
            return True
        if token.norm_ in MINE or token.is_punct:
            return False
    return False


def _unanswered_question(
    span: Span, categories: set[str], answers: TrailingAnswers
) -> bool:
    """Whether `span` is only what someone asked ("the doctor asked whether I'd
    lost weight"): no answer of the visitor's says yes, no or not sure, so it names
    nothing (a denial or a doubt after it makes it a mention: "... and I hadn't",
    "... a knock to the head - no"); `categories` are its ConText categories."""
    return (
        "ASKED" in categories
        and not categories & ANSWERS
        and _trailing_answer(span, answers) is None
    )


def _sentence_of(span: Span) -> tuple[int, int]:
    doc = span.doc
    return next((s, e) for s, e in doc._.get(SENTENCES) if s <= span.start < e)


def _negated(span: Span, categories: set[str]) -> bool:
    """Whether the visitor denies the concept.

    An `absent` phrase ("blood pressure is fine") is a denial in itself. A negation
    cue further back is then a parallel denial in a list ("no fever, no numbness,
    blood pressure is fine"), not a reversal; only a cue right before the phrase
    reverses it ("not that my blood pressure is fine" is present).
    """
    rule = span._.symptom_rule  # None for a listed place: no phrase found it
    if not (rule and rule.metadata.get("absent")):
        return "NEGATED" in categories or _no_right_before(span)
    return not _negation_right_before(span)


def _no_right_before(span: Span) -> bool:
    """ "Me? No head injury": "no" right before the phrase, right after a question
    mark, denies it, though the longer cue "? no" (an answer to the question) took
    the word; so does "nothing" right before it ("but nothing numb")."""
    doc, start = span.doc, span.start
    if start > 0 and doc[start - 1].norm_ in NOTHING:
        return True
    return start > 1 and doc[start - 1].norm_ == "no" and "?" in doc[start - 2].text


def _negation_right_before(span: Span, max_gap: int = 2) -> bool:
    """A negation cue at most `max_gap` words before the phrase, with no break and
    no other symptom between ("no weakness didnt pass out": the "no" is weakness's).
    A bare answer ("no, my eyesight's fine", "nah my scalp isn't tender") agrees with
    the denial that follows it rather than reversing it."""
    if span[0].norm_ in NEGATIVE_CONCORD:
        return False  # "ain't nothing wrong with my eyes": one denial, said twice
    for modifier in span._.modifiers:
        start, end = modifier.modifier_span
        between = span.doc[end : span.start]
        if (
            modifier.category == "NEGATED"
            and span.doc[start].norm_ not in BARE_ANSWERS
            and 0 <= span.start - end <= max_gap
            and not any(
                token.is_punct or _inside_a_phrase(token.i, span.doc)
                for token in between
            )
        ):
            return True
    return False


def _categories(span: Span) -> set[str]:
    """ConText categories modifying `span`, leaving out negations inside it.

    medspaCy 1.0's overlap test misses a modifier that lies strictly inside a
    target, so "n't" would negate "my neck isn't stiff" (an `absent` phrase) or
    "can't turn my head": a negation inside a symptom phrase is part of it, and
    negates no other phrase either. Doubt, the past and someone else are not ("my
    BP used to be high", "he hit his head"). Whoever asks a question is not whom it
    is about: "my mum asked if I'd been low" is the visitor's.
    """
    modifiers = [
        modifier
        for modifier in [*span._.modifiers, *_across_leading_words(span)]
        if modifier.category in INSIDE_TOO
        or not _inside_a_phrase(modifier.modifier_span[0], span.doc)
    ]
    asked = min(
        (m.modifier_span[0] for m in modifiers if m.category == "ASKED"), default=None
    )
    categories = {
        m.category
        for m in modifiers
        if not (
            m.category == "OTHER" and asked is not None and m.modifier_span[0] < asked
        )
    }
    if "OTHER" in categories and _only_own_denials(span, modifiers):
        categories.discard("NEGATED")  # "my partner throws up, I don't": not hers
    return categories


def _across_leading_words(span: Span) -> list[Any]:
    """Modifiers that end on the little words a phrase begins with ("I know what a
    fit looks like": "know what a" and "a fit" share "a"; "scared I'll faint":
    "scared I'll" and "I'll faint" share "I'll"). medspaCy lets no modifier touch
    its target; these modify the phrase without those words."""
    lead = 0
    while lead < len(span) - 1 and span[lead].norm_ in LEADING_WORDS:
        lead += 1
    if not lead:
        return []
    found = []
    for modifier in span.doc._.context_graph.modifiers:
        shared = modifier.modifier_span[1] - span.start
        if 0 < shared <= lead:
            rest = Span(span.doc, span.start + shared, span.end, label=span.label_)
            if modifier.modifies(rest):
                found.append(modifier)
    return found


def _only_own_denials(span: Span, modifiers: Sequence[Any]) -> bool:
    """Whether every denial modifying `span` is the visitor's own ("I don't")."""
    denials = [m for m in modifiers if m.category == "NEGATED"]
    return bool(denials) and all(
        span.doc[m.modifier_span[0]].norm_ in MINE for m in denials
    )


def _inside_a_phrase(token: int, doc: Doc) -> bool:
    """Whether the token is part of a symptom phrase: "can't find my words, my face
    droops" denies neither."""
    return any(ent.start <= token < ent.end for ent in doc.ents)


def _with_side_concepts(
    mentions: Sequence[Mention], placed: Sequence[Placed], pipeline: SymptomPipeline
) -> list[Mention]:
    """Add what a side says ("my head hurts on the right" is also one-sided head
    pain, right) and keep sides only on the concepts that carry one. A place of the
    head with a side ("my left temple throbs") is the side's concept alone, as
    "the back of my head" is occipital pain alone; a pain said without its place
    ("the pain") is that too, and without a side nothing."""
    result: list[Mention] = []
    for mention, where in zip(mentions, placed, strict=True):
        if _covered(mention, where, mentions, placed, pipeline.covers):
            continue
        side = mention.side
        means = pipeline.carriers.get(mention.concept, {})
        implied = means.get(mention.side.value) if mention.side else None
        if where.vague and not implied:
            continue  # "the pain is in my neck": no head pain named
        if not (implied and (where.place or where.vague)):  # "my left temple"
            own = _own_side(mention.concept, side, pipeline)
            result.append(replace(mention, side=own))
        if implied and not any(
            p.concept == implied and p.clause == where.clause for p in placed
        ):
            implied_side = _own_side(implied, side, pipeline)
            result.append(replace(mention, concept=implied, side=implied_side))
    return result


def _own_side(
    concept: str, side: Side | None, pipeline: SymptomPipeline
) -> Side | None:
    """`side` if `concept` can have it ("one side of my head" is never both sides:
    symptoms.yml `sides`)."""
    allowed = pipeline.sides_of.get(concept, frozenset())
    return side if side is not None and side.value in allowed else None


def _doubt_wins(mentions: list[Mention]) -> list[Mention]:
    """ "Not sure if I had a fever, I felt hot and cold": a concept the visitor says
    they are unsure of is uncertain wherever else the message names it as theirs."""
    doubted = {
        m.concept
        for m in mentions
        if m.uncertain and not m.negated and m.experiencer == Experiencer.PATIENT
    }
    return [
        replace(m, uncertain=True)
        if m.concept in doubted and m.counts_as_present
        else m
        for m in mentions
    ]


def _left_and_right_as_both(mentions: list[Mention]) -> list[Mention]:
    """ "My left arm and right arm both ache": one concept said of each side, read
    alike, is that concept on both sides (each mention keeps its own words)."""
    sides: dict[tuple[object, ...], set[Side]] = {}
    for m in mentions:
        if m.side in (Side.LEFT, Side.RIGHT):
            sides.setdefault(_sideless(m), set()).add(m.side)
    return [
        replace(m, side=Side.BOTH) if len(sides.get(_sideless(m), ())) == 2 else m
        for m in mentions
    ]


def _sideless(mention: Mention) -> tuple[object, ...]:
    """The concept and what the mention says of it, but for its side."""
    return (mention.concept, *_reading(replace(mention, side=None)))


def _covered(
    mention: Mention,
    where: Placed,
    mentions: Sequence[Mention],
    placed: Sequence[Placed],
    covers: dict[str, frozenset[str]],
) -> bool:
    """Whether a mention of its clause includes this one (symptoms.yml `covers`):
    read alike but for a denial ("the headaches aren't getting worse" is only
    progressive_worsening, denied), and this one says no side of its own."""
    return mention.side is None and any(
        mention.concept in covers.get(other.concept, ())
        and there.clause == where.clause
        and _reading(other)[1:] == _reading(mention)[1:]
        for other, there in zip(mentions, placed, strict=True)
    )


def _reading(mention: Mention) -> tuple[object, ...]:
    """What a mention says besides its concept and words."""
    m = mention
    return m.negated, m.side, m.experiencer, m.hypothetical, m.uncertain, m.historical


def _onset(
    doc: Doc,
    found: Sequence[Span],
    mentions: Sequence[Mention],
    pipeline: SymptomPipeline,
) -> Fact | None:
    """The onset, ignoring those that date an event ("fever since yesterday") or
    someone else's or a wondered symptom ("my wife had a thunderclap headache two
    years ago"), and those inside a symptom not the visitor's now ("what's a
    thunderclap?")."""
    return find_onset(
        doc,
        pipeline.onset_phrases,
        pipeline.lexicon.onset,
        pipeline.negations,
        found,
        unsaid=[
            s for s, m in zip(found, mentions, strict=True) if not m.counts_as_present
        ],
        theirs=[
            s
            for s, m in zip(found, mentions, strict=True)
            if m.experiencer is OTHER or m.hypothetical
        ],
    )


def _chars(doc: Doc, cues: Sequence[Cue]) -> tuple[int, int]:
    """The characters covering the bare side words."""
    span = doc[min(c.start for c in cues) : max(c.end for c in cues)]
    return span.start_char, span.end_char
