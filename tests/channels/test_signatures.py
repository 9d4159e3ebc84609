"""Signature checks against independent implementations; Twilio's is Twilio's own."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from twilio.request_validator import RequestValidator

from bot.channels.signatures import (
    hub_signature_256,
    is_valid_hub_signature,
    is_valid_twilio_signature,
)

TOKEN = "test-auth-token"
SECRET = "test-app-secret"
URL = "https://bot.example/webhooks/twilio/webhook"
FORM = {"From": ["+15550001111"], "Body": ["my neck hurts"], "NumMedia": ["0"]}


def independent_twilio_signature(token: str, url: str, form: dict) -> str:
    """Twilio's documented algorithm, written out separately from the product code."""
    data = url
    for name in sorted(form):
        for value in sorted(form[name]):
            data += name + value
    mac = hmac.new(token.encode("utf-8"), data.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


def independent_hub_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    ("url", "form"),
    [
        (URL, FORM),
        (URL, {}),
        ("https://bot.example/sms?clinic=north&x=1", FORM),
        (URL, {"Body": ["ünïcödé & <xml> ✓"], "From": ["+447700900123"]}),
        (URL, {"b": ["2"], "a": ["1"], "A": ["0"]}),  # case-sensitive sort order
    ],
)
def test_twilio_signature_of_the_documented_algorithm_is_accepted(
    url: str, form: dict
) -> None:
    signature = independent_twilio_signature(TOKEN, url, form)
    assert is_valid_twilio_signature(TOKEN, url, form, signature)


def test_twilio_signature_matches_twilio_documentation_example() -> None:
    params = {
        "CallSid": ["CA1234567890ABCDE"],
        "Caller": ["+12349013030"],
        "Digits": ["1234"],
        "From": ["+12349013030"],
        "To": ["+18005551212"],
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert is_valid_twilio_signature("12345", url, params, signature)


def test_every_value_of_a_repeated_parameter_is_signed() -> None:
    form = {**FORM, "MediaUrl": ["https://a.example/1", "https://a.example/0"]}
    signature = independent_twilio_signature(TOKEN, URL, form)
    assert is_valid_twilio_signature(TOKEN, URL, form, signature)
    one_value = {**form, "MediaUrl": ["https://a.example/1"]}
    assert not is_valid_twilio_signature(TOKEN, URL, one_value, signature)


def test_issue14_twilio_check_is_twilios_own_validator(monkeypatch) -> None:
    """No hand-written copy of Twilio's algorithm: its RequestValidator decides."""
    calls = []

    def validate(self, uri, params, signature) -> bool:
        calls.append((uri, dict(params), signature))
        return True

    monkeypatch.setattr(RequestValidator, "validate", validate)
    assert is_valid_twilio_signature(TOKEN, URL, FORM, "anything")
    assert calls == [(URL, FORM, "anything")]


@pytest.mark.parametrize(
    ("signed_url", "checked_url", "token", "form", "valid"),
    [
        (URL, URL, TOKEN, FORM, True),
        (URL, URL, "another-token", FORM, False),
        (URL, URL, TOKEN, {**FORM, "Body": ["tampered"]}, False),
        (URL, URL, TOKEN, {**FORM, "Extra": ["1"]}, False),
        (URL, "https://bot.example/webhooks/twilio/other", TOKEN, FORM, False),
        ("https://bot.example:443/webhooks/twilio/webhook", URL, TOKEN, FORM, True),
        (URL, "https://bot.example:443/webhooks/twilio/webhook", TOKEN, FORM, True),
        ("http://bot.example:8080/x", "http://bot.example:8080/x", TOKEN, FORM, True),
    ],
)
def test_twilio_signature_validation(
    signed_url: str, checked_url: str, token: str, form: dict, valid: bool
) -> None:
    signature = independent_twilio_signature(token, signed_url, form)
    assert is_valid_twilio_signature(TOKEN, checked_url, FORM, signature) is valid


@pytest.mark.parametrize("signature", [None, "", "not-base64", "sha1=abc", "é" * 28])
def test_missing_or_junk_twilio_signature_is_invalid(signature: str | None) -> None:
    assert not is_valid_twilio_signature(TOKEN, URL, FORM, signature)


BODY = b'{"object":"page","entry":[]}'


def test_hub_signature_matches_independent_implementation() -> None:
    assert hub_signature_256(SECRET, BODY) == independent_hub_signature(SECRET, BODY)


@pytest.mark.parametrize(
    ("header", "valid"),
    [
        (independent_hub_signature(SECRET, BODY), True),
        (" " + independent_hub_signature(SECRET, BODY) + " ", True),
        (independent_hub_signature("other-secret", BODY), False),
        (independent_hub_signature(SECRET, BODY + b" "), False),
        (independent_hub_signature(SECRET, BODY).upper(), False),
        ("sha1=" + hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest(), False),
        (independent_hub_signature(SECRET, BODY).removeprefix("sha256="), False),
        ("sha256=" + "é" * 64, False),
        ("", False),
        (None, False),
    ],
)
def test_hub_signature_validation(header: str | None, valid: bool) -> None:
    assert is_valid_hub_signature(SECRET, BODY, header) is valid
