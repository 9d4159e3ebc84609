"""The screening engine: rules.yml, findings in, triage outcome and record out.

Pure Python (standard library, PyYAML, pydantic); it knows nothing of Rasa, spaCy, the
database or the environment (the clinic's details come in as a `Clinic`). The
public API is re-exported here.
"""

from bot.screening.booking import booking_url, new_booking_reference
from bot.screening.clinic import Clinic
from bot.screening.engine import evaluate, is_emergency
from bot.screening.mentions import findings_from_mentions
from bot.screening.outcome import IncompleteScreening, Outcome, Reason
from bot.screening.questions import pending_questions
from bot.screening.record import build_record
from bot.screening.ruleset import (
    QuestionGroup,
    Ruleset,
    RulesetError,
    UnknownConceptError,
    load_ruleset,
)

__all__ = [
    "Clinic",
    "IncompleteScreening",
    "Outcome",
    "QuestionGroup",
    "Reason",
    "Ruleset",
    "RulesetError",
    "UnknownConceptError",
    "booking_url",
    "build_record",
    "evaluate",
    "findings_from_mentions",
    "is_emergency",
    "load_ruleset",
    "new_booking_reference",
    "pending_questions",
]
