"""A fix to Rasa 3.6's hot path, installed in the Rasa process by `bot serve`.

Rasa checks every action server response with `jsonschema.validate`, which first
checks the schema itself (Rasa's large, constant event schema) against the JSON
Schema meta-schema, on every call. A screening turn calls the action server two or
three times, so that check was about 40% of the Rasa server's CPU per turn (py-spy
under `make bench`). `install()` swaps in the same validation with a validator built
once: a response Rasa would refuse is still refused, with Rasa's own error message.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# Rasa's own words after a validation error (rasa/core/actions/action.py).
INVALID_RESPONSE_HINT = (
    ". Failed to validate Action server response from API, make sure your response "
    "from the Action endpoint is valid. For more information about the format visit "
    "{docs}/custom-actions"
)


def install() -> None:
    """Make Rasa's RemoteAction validate responses with the cached validator."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += INVALID_RESPONSE_HINT.format(docs=DOCS_BASE_URL)
        raise error
    return True


@cache
def _response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)
