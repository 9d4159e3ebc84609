"""Log records as the redaction leaves them: no message text, value or id survives."""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections.abc import Iterator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot import log_redaction
from bot.log_redaction import (
    SAFE_MESSAGES,
    WITHHELD,
    install,
    redacted_traceback,
    safe_message,
)

TEXT = "my neck is stiff since march"
PHONE = "+15551234567"


def record(name: str, msg: object, *args: object, exc_info=None) -> logging.LogRecord:
    made = logging.LogRecord(name, logging.DEBUG, "x.py", 7, msg, args, exc_info)
    log_redaction.redact(made)
    return made


def shown(made: logging.LogRecord) -> str:
    return logging.Formatter("%(message)s").format(made)


def example_of(template: str) -> str:
    """`template` with each placeholder filled with a value it accepts."""
    values = {
        "{name}": "action_ask_q_cgh",
        "{number}": "3",
        "{url}": "http://127.0.0.1:5055/webhook",
        "{path}": "/srv/models/screening.tar.gz",
        "{conversation}": PHONE,
        "{any}": TEXT,
    }
    return re.sub(r"\{\w+\}", lambda m: values[m.group(0)], template)


@pytest.mark.parametrize("template", SAFE_MESSAGES)
def test_every_safe_shape_keeps_its_words_and_drops_ids_and_free_text(
    template: str,
) -> None:
    kept = shown(record("rasa.core.processor", example_of(template)))
    assert "withheld, x line" not in kept
    assert PHONE not in kept and TEXT not in kept


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Predicted next action 'utter_greet' with confidence 1.00.",
            "Predicted next action 'utter_greet' with confidence 1.00.",
        ),
        (
            f"Acquired lock for conversation '{PHONE}'.",
            "Acquired lock for conversation '<conversation>'.",
        ),
        (
            f"Acquired lock for conversation '{TEXT}' and more'.",
            "Acquired lock for conversation '<conversation>'.",
        ),
        # a kept part holds a name or a number, never words or a phone number
        (f"Predicted next action '{TEXT}' with confidence 1.00.", None),
        ("Logged UserUtterance - tracker now has 15551234567 events.", None),
        (f"Received user message '{TEXT}' with intent 'greet'", None),
        (TEXT, None),
    ],
)
def test_third_party_messages(message: str, expected: str | None) -> None:
    kept = shown(record("rasa.core.processor", message))
    assert kept == (expected or "(message withheld, x line 7)")


def test_arguments_are_formatted_before_the_shape_is_checked() -> None:
    kept = shown(
        record("rasa.core.lock_store", "Deleted lock for conversation %r.", PHONE)
    )
    assert kept == "Deleted lock for conversation '<conversation>'."


def test_a_broken_log_call_is_withheld_not_raised() -> None:
    assert "withheld" in shown(record("rasa.x", "%d items", "not a number"))


def test_structlog_events_keep_their_name_and_safe_fields_only() -> None:
    event = {
        "event": "processor.actions.log",
        "level": "debug",
        "action_name": "screening_form",
        "len_extraction_events": 2,
        "rasa_events": [f"SlotSet(key: findings, value: {TEXT})"],
        "parse_data_text": TEXT,
    }
    kept = json.loads(shown(record("rasa.core.processor", json.dumps(event))))
    assert kept == {
        **event,
        "rasa_events": WITHHELD,
        "parse_data_text": WITHHELD,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("action_name", TEXT), ("action_name", PHONE), ("event", "neck_stiffness")],
)
def test_a_safe_field_holding_anything_but_a_name_is_withheld_too(
    field: str, value: str
) -> None:
    event = {"event": "processor.actions.log", field: value}
    kept = json.loads(shown(record("rasa.core.processor", json.dumps(event))))
    assert kept[field] == WITHHELD


def test_our_own_loggers_keep_their_messages() -> None:
    kept = shown(record("bot.channels.rest", "Message refused: %s", "database"))
    assert kept == "Message refused: database"
    assert shown(record("actions.actions", "%s failed", "x")) == "x failed"


def raised() -> BaseException:
    try:
        try:
            raise KeyError(PHONE)
        except KeyError as error:
            raise ValueError(f"evidence: {TEXT}") from error
    except ValueError as error:
        return error


@pytest.mark.parametrize("logger", ["bot.dialogue", "rasa.core.processor"])
def test_exceptions_keep_type_and_traceback_but_not_their_text(logger: str) -> None:
    error = raised()
    kept = shown(record(logger, "failed", exc_info=(type(error), error, None)))
    assert "KeyError: (message withheld)" in kept
    assert "ValueError: (message withheld)" in kept
    assert "direct cause" in kept
    assert 'File "' in kept and "in raised" in kept  # where it happened
    assert PHONE not in kept and TEXT not in kept


def test_a_traceback_without_frames_is_just_the_type() -> None:
    assert redacted_traceback(OSError(TEXT)) == "OSError: (message withheld)"


@given(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), min_size=8)
)
@settings(deadline=None, max_examples=200)
def test_no_third_party_message_leaks_what_the_visitor_said(said: str) -> None:
    assume(said.strip() and safe_message(said) is None)
    for message in (said, f"Received user message '{said}'", f"Parsed: {said}"):
        kept = shown(record("rasa.core.processor", message))
        assert said not in kept


@pytest.fixture
def installed() -> Iterator[None]:
    factory = logging.getLogRecordFactory()
    install()
    yield
    logging.setLogRecordFactory(factory)
    logging.captureWarnings(False)


def test_install_redacts_every_record_and_warning(
    installed: None, caplog: pytest.LogCaptureFixture
) -> None:
    install()  # a second call changes nothing
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("rasa.core.processor").debug("Received '%s'", TEXT)
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn(f"about {TEXT}", UserWarning, stacklevel=1)
    assert TEXT not in caplog.text
    assert "UserWarning: <withheld>" in caplog.text
