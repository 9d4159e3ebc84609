"""Words quoted from someone else: a group chat or a forum post pasted in.

"Mum texted: 'the doctor says my blood pressure is sky high'. Mine was normal",
"Priti: 'I fainted on the tube this morning' Me: 'omg'", a chat pasted a line per
speaker ("Dad: I've got a fever\nMe: no fever here"): in the quotation, "I" and
"my" are the speaker's, not the visitor's. ConText reads "my blood pressure" as the
visitor's, so without this pass a red flag someone else told the visitor about is
reported present. The extractor runs it after ConText.

A quotation is someone else's when the few words before it (its speaker, "Mum
texted:", "Sis:", "Quoting @migrainemum:") hold a person ConText's `other`
modifiers found, or an @handle. What such a speaker says to the visitor ("Jon:
'you just went floppy'") stays the visitor's: the guide's reported speech.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from bot.screening.findings import Experiencer, Mention

SPEAKER_WORDS = 4  # words before a quotation that may name its speaker
# An opening mark at the start, after a space, colon or bracket, before a word; its
# closing mark after a word, before a space, a punctuation mark or the end. An
# apostrophe inside a word ("I'm") is neither.
QUOTATION = re.compile(
    r"""(?:^|(?<=[\s:(]))(?:(["“])(?=\S)(?P<double>.+?)(?<=\S)["”]"""
    r"""|(['‘])(?=\S)(?P<single>.+?)(?<=\S)['’])(?=$|[\s.,;:!?)\-])""",
    re.DOTALL,
)
SPEAKER_ENDS = frozenset({".", "!", "?", "\n", "'", '"', "’", "”"})
# A line of a chat pasted in, "Mum: my head's been awful and I'm running a temp":
# its speaker (up to SPEAKER_WORDS words and a colon) opens the line, and what
# follows on the line is theirs as a quotation is.
CHAT_LINE = re.compile(
    r"^[ \t]*(?P<speaker>[^\s:][^:\n]*?)[ \t]*:[ \t]*(?P<said>\S[^\n]*)$", re.MULTILINE
)


def quoted_by_others(
    doc: Doc,
    found: Sequence[Span],
    mentions: list[Mention],
    addressed: Sequence[str],
    people: frozenset[str],
) -> list[Mention]:
    """Each mention inside someone else's quotation as theirs, unless the
    quotation speaks to the visitor (`addressed` words: "you", "your"). A chat
    line's speaker is someone else if named by one of `people` ("Mum", "Jen")."""
    quoted = [q for q, speaker in _quotations(doc) if _someone_else(speaker)]
    theirs = [
        quotation
        for quotation in [*quoted, *_chat_lines(doc, people)]
        if not any(t.norm_ in addressed for t in quotation)
    ]
    return [
        replace(m, experiencer=Experiencer.OTHER)
        if m.counts_as_present
        and any(q.start <= span.start and span.end <= q.end for q in theirs)
        else m
        for span, m in zip(found, mentions, strict=True)
    ]


def _quotations(doc: Doc) -> list[tuple[Span, Span]]:
    """Each quotation's words, and the words before it that may name its
    speaker: up to SPEAKER_WORDS, back to the end of a sentence or quotation."""
    found = []
    for match in QUOTATION.finditer(doc.text):
        group = "double" if match.group("double") is not None else "single"
        start, end = match.span(group)
        opening = doc.char_span(match.start(), start, alignment_mode="expand")
        if opening is None or opening.start == 0:
            continue
        first = opening.start
        while (
            first > 0
            and opening.start - first < SPEAKER_WORDS
            and doc[first - 1].text not in SPEAKER_ENDS
        ):
            first -= 1
        quotation = doc.char_span(start, end, alignment_mode="expand")
        if quotation is not None:
            found.append((quotation, doc[first : opening.start]))
    return found


def _chat_lines(doc: Doc, people: frozenset[str]) -> list[Span]:
    """What each line of a pasted chat said by one of `people` says ("Dad: anyone
    tested positive? I've got a fever"). ConText's `other` modifiers cannot tell
    its speaker: one in a clause without a symptom is dropped."""
    found = []
    for match in CHAT_LINE.finditer(doc.text):
        speaker = doc.char_span(*match.span("speaker"), alignment_mode="expand")
        said = doc.char_span(*match.span("said"), alignment_mode="expand")
        if (
            speaker is not None
            and said is not None
            and len(speaker) <= SPEAKER_WORDS
            and any(t.norm_ in people or t.text in people for t in speaker)
        ):
            found.append(said)
    return found


def _someone_else(speaker: Span) -> bool:
    """Whether `speaker` names someone else: an @handle, or a person ConText's
    `other` modifiers found there ("Mum texted:", "Sis:", "Jean:")."""
    return any(t.text.startswith("@") for t in speaker) or _others_in(speaker)


def _others_in(words: Span) -> bool:
    """Whether ConText's `other` modifiers found a person within `words`."""
    return any(
        modifier.category == "OTHER"
        and words.start <= modifier.modifier_span[0]
        and modifier.modifier_span[1] <= words.end
        for modifier in words.doc._.context_graph.modifiers
    )
