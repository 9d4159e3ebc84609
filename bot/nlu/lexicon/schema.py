"""The shape of the five lexicon files as pydantic models.

bot/yaml_schema.py checks each file against its model, so a typo fails with the file
and the line. Every phrase is parsed here (phrases.py notation); whether a concept id
named in one file is defined in symptoms.yml is checked by loader.py.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, root_validator

from bot.nlu.lexicon.phrases import parse_phrase
from bot.yaml_schema import Positive, RuledKey, Text, YamlModel

ONSET_KINDS = ("sudden", "recent", "longstanding")  # the phrase lists of OnsetEntry
SideValue = Literal["left", "right", "both"]
ScopedCategory = Literal[
    "negated",
    "other",
    "hypothetical",
    "uncertain",
    "historical",
    "long_ago",
    "asked",
    "answered_yes",
]
ModifierCategory = Literal[ScopedCategory, "terminate"]
Direction = Literal["forward", "backward", "bidirectional", "pseudo", "terminate"]


class Listed(Text):
    """One entry of a list, exactly as written (the phrase matcher reads spaces)."""

    strip_whitespace = False

    @classmethod
    def check(cls, text: str) -> str:
        if text != text.strip(" "):
            raise ValueError("stray spaces around the entry")
        return text


class Phrase(Listed):
    """A phrase in the notation of phrases.py (PhraseSyntaxError is a ValueError)."""

    @classmethod
    def check(cls, text: str) -> str:
        parse_phrase(super().check(text))
        return text


class Name(Listed):
    """A first name as it is written, capital first: compared with a token's text."""

    @classmethod
    def check(cls, text: str) -> str:
        if not (super().check(text).isalpha() and text[0].isupper()):
            raise ValueError(f"{text!r} must be one word of letters, capital first")
        return text


class Word(Listed):
    """A single lower-case word, compared with a token's norm."""

    @classmethod
    def check(cls, text: str) -> str:
        if not WordKey.follows_rule(super().check(text)):
            raise ValueError(f"{text!r} must be {WordKey.rule}")
        return text


class WordKey(RuledKey):
    rule = "one lower-case word"

    @classmethod
    def follows_rule(cls, key: str) -> bool:
        return bool(key) and key == key.lower() and " " not in key


def phrase_list(required: bool = True) -> Any:
    """A list of at least one phrase; if not `required`, it may be left out."""
    return Field(... if required else [], min_items=1)


# --- symptoms.yml ------------------------------------------------------------------


class ConceptEntry(YamlModel):
    meaning: Text
    phrases: list[Phrase] = phrase_list()
    absent: list[Phrase] = phrase_list(required=False)
    places: list[Phrase] = phrase_list(required=False)
    hints: list[Phrase] = phrase_list(required=False)
    vague: list[Phrase] = phrase_list(required=False)
    ruled_out: list[Phrase] = phrase_list(required=False)
    not_from_age: StrictInt | None = None
    sided: StrictBool = False
    sides: list[SideValue] = ["left", "right", "both"]
    side_means: dict[SideValue, Text] = {}
    past_counts: Literal["always", "recent"] | None = None
    body_parts: list[Word] = []
    covers: list[Text] = []
    separate_findings: StrictBool = False


class SymptomsFile(YamlModel):
    concepts: dict[StrictStr, ConceptEntry]
    not_symptoms: list[Phrase] = phrase_list(required=False)


# --- spellings.yml -----------------------------------------------------------------


class SpellingsFile(YamlModel):
    typo_min_length: StrictInt = 7
    not_typos: list[Word] = []
    never_correct: list[Word] = []
    not_contractions: list[Word] = []
    words: dict[WordKey, list[Listed]]


# --- context.yml -------------------------------------------------------------------


class ModifierEntry(YamlModel):
    category: ModifierCategory
    direction: Direction
    phrases: list[Phrase] = phrase_list()
    max_scope: Positive | None = None
    concepts: list[Word] = []  # only these concepts (all when empty)
    ends: list[ScopedCategory] = []
    note: Text | None = None  # a comment for the reader

    @root_validator(skip_on_failure=True)
    def _terminate(cls, values: dict[str, Any]) -> dict[str, Any]:
        terminate = values["category"] == "terminate"
        if values["ends"] and not terminate:
            raise ValueError("only 'terminate' rules have ends")
        if terminate != (values["direction"] == "terminate"):
            raise ValueError("category and direction 'terminate' go together")
        return values


class ClausesEntry(YamlModel):
    sentence_ends: list[Word]
    answers: list[Word]
    always_before: list[Word]
    joiners: list[Word]
    openers: list[Word]
    unsure_answers: list[Listed]
    continuations: list[Listed]
    short_denials: list[Listed]
    conditions: list[Listed]


class GeneralQuestionsEntry(YamlModel):
    openers: list[Word]
    first_person: list[Word]
    leads: list[Word] = []
    causes: list[Word] = []


class TrailingAnswersEntry(YamlModel):
    links: list[Word]
    denied: list[Word]
    affirmed: list[Word]
    unsure: list[Listed] = []
    emphasis: list[Word] = []
    echo_denied: list[Listed] = []
    echo_unsure: list[Listed] = []
    echo_tails: list[Word] = []
    topics: list[Listed] = []


class CorrectionsEntry(YamlModel):
    whole: list[Listed] = []
    leading: list[Listed] = []


class ContextFile(YamlModel):
    filler_never: list[Word]
    modifiers: list[ModifierEntry]
    clauses: ClausesEntry
    question_conditions: list[Word] = []
    conditions_going_on: list[Text] = []
    condition_subjects: list[Word] = []
    condition_prepositions: list[Word] = []
    worries: list[Word] = []
    worry_reasons: list[Word] = []
    opinions: list[Word] = []
    reports: list[Word] = []
    addressed: list[Word] = []
    corrections: CorrectionsEntry = CorrectionsEntry()
    general_questions: GeneralQuestionsEntry
    others_possessives: list[Word]
    others_again: list[Text]
    others_fragments: list[Word] = []
    first_names: list[Name] = []
    place_lists: list[Word]
    trailing_answers: TrailingAnswersEntry
    gap_denial: Text
    coordination: list[Word] = []


# --- sides.yml ---------------------------------------------------------------------


class SidesFile(YamlModel):
    """The kinds of side cue, in the order the matcher is given them."""

    left: list[Phrase] = phrase_list()
    right: list[Phrase] = phrase_list()
    both: list[Phrase] = phrase_list()
    same: list[Phrase] = phrase_list()
    opposite: list[Phrase] = phrase_list()
    corrected: list[Phrase] = phrase_list()
    not_a_side: list[Phrase] = phrase_list()


# --- facts.yml ---------------------------------------------------------------------


class AgeEntry(YamlModel):
    minimum: StrictInt
    maximum: StrictInt
    person_words: list[Word]
    temperature_words: list[Word]
    units: list[Word]


class OnsetEntry(YamlModel):
    sudden: list[Phrase] = phrase_list()
    recent: list[Phrase] = phrase_list()
    longstanding: list[Phrase] = phrase_list()
    recent_max_days: StrictInt
    number_words: dict[WordKey, StrictInt]
    unit_days: dict[WordKey, StrictInt]
    duration_before: list[Word]
    duration_after: list[Word]
    frequency_words: list[Word]
    event_concepts: list[Word]


class FactsFile(YamlModel):
    age: AgeEntry
    onset: OnsetEntry
