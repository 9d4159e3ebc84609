"""Channel settings: credentials.yml first, then the environment."""

from __future__ import annotations

import pytest
from rasa.core.run import create_http_input_channels

from bot.channels.credentials import (
    Setting,
    disabled_message,
    missing_env,
    parse_bool,
    parse_int,
    read_settings,
)
from bot.channels.messenger import MessengerInput
from bot.channels.twilio_sms import TwilioSmsInput
from bot.settings import PROJECT_ROOT

TOKEN = Setting("auth_token", "X_TOKEN")
NUMBER = Setting("number", "X_NUMBER")
SETTINGS = (TOKEN, NUMBER)


@pytest.mark.parametrize(
    ("credentials", "environ", "values"),
    [
        (None, {}, {"auth_token": None, "number": None}),
        ({}, {"X_TOKEN": "env"}, {"auth_token": "env", "number": None}),
        (
            {"auth_token": "file"},
            {"X_TOKEN": "env"},
            {"auth_token": "file", "number": None},
        ),
        (
            {"auth_token": None},
            {"X_TOKEN": "env"},
            {"auth_token": "env", "number": None},
        ),
        (
            {"auth_token": "  "},
            {"X_TOKEN": "env"},
            {"auth_token": "env", "number": None},
        ),
        ({}, {"X_TOKEN": "  "}, {"auth_token": None, "number": None}),
        ({"number": 15550001111}, {}, {"auth_token": None, "number": "15550001111"}),
        (
            {"unrelated": "x"},
            {"X_NUMBER": " +1555 "},
            {"auth_token": None, "number": "+1555"},
        ),
    ],
)
def test_read_settings(credentials, environ, values) -> None:
    assert read_settings(SETTINGS, credentials, environ) == values


def test_read_settings_defaults_to_the_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("X_TOKEN", "from-os")
    assert read_settings(SETTINGS, None)["auth_token"] == "from-os"


def test_missing_env_names_the_variables_to_set() -> None:
    values = {"auth_token": None, "number": "+1555"}
    assert missing_env(values, SETTINGS) == ["X_TOKEN"]
    assert missing_env({"auth_token": "t", "number": "n"}, SETTINGS) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, True), ("true", True), ("Yes", True), ("1", True), ("false", False),
     ("NO", False), ("0", False)],
)  # fmt: skip
def test_parse_bool(value: str | None, expected: bool) -> None:
    assert parse_bool(value, TOKEN, default=True) is expected


@pytest.mark.parametrize("value", ["maybe", "", "2"])
def test_parse_bool_refuses_anything_else(value: str) -> None:
    with pytest.raises(ValueError, match="X_TOKEN"):
        parse_bool(value, TOKEN, default=True)


@pytest.mark.parametrize(("value", "expected"), [(None, 2), ("3", 3), (" 4 ", 4)])
def test_parse_int(value: str | None, expected: int) -> None:
    assert parse_int(value, NUMBER, default=2) == expected


def test_parse_int_refuses_anything_else() -> None:
    with pytest.raises(ValueError, match="X_NUMBER"):
        parse_int("two", NUMBER, default=2)


def test_disabled_message_names_the_variables_and_the_readme() -> None:
    message = disabled_message("Twilio SMS", ["A_VAR", "B_VAR"])
    assert "A_VAR, B_VAR" in message
    assert "503" in message
    assert "bot/channels/README.md" in message


def test_committed_credentials_file_starts_without_secrets() -> None:
    """`make run` on a fresh machine: both channels load, disabled, none crashes."""
    channels = create_http_input_channels(None, str(PROJECT_ROOT / "credentials.yml"))
    by_name = {channel.name(): channel for channel in channels}
    assert set(by_name) == {"rest", "twilio", "facebook"}
    assert isinstance(by_name["twilio"], TwilioSmsInput)
    assert isinstance(by_name["facebook"], MessengerInput)
    assert by_name["twilio"].missing_env
    assert by_name["facebook"].missing_env


def test_committed_credentials_file_holds_no_values() -> None:
    text = (PROJECT_ROOT / "credentials.yml").read_text()
    entries = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert all(line.endswith(":") for line in entries)
