"""Conversation ids per channel and the web chat's signed ids (issue 13, item 7)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.channels.conversation_ids import (
    CHANNEL_PREFIXES,
    SECRET_ENV,
    WebChatIds,
    channel_namespace,
    messenger_id,
    psid_of,
    rest_may_use,
)
from bot.storage.phone_hash import PhoneHasher

IDS = WebChatIds(b"k" * 32)


def test_item7_the_channel_namespaces_are_web_sms_and_fb() -> None:
    assert set(CHANNEL_PREFIXES) == {"web-", "sms-", "fb-"}
    sms_id = PhoneHasher.from_secret("x" * 32).conversation_id("+15551234567")
    assert channel_namespace(sms_id) == "sms-"
    assert channel_namespace(IDS.new_id()) == "web-"
    assert channel_namespace(messenger_id("1234")) == "fb-"


def test_item7_messenger_ids_round_trip_and_nothing_else_is_a_psid() -> None:
    assert messenger_id("1234") == "fb-1234"
    assert psid_of("fb-1234") == "1234"
    for other in ["1234", "web-1234", "sms-1234", "fb-"]:
        assert psid_of(other) is None


def test_item7_a_signed_cookie_carries_its_id_back() -> None:
    conversation = IDS.new_id()
    assert conversation.startswith("web-") and len(conversation) == 28
    assert IDS.id_from_cookie(IDS.cookie_value(conversation)) == conversation
    assert IDS.new_id() != conversation


def tampered() -> dict[str, str | None]:
    conversation = IDS.new_id()
    value = IDS.cookie_value(conversation)
    other_key = WebChatIds(b"o" * 32)
    flipped = value[:-1] + ("A" if value[-1] != "A" else "B")
    return {
        "missing": None,
        "empty": "",
        "unsigned id": conversation,
        "an SMS id": "sms-" + "0" * 32,
        "an SMS id, signed form": "sms-" + value[4:],
        "other id, same signature": IDS.new_id() + value[len(conversation) :],
        "signature changed": flipped,
        "signed with another key": other_key.cookie_value(conversation),
        "over 255 characters": value + "x" * 300,
        "non-ASCII signature": value[:-1] + "\u00e9",
    }


@pytest.mark.parametrize("name", list(tampered()))
def test_item7_unsigned_or_tampered_cookies_carry_no_id(name: str) -> None:
    assert IDS.id_from_cookie(tampered()[name]) is None


def test_item7_secret_from_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SECRET_ENV, "s" * 40)
    ids = WebChatIds.from_environment(tmp_path / "secret")
    assert ids.key == b"s" * 40
    assert not (tmp_path / "secret").exists()


def test_item7_a_short_secret_is_refused_naming_the_variable(monkeypatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "short")
    with pytest.raises(ValueError, match=SECRET_ENV):
        WebChatIds.from_environment()


def test_item7_without_the_variable_a_secret_is_made_once_owner_only(
    monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    key_file = tmp_path / "var" / "webchat_cookie_secret"
    first = WebChatIds.from_environment(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.key) >= 32
    assert WebChatIds.from_environment(key_file) == first


def test_item7_rest_clients_keep_their_own_ids_only() -> None:
    web = IDS.new_id()
    cookie = IDS.cookie_value(web)
    assert rest_may_use("visitor-1", None, IDS)
    assert rest_may_use("website", None, IDS)  # no hyphen: not the web namespace
    assert rest_may_use(web, cookie, IDS)
    assert not rest_may_use(web, None, IDS)
    assert not rest_may_use(web, IDS.cookie_value(IDS.new_id()), IDS)
    assert not rest_may_use(web, cookie, None)
    for other in ["sms-" + "0" * 32, "SMS-abc", "fb-1234", "Fb-1234", "WEB-abc"]:
        assert not rest_may_use(other, cookie, IDS)
