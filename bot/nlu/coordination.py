"""Body parts and words that share a symptom phrase by coordination or ellipsis.

"my neck, shoulders and jaw all ache", "both my neck and my left shoulder hurt",
"my head hurts on the left and so does my neck": the symptom phrase names one body
part, the others are joined to it by "and", commas or "so does". Each such body
part (symptoms.yml `body_parts`) becomes a mention of its own concept, read in the
context of the phrase it is joined to (negated, someone else's, ... as that one).
Likewise words joined to a phrase that starts or ends with a body part: "my jaw
clicks, pops and locks" (jaw + locks), "a stiff and sore neck" (stiff + neck), each
read as the body part with that word says.

Joined means: only glue words (context.yml `coordination`) and other body parts lie
between the body part and the phrase, and the phrase's concept has body parts too
(a pain of one part shared with another), so "no fever and my neck" joins nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from spacy.tokens import Doc, Span, Token

MAX_GAP = 8  # tokens between a body part and the phrase it shares
# Between a side word and the body part it names: "right side of my neck".
SIDE_LINK = frozenset({"of", "my", "the", "side", "sides", "-"})
# After the phrase, these set the body part against it rather than beside it: "no
# neck pain, just my head" ("not only my neck, my shoulder too" shares it).
CONTRAST = frozenset({"just", "only"})


@dataclass(frozen=True)
class Joined:
    """A body part (`span`, labelled with its concept) and the phrase it joins;
    a side word ending at `reach` (a token index) is its own."""

    span: Span
    source: Span
    reach: int
    contrasted: bool = False  # "my neck doesn't hurt, just my head": not denied

    @property
    def before(self) -> bool:
        """Said before the phrase ("neck and shoulder pain on the right"), it shares
        the phrase's side; after it ("and so does my neck"), only its own."""
        return self.span.start < self.source.start


def joined(
    doc: Doc,
    found: Sequence[Span],
    body_parts: Mapping[str, str],
    glue: frozenset[str],
    concept_of: Callable[[str], str | None],
) -> list[Joined]:
    """The body parts and the words of `doc` joined to a phrase of `found`."""
    covered = {i for span in found for i in range(span.start, span.end)}
    return [
        *_body_parts(doc, found, covered, body_parts, glue),
        *_words_of(doc, found, covered, body_parts, glue, concept_of),
    ]


def _body_parts(
    doc: Doc,
    found: Sequence[Span],
    covered: set[int],
    body_parts: Mapping[str, str],
    glue: frozenset[str],
) -> list[Joined]:
    """The body parts joined to a body-part symptom phrase of `found`."""
    part_concepts = set(body_parts.values())
    sharing = [span for span in found if span.label_ in part_concepts]
    bridge = glue | set(body_parts)
    joined: list[Joined] = []
    for token in doc:
        concept = body_parts.get(token.norm_)
        if concept is None or token.i in covered:
            continue
        source = _joined_to(token.i, sharing, doc, bridge)
        if source is not None and source.label_ != concept:
            span = Span(doc, token.i, token.i + 1, concept)
            reach = _reach(doc, token.i)
            joined.append(Joined(span, source, reach, _contrasted(doc, source, span)))
    return joined


def _words_of(
    doc: Doc,
    found: Sequence[Span],
    covered: set[int],
    body_parts: Mapping[str, str],
    glue: frozenset[str],
    concept_of: Callable[[str], str | None],
) -> list[Joined]:
    """Words joined after a phrase that starts with a body part ("jaw clicks, pops
    and locks") or before one that ends with it ("stiff and sore neck"), each a
    mention of what the body part with that word names (`concept_of`)."""
    joined: list[Joined] = []
    for span in found:
        if span[0].norm_ in body_parts:
            after = range(span.end, min(span.end + MAX_GAP, len(doc)))
            read = partial(_reading, concept_of, span[0], part_first=True)
            # "the left side of my jaw clicks and aches": the jaw's side word
            reach = _reach(doc, span.start)
            joined += _words(doc, span, after, covered, glue, read, reach)
        if span[-1].norm_ in body_parts:
            before = range(span.start - 1, max(span.start - MAX_GAP, 0) - 1, -1)
            read = partial(_reading, concept_of, span[-1], part_first=False)
            joined += _words(doc, span, before, covered, glue, read)
    return joined


def _reading(
    concept_of: Callable[[str], str | None], part: Token, word: Token, part_first: bool
) -> str | None:
    """What the body part said with the word names: "jaw locks", "stiff neck"."""
    text = f"{part.text} {word.text}" if part_first else f"{word.text} {part.text}"
    return concept_of(text)


def _words(
    doc: Doc,
    source: Span,
    indices: range,
    covered: set[int],
    glue: frozenset[str],
    read: Callable[[Token], str | None],
    reach: int | None = None,
) -> list[Joined]:
    """Walk from the phrase over glue; each word that reads as a symptom joins it,
    the first that neither glues nor reads ends the walk. A side word ending at
    `reach` is the word's own (said with the body part); by default only one said
    with the word itself."""
    joined = []
    for i in indices:
        token = doc[i]
        if i in covered:
            break
        concept = read(token) if token.is_alpha else None
        if concept is None and token.norm_ not in glue:
            break
        if concept not in (None, source.label_):
            own_from = i if reach is None else reach
            joined.append(Joined(Span(doc, i, i + 1, str(concept)), source, own_from))
    return joined


def _contrasted(doc: Doc, source: Span, part: Span) -> bool:
    between = [t.norm_ for t in doc[source.end : part.start]]
    return "not" not in between and any(word in CONTRAST for word in between)


def _reach(doc: Doc, i: int) -> int:
    while i > 0 and doc[i - 1].norm_ in SIDE_LINK:
        i -= 1
    return i


def _joined_to(
    i: int, sharing: Sequence[Span], doc: Doc, glue: frozenset[str] | set[str]
) -> Span | None:
    for span in sorted(sharing, key=lambda s: min(abs(s.start - i), abs(s.end - i))):
        start, end = (i + 1, span.start) if i < span.start else (span.end, i)
        between = doc[start:end]
        if len(between) <= MAX_GAP and all(t.norm_ in glue for t in between):
            return span
    return None
