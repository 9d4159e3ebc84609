"""The symptom lexicon: data files (YAML) beside this package, loaded and validated.

symptoms.yml   concept id -> lay phrases (and phrases that say it is absent)
spellings.yml  plurals, verb forms, text-speak and misspellings of lexicon words
context.yml    ConText modifiers (negation, someone else, hypothetical) and clauses
sides.yml      side cues: left, right, both, "the same side", "the other side"
facts.yml      words for the visitor's age and for when the headaches began
"""

from bot.nlu.lexicon.loader import LEXICON_DIR, load_lexicon
from bot.nlu.lexicon.model import Lexicon
from bot.nlu.lexicon.yamlfile import LexiconError

__all__ = ["LEXICON_DIR", "Lexicon", "LexiconError", "load_lexicon"]
