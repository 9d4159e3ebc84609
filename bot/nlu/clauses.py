"""Cut a message into sentences and clauses: the scope of ConText and of side words.

"no fever, and my head hurts on the right" holds two clauses: the negation of the
first must not reach the head pain, and "right" belongs to the second. spaCy's
sentence boundaries are set to the clauses (ConText reads `Token.sent`); the real
sentences are kept in `Doc._.symptom_sentences` for side words that have to look
further than their own clause. A break word followed by a continuation ("and I said
no") or by a cue of context.yml that reaches back ("but stopped in August") opens no
clause, nor does a doubtful answer after a question mark ("fever? not sure"): what
follows answers or takes back what came before, so its ConText cue must reach back.
Nor does "and" inside a condition ("what if it's a bleed and I collapse"): the whole
condition is only wondered about.
"""

from collections.abc import Callable, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

SENTENCES = "symptom_sentences"
# The matches of `ClauseSplitter.reaching_back` (match id, start, end), kept for the
# extractor, which reads "Nothing since." from them too (`_over_since`).
REACHING_BACK = "symptom_reaching_back"
# No `from __future__ import annotations` here: spaCy reads the factory's type hints
# at run time to validate its config.


class ClauseSplitter:
    """Sets `is_sent_start` on every token; never cuts inside a symptom phrase."""

    def __init__(
        self,
        sentence_ends: list[str],
        answers: list[str],
        always_before: list[str],
        joiners: list[str],
        openers: list[str],
        unsure_answers: list[list[str]],
        continuations: list[list[str]],
        short_denials: list[list[str]],
        conditions: list[list[str]],
    ) -> None:
        self.sentence_ends = frozenset(sentence_ends)
        self.answers = frozenset(answers)
        self.always_before = frozenset(always_before)
        self.joiners = frozenset(joiners)
        self.openers = frozenset(openers)
        self.unsure_answers = _by_first_word(unsure_answers)
        self.continuations = _by_first_word(continuations)
        self.short_denials = _by_first_word(short_denials)
        self.after_sentence_end = _by_first_word([*continuations, *short_denials])
        self.conditions = _by_first_word(conditions)
        # Phrases whose ConText cue reaches back (context.yml, set by the pipeline):
        # one right after a break word continues the clause, as `continuations` do.
        self.reaching_back: Callable[[Doc], Iterable[tuple[int, int, int]]] | None = (
            None
        )
        for extension in (SENTENCES, REACHING_BACK):
            if not Doc.has_extension(extension):
                Doc.set_extension(extension, default=())

    def __call__(self, doc: Doc) -> Doc:
        inside = {i for ent in doc.ents for i in range(ent.start + 1, ent.end)}
        matches = tuple(self.reaching_back(doc) if self.reaching_back else ())
        doc._.set(REACHING_BACK, matches)
        back_from, sentence_back_from = self._reaching_back_from(doc, matches)
        listed = _header_list_breaks(doc)
        sentence_starts = [0]
        in_condition = False
        for token in doc:
            if token.i == 0:
                token.is_sent_start = True
                in_condition = _begins_at(doc, 0, self.conditions)
                continue
            starts_sentence = token.i - 1 not in listed and self._starts_sentence(
                token, sentence_back_from
            )
            if starts_sentence:
                sentence_starts.append(token.i)
                in_condition = False
            starts_clause = starts_sentence or (
                self._starts_clause(token, back_from)
                and not (in_condition and token.norm_ in CONDITION_GOES_ON)
            )
            token.is_sent_start = token.i not in inside and starts_clause
            in_condition = (in_condition and not starts_clause) or _begins_at(
                doc, token.i, self.conditions
            )
        ends = [*sentence_starts[1:], len(doc)]
        doc._.set(SENTENCES, tuple(zip(sentence_starts, ends, strict=True)))
        return doc

    def _is_sentence_end(self, token: Token) -> bool:
        return token.norm_ in self.sentence_ends or _is_line_break(token)

    def _reaching_back_from(
        self, doc: Doc, matches: Sequence[tuple[int, int, int]]
    ) -> tuple[frozenset[int], frozenset[int]]:
        """Where a cue that reaches back starts: first those long enough to
        continue a clause; then those that continue a sentence, which adds a cue
        that is a whole sentence of its own ("I fainted once in 2001. Nothing
        since.", see TWO_WORDS)."""
        long_enough = frozenset(
            start for _, start, end in matches if end - start >= LONG_ENOUGH
        )
        alone = frozenset(
            start
            for _, start, end in matches
            if end - start >= TWO_WORDS
            and (end == len(doc) or self._is_sentence_end(doc[end]))
        )
        return long_enough, long_enough | alone

    def _starts_sentence(self, token: Token, back_from: frozenset[int]) -> bool:
        before = token.doc[token.i - 1]
        # "aneurysms?? mine aren't": a run of marks ends one sentence
        if not self._is_sentence_end(before) or token.norm_ in self.sentence_ends:
            return False
        if "?" in before.text and _followed_by(before, self.unsure_answers):
            return False
        if _followed_by(before, self.after_sentence_end) or _reaches_back_at(
            before, back_from
        ):
            return False
        # "fever? no": a one-word answer stays with its question; "Yes: a sore
        # neck" is a label that opens a list of its own.
        following = token.nbor(1) if token.i + 1 < len(token.doc) else None
        is_short_answer = token.norm_ in self.answers and (
            following is None
            or (following.is_punct and following.norm_ != ":")
            or self._is_sentence_end(following)
        )
        return not is_short_answer

    def _starts_clause(self, token: Token, back_from: frozenset[int]) -> bool:
        """`back_from`: where a cue that reaches back starts; one at the break word
        or right after it ("but stopped in August") continues the clause."""
        if _followed_by(token, self.continuations) or _reaches_back_at(
            token, back_from
        ):
            return False
        if token.norm_ in self.always_before:
            return not _aside_after_subject(token)
        if token.norm_ not in self.joiners or token.i + 1 >= len(token.doc):
            return False
        if _followed_by(token, self.short_denials):
            return False
        return token.nbor(1).norm_ in self.openers


# A cue that reaches back continues the clause only when it says this many words:
# "but that stopped years ago", "but stopped in August"; not "I'm fine", which after
# someone else's symptom ("my dad gets dizzy, I'm fine") says the visitor is well.
LONG_ENOUGH = 4
# A sentence of its own reaches back when it says two words or more ("Nothing
# since."); not "Resolved." after a dated event ("face numb on Saturday. Resolved."),
# which the development sets' authors read as a red flag that happened.
TWO_WORDS = 2
LIST_ITEM_WORDS = 5  # the longest line read as an item of a header's list
# "My older brother, however, ...": the person an aside may follow
ASIDE_SUBJECT_WORDS = 3
ASIDE_SUBJECT_OPENERS = frozenset({"my", "our", "his", "her", "their"})
Phrases = dict[str, list[tuple[str, ...]]]  # the phrases (as norms) by first word
CONDITION_GOES_ON = frozenset({"and", "or", "&", "n"})


def _header_list_breaks(doc: Doc) -> frozenset[int]:
    """The line breaks inside a list under a header line ("things I don't have:\n*
    fever\n* fits", "mum's (not mine):\n- high blood pressure"): a header that
    names no symptom, then short lines up to a blank line or a longer one. Such a
    list is one sentence, so what the header says reaches each item; items of
    their own ("- L sided h/a, never swaps side") stay apart."""
    lines = _lines(doc)
    breaks: set[int] = set()
    for n, (start, end) in enumerate(lines[:-1]):
        if not doc[start:end].text.rstrip().endswith(":") or _names_a_symptom(
            doc, start, end
        ):
            continue
        for item_start, item_end in lines[n + 1 :]:
            words = [t for t in doc[item_start:item_end] if not t.is_space]
            if not words or len(words) > LIST_ITEM_WORDS:
                break
            breaks.add(item_start - 1)
    return frozenset(breaks)


def _lines(doc: Doc) -> list[tuple[int, int]]:
    """Each line's tokens (start, end), the line break tokens between them."""
    starts = [0] + [t.i + 1 for t in doc if _is_line_break(t)]
    ends = [s - 1 for s in starts[1:]] + [len(doc)]
    return list(zip(starts, ends, strict=True))


def _is_line_break(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def _names_a_symptom(doc: Doc, start: int, end: int) -> bool:
    return any(t.ent_type_ for t in doc[start:end])


def _aside_after_subject(token: Token) -> bool:
    """ "My brother, however, has epilepsy": a break word between commas right after
    a sentence's opening person turns from the sentence before; what follows is
    still said of that person."""
    doc = token.doc
    if not 0 < token.i < len(doc) - 1:
        return False
    if doc[token.i - 1].norm_ != "," or doc[token.i + 1].norm_ != ",":
        return False
    start = token.i - 1
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    subject = doc[start : token.i - 1]
    return (
        0 < len(subject) <= ASIDE_SUBJECT_WORDS
        and subject[0].norm_ in ASIDE_SUBJECT_OPENERS
        and not any(t.is_punct for t in subject)
    )


def _reaches_back_at(token: Token, back_from: frozenset[int]) -> bool:
    """Whether a cue that reaches back starts at the break `token` or right after."""
    return token.i in back_from or token.i + 1 in back_from


def _by_first_word(phrases: list[list[str]]) -> Phrases:
    """The phrases by their first word: each token is checked against a few, not all
    (a long message has hundreds of tokens, the lists a hundred phrases)."""
    index: Phrases = {}
    for words in phrases:
        if words:
            index.setdefault(words[0], []).append(tuple(words))
    return index


def _followed_by(token: Token, phrases: Phrases) -> bool:
    """Whether the tokens after `token` begin with one of `phrases`."""
    return _begins_at(token.doc, token.i + 1, phrases)


def _begins_at(doc: Doc, start: int, phrases: Phrases) -> bool:
    """Whether one of `phrases` (as norms) begins at token `start`. The end of the
    message reads as "." ("I haven't" ends like "I haven't.")."""
    candidates = phrases.get(doc[start].norm_ if start < len(doc) else ".", [])
    if not candidates:
        return False
    window = doc[start : start + 5]
    following = tuple(t.norm_ for t in window)
    if window.end == len(doc):
        following += (".",)
    return any(following[: len(words)] == words for words in candidates)


@Language.factory(
    "symptom_clauses",
    default_config={
        "sentence_ends": [],
        "answers": [],
        "always_before": [],
        "joiners": [],
        "openers": [],
        "unsure_answers": [],
        "continuations": [],
        "short_denials": [],
        "conditions": [],
    },
)
def make_clause_splitter(
    nlp: Language,
    name: str,
    sentence_ends: list[str],
    answers: list[str],
    always_before: list[str],
    joiners: list[str],
    openers: list[str],
    unsure_answers: list[list[str]],
    continuations: list[list[str]],
    short_denials: list[list[str]],
    conditions: list[list[str]],
) -> ClauseSplitter:
    return ClauseSplitter(
        sentence_ends,
        answers,
        always_before,
        joiners,
        openers,
        unsure_answers,
        continuations,
        short_denials,
        conditions,
    )
