"""What the lexicon files say, as plain frozen dataclasses (no spaCy here)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.nlu.lexicon.spellings import Spellings
from bot.nlu.lexicon.yamlfile import Entry


@dataclass(frozen=True)
class Concept:
    """One symptom concept of spec section 1 and the phrases that name it."""

    id: str
    meaning: str
    phrases: tuple[Entry, ...]
    absent: tuple[Entry, ...] = ()  # phrases that say the concept is absent
    places: tuple[Entry, ...] = ()  # places of it: with a side, only the side's concept
    # phrases that suggest it without naming it ("chills" for fever): a denial of the
    # concept in the same message overrules them ("no fever, but I've had chills")
    hints: tuple[Entry, ...] = ()
    vague: tuple[Entry, ...] = ()  # "the pain": only with a side, the side's concept
    # phrases that rule it out when said after it in its sentence or the next
    # ("lost 5 kg, but that's on purpose"; "pregnant? I'm a bloke")
    ruled_out: tuple[Entry, ...] = ()
    not_from_age: int | None = None  # a visitor this old or older cannot have it
    sided: bool = False  # its mentions carry a side (spec section 1)
    sides: tuple[str, ...] = ("left", "right", "both")  # the sides it can have
    side_means: tuple[tuple[str, str], ...] = ()  # ("left", "unilateral_head_pain")
    # said of the past it still counts: "always" (cancer_history), or "recent" unless
    # said of long ago (head_injury: "last week" counts, "as a kid" does not)
    past_counts: str | None = None
    body_parts: tuple[str, ...] = ()  # "neck": a body part that can share a phrase
    covers: tuple[str, ...] = ()  # concepts its mention includes, in its clause
    # its phrases name findings that come apart: denying one is no answer for another
    separate_findings: bool = False


@dataclass(frozen=True)
class ModifierRule:
    """A ConText modifier: phrases that negate, shift the experiencer, and so on."""

    category: str
    direction: str
    phrases: tuple[Entry, ...]
    max_scope: int | None = None
    ends: tuple[str, ...] = ()  # for category "terminate": which categories it ends
    concepts: tuple[str, ...] = ()  # the only concepts it modifies (all when empty)


@dataclass(frozen=True)
class ClauseWords:
    """Where a message is cut into sentences and clauses (the scope of ConText)."""

    sentence_ends: tuple[str, ...]
    answers: tuple[str, ...]  # "fever? no": the answer stays with its question
    always_before: tuple[str, ...]  # "but", "although": always open a clause
    joiners: tuple[str, ...]  # "and", ",": open one when an opener follows
    openers: tuple[str, ...]  # "i", "my", "it", "no", ...
    unsure_answers: tuple[str, ...]  # "fever? not sure": stays with its question
    continuations: tuple[str, ...]  # "and I said no": the clause goes on
    short_denials: tuple[str, ...]  # ", I haven't": it goes on, except after "but"
    conditions: tuple[str, ...]  # "what if": "and" goes on with the condition


@dataclass(frozen=True)
class GeneralQuestions:
    """A question about symptoms in general: "can headaches cause seizures?"."""

    openers: tuple[str, ...]  # the words such a question starts with
    first_person: tuple[str, ...]  # "i", "my": before the symptom, it is the visitor's
    leads: tuple[str, ...]  # "also": may come before the question word
    causes: tuple[str, ...]  # "cause": what comes before it is the cause asked about


@dataclass(frozen=True)
class TrailingAnswers:
    """ "fever - no", "headaches yes": an answer word right after a symptom."""

    links: tuple[str, ...]
    denied: tuple[str, ...]
    affirmed: tuple[str, ...]
    unsure: tuple[tuple[str, ...], ...] = ()  # phrases, as the tokens' norms
    emphasis: tuple[str, ...] = ()  # "god no", "definitely not": before the answer
    echo_denied: tuple[tuple[str, ...], ...] = ()  # "seizure? my son has, not me"
    echo_unsure: tuple[tuple[str, ...], ...] = ()  # "worse lying down? possibly"
    echo_tails: frozenset[str] = frozenset()  # "as if lol": after a whole answer
    topics: tuple[tuple[str, ...], ...] = ()  # "about the fainting, ... and no"

    @cached_property
    def yes_or_no(self) -> frozenset[str]:
        """Every word that answers yes or no, built once per lexicon."""
        return frozenset((*self.denied, *self.affirmed))


@dataclass(frozen=True)
class Corrections:
    """ "scratch that", "I meant": what the visitor says after it wins."""

    whole: tuple[tuple[str, ...], ...] = ()  # said as a whole: "my mistake."
    leading: tuple[tuple[str, ...], ...] = ()  # leads the corrected words: "i meant"


@dataclass(frozen=True)
class AgeWords:
    minimum: int
    maximum: int
    person_words: tuple[str, ...]  # "my daughter is 12" is not the visitor's age
    temperature_words: tuple[str, ...]  # "temp 101F" is not an age
    units: tuple[str, ...]  # "I'm 30 weeks pregnant" is not an age


@dataclass(frozen=True)
class OnsetWords:
    phrases: tuple[tuple[str, Entry], ...]  # (onset kind, phrase)
    recent_max_days: int
    number_words: tuple[tuple[str, int], ...]
    unit_days: tuple[tuple[str, int], ...]
    duration_before: tuple[str, ...]  # "for 2 weeks": a duration, "one day" is not
    duration_after: tuple[str, ...]  # "2 weeks ago"
    frequency_words: tuple[str, ...]  # "3 times a week" is no onset
    event_concepts: tuple[str, ...]  # "fever since yesterday" dates the fever only


@dataclass(frozen=True)
class Lexicon:
    """Everything the symptom extractor knows, validated as a whole."""

    concepts: tuple[Concept, ...]
    not_symptoms: tuple[Entry, ...]
    spellings: Spellings
    gap_blockers: tuple[str, ...]
    modifiers: tuple[ModifierRule, ...]
    clauses: ClauseWords
    coordination: tuple[str, ...]  # glue between body parts sharing a phrase
    question_conditions: tuple[str, ...]  # "if": in a question, hypothetical
    # "if the fever persists": a condition about a symptom already there
    conditions_going_on: tuple[tuple[str, ...], ...]
    condition_subjects: tuple[str, ...]  # "if I stand up my vision goes": a second
    condition_prepositions: tuple[str, ...]  # "... on the line": no subject after
    worries: tuple[str, ...]  # "worried it's a tumour": a red flag feared
    worry_reasons: tuple[str, ...]  # "worried since I fainted": it happened
    opinions: tuple[str, ...]  # "wife thinks I passed out": theirs, maybe doubted
    reports: tuple[str, ...]  # "Dad says I've got a temperature": maybe disputed
    addressed: tuple[str, ...]  # "you": someone quoted speaks to the visitor
    corrections: Corrections
    general_questions: GeneralQuestions
    others_possessives: tuple[str, ...]  # "her shoulder": someone else's
    # "... and they had strokes": openings of someone else's story going on
    others_again: tuple[tuple[str, ...], ...]
    others_fragments: tuple[str, ...]  # "..., the epilepsy": a bare phrase of theirs
    first_names: tuple[str, ...]  # "Jean had a stroke": phrases' <name>
    place_lists: tuple[str, ...]  # "my neck and both shoulders": a list of places
    trailing_answers: TrailingAnswers
    gap_denial: str  # what replaces "..." in a phrase's denied form
    side_cues: tuple[tuple[str, Entry], ...]  # (cue kind, phrase)
    age: AgeWords
    onset: OnsetWords

    def concept(self, concept_id: str) -> Concept:
        return next(c for c in self.concepts if c.id == concept_id)

    @property
    def concept_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.concepts)
