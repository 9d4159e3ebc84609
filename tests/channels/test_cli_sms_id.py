"""`python -m bot sms-id`: from a phone number to its conversation id."""

from __future__ import annotations

import argparse
import io

import pytest

from bot.channels import cli_sms_id
from bot.storage.phone_hash import PhoneHasher

KEY = "cli-test-phone-hash-key-with-enough-characters"
NUMBER = "+15550001111"


def run_with_input(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    return cli_sms_id.run(argparse.Namespace())


@pytest.mark.parametrize("typed", [NUMBER, "+1 (555) 000-1111", f"  {NUMBER}\n"])
def test_prints_the_conversation_id_the_bot_uses(
    typed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("PHONE_HASH_KEY", KEY)
    assert run_with_input(typed, monkeypatch) == 0
    expected = PhoneHasher.from_secret(KEY).conversation_id(NUMBER)
    assert capsys.readouterr().out.strip() == expected


@pytest.mark.parametrize("typed", ["5550001111", "+1555abc", "", "+0123456789"])
def test_a_number_not_in_international_form_is_refused(
    typed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("PHONE_HASH_KEY", KEY)
    assert run_with_input(typed, monkeypatch) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "international form" in captured.err


def test_without_the_key_it_says_which_setting_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    assert run_with_input(NUMBER, monkeypatch) == 1
    assert "PHONE_HASH_KEY" in capsys.readouterr().err
