"""Keep health data out of the logs of the Rasa server and the action server.

Rasa logs what visitors say: at DEBUG the processor prints each message's text,
entities and slot values, structlog events carry them as fields, lock and tracker
store lines name the conversation id, and an action that fails makes Rasa log the
whole tracker. Looking for things that resemble health data in that output cannot
be made safe, so `install()` works the other way round: it replaces the logging
record factory, and every record of the process is rewritten when it is made,
before any handler or formatter sees it.

- Our own loggers (`bot.*`, `actions.*`) log ids and counts only (a team rule,
  checked by the tests), so their messages are kept.
- A message of any other logger is kept only if it has one of the fixed shapes of
  `SAFE_MESSAGES`, whose variable parts are names from the bot's configuration
  (actions, components, slots), numbers, or URLs and paths of the set-up; a
  conversation id or free text in a shape is replaced. Any other message becomes
  "(message withheld)", with the line of code that logged it.
- A structlog event (Rasa renders them as JSON) keeps its event name and the values
  of `SAFE_EVENT_FIELDS`; every other field is withheld.
- An exception keeps its type and traceback (code locations), never its message.
- Python warnings go through logging, and so through the same rules.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

OWN_LOGGERS = ("bot", "actions")
WITHHELD = "<withheld>"
CONVERSATION = "<conversation>"

# Shapes of the third-party messages worth keeping. Placeholders: {name} an
# identifier from the bot's configuration, {number} a number of up to 9 digits (a
# phone number has more), {url} and {path} set-up locations; all four are kept.
# {conversation} (a conversation id) and {any} (anything else) are replaced.
SAFE_MESSAGES = (
    # start-up and shut-down
    "Starting Rasa server on {url}",
    "Rasa server is up and running.",
    "Loading model {path}...",
    "Starting action endpoint server...",
    "Starting plugins...",
    "Action endpoint is up and running on {url}",
    "Registered function for '{name}'.",
    "Connected to {name}.",
    "Stopping the server...",
    # each turn
    "Node '{name}' running '{name}'.",
    "Predicted next action '{name}' with confidence {number}.",
    "Predicted next action using {name}.",
    "There is no memorised next action",
    "There is a rule for the next action '{name}'.",
    "There is no applicable rule.",
    "Made prediction using user intent.",
    "Predicted loop '{name}'.",
    "Predicted '{name}' after loop '{name}'.",
    "Request next slot '{name}'",
    "Calling action endpoint to run action '{name}'.",
    "Received request to run '{name}'",
    "Finished running '{name}'",
    "Logged UserUtterance - tracker now has {number} events.",
    "No event broker configured. Skipping streaming events.",
    "Starting a new session for conversation ID '{conversation}'.",
    "Issuing ticket for conversation '{conversation}'.",
    "Acquiring lock for conversation '{conversation}'.",
    "Acquired lock for conversation '{conversation}'.",
    "Deleted lock for conversation '{conversation}'.",
    "Recreating tracker from sender id '{conversation}'",
    "Tracker with sender_id '{conversation}' stored to database",
    "Can't retrieve tracker matching sender id '{conversation}' from SQL storage. "
    "Returning `None` instead.",
    # failures: what failed is kept, the error's own text is not
    "Encountered an exception while running action '{name}'.Bot will continue, but "
    "the actions events are lost. Please check the logs of your action server for "
    "more information.",
    "Failed to run custom action '{name}'. Couldn't connect to the server at '{url}'. "
    "Is the server running? Error: {any}",
    "Error happened when trying to save conversation tracker to '{name}'. Falling "
    "back to use the '{name}'. Please investigate the following error: {any}.",
    "Error happened when trying to retrieve conversation tracker from '{name}'. "
    "Falling back to use the '{name}'. Please investigate the following error: {any}.",
    "Exception occurred while handling uri: {any}",
)
# A Python warning (logger "py.warnings"): where and which category, not its text.
WARNING_MESSAGE = "{path}:{number}: {name}: {any}"

# structlog fields whose values are kept when they are a name or a number.
SAFE_EVENT_FIELDS = frozenset(
    {
        "event", "event_key", "level", "policy_name",
        "action_name", "action_extract_slot", "len_extraction_events",
    }
)  # fmt: skip

_KEPT = {
    "name": r"[A-Za-z_][A-Za-z0-9_.\-]{0,99}",
    "number": r"-?\d{1,9}(?:\.\d+)?",
    "url": r"https?://[A-Za-z0-9.\-]+(?::\d{1,5})?(?:/[A-Za-z0-9_./\-]*)?",
    "path": r"[A-Za-z0-9_./\-<>]{1,300}",
}
_REPLACED = {"conversation": (r".{0,300}?", CONVERSATION), "any": (r".*?", WITHHELD)}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SAFE_VALUE = re.compile(rf"{_KEPT['name']}|{_KEPT['number']}", re.ASCII)
# Rasa's event names are dotted ("processor.message.parse"); a single word is not one.
_EVENT_NAME = re.compile(r"[a-z_]+(?:\.[a-z0-9_]+)+", re.ASCII)
_EVENT_NAME_FIELDS = frozenset({"event", "event_key"})


@dataclass(frozen=True)
class SafeShape:
    """One message shape of `SAFE_MESSAGES`, compiled."""

    regex: re.Pattern[str]
    replacements: tuple[str | None, ...]  # per group: None keeps it, else the stand-in

    @classmethod
    def compile(cls, template: str) -> SafeShape:
        pattern, replacements, position = [], [], 0
        for placeholder in _PLACEHOLDER.finditer(template):
            pattern.append(re.escape(template[position : placeholder.start()]))
            kind = placeholder.group(1)
            if kind in _KEPT:
                pattern.append(f"({_KEPT[kind]})")
                replacements.append(None)
            else:
                group, stand_in = _REPLACED[kind]
                pattern.append(f"({group})")
                replacements.append(stand_in)
            position = placeholder.end()
        pattern.append(re.escape(template[position:]))
        regex = re.compile("".join(pattern), re.DOTALL | re.ASCII)
        return cls(regex, tuple(replacements))

    def render(self, message: str) -> str | None:
        """`message` with its replaced parts stood in for, or None if not this shape."""
        match = self.regex.fullmatch(message)
        if match is None:
            return None
        pieces, position = [], 0
        for number, stand_in in enumerate(self.replacements, 1):
            pieces.append(message[position : match.start(number)])
            pieces.append(match.group(number) if stand_in is None else stand_in)
            position = match.end(number)
        pieces.append(message[position:])
        return "".join(pieces)


@lru_cache(maxsize=1)
def safe_shapes() -> tuple[SafeShape, ...]:
    return tuple(SafeShape.compile(template) for template in SAFE_MESSAGES)


@lru_cache(maxsize=1)
def warning_shape() -> SafeShape:
    return SafeShape.compile(WARNING_MESSAGE)


def safe_message(message: str) -> str | None:
    """The message as it may be logged, or None if it has no safe shape."""
    return next(
        (rendered for s in safe_shapes() if (rendered := s.render(message))), None
    )


def safe_event(message: str) -> str | None:
    """A structlog event rendered as JSON, with only its safe fields' values kept."""
    if not message.startswith("{"):
        return None
    try:
        fields = json.loads(message)
    except ValueError:
        return None
    if not isinstance(fields, dict) or "event" not in fields:
        return None
    return json.dumps({key: _event_value(key, value) for key, value in fields.items()})


def _event_value(key: str, value: Any) -> Any:
    if key not in SAFE_EVENT_FIELDS:
        return WITHHELD
    if isinstance(value, bool) or value is None:
        return value
    shape = _EVENT_NAME if key in _EVENT_NAME_FIELDS else _SAFE_VALUE
    if isinstance(value, (int, float, str)) and shape.fullmatch(str(value)):
        return value
    return WITHHELD


def redacted_traceback(error: BaseException) -> str:
    """The traceback Python would print for `error`, every exception's text withheld.

    File names, line numbers and source lines are code and stay; the messages are
    data (a database error quotes its SQL parameters, a KeyError its key).
    """
    chain = _exception_chain(error)
    parts: list[str] = []
    for position, newer in enumerate(chain):
        older = chain[position - 1] if position else None
        if older is not None:
            parts.append(
                "\nThe above exception was the direct cause of the following "
                "exception:\n\n"
                if newer.__cause__ is older
                else "\nDuring handling of the above exception, another exception "
                "occurred:\n\n"
            )
        if newer.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(newer.__traceback__))
        parts.append(f"{_qualified_name(type(newer))}: (message withheld)\n")
    return "".join(parts).rstrip("\n")


def _exception_chain(error: BaseException) -> list[BaseException]:
    """`error` and the exceptions it came from, oldest first, as Python prints them."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return chain[::-1]


def _qualified_name(kind: type) -> str:
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def is_own(logger_name: str) -> bool:
    return any(
        logger_name == own or logger_name.startswith(own + ".") for own in OWN_LOGGERS
    )


def redact(record: logging.LogRecord) -> None:
    """Rewrite `record` in place so that it holds no health data (rules above)."""
    if not is_own(record.name):
        record.msg, record.args = _third_party_message(record), ()
    if record.exc_info:
        error = record.exc_info[1]
        record.exc_info = None
        if error is not None:
            record.exc_text = redacted_traceback(error)


def _third_party_message(record: logging.LogRecord) -> str:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a broken log call must not break the process
        message = ""
    if record.name == "py.warnings":
        kept = warning_shape().render(message.rstrip("\n"))
    else:
        kept = safe_message(message) or safe_event(message)
    return kept or f"(message withheld, {record.module} line {record.lineno})"


def install() -> None:
    """Apply `redact` to every log record this process makes, warnings included.

    Idempotent. Call it before Rasa or rasa_sdk starts, in the same process.
    """
    current = logging.getLogRecordFactory()
    if getattr(current, "redacting", False):
        return

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        redact(record)
        return record

    redacting_factory.redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting_factory)
    logging.captureWarnings(True)
