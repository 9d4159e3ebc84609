"""Keyed hashes of phone numbers: stable, separate per use, and not the number."""

from __future__ import annotations

import re

import pytest

from bot.storage.phone_hash import MIN_KEY_CHARS, PhoneHasher

NUMBER = "+15550001111"
HASHER = PhoneHasher.from_secret("a" * MIN_KEY_CHARS)


def test_conversation_id_is_stable_prefixed_and_not_the_number() -> None:
    conversation_id = HASHER.conversation_id(NUMBER)
    assert re.fullmatch(r"sms-[0-9a-f]{32}", conversation_id)
    assert HASHER.conversation_id(NUMBER) == conversation_id
    assert "5550001111" not in conversation_id


def test_opt_out_hash_is_full_length_and_differs_from_the_conversation_id() -> None:
    opt_out_hash = HASHER.opt_out_hash(NUMBER)
    assert re.fullmatch(r"[0-9a-f]{64}", opt_out_hash)
    assert HASHER.conversation_id(NUMBER).removeprefix("sms-") not in opt_out_hash


@pytest.mark.parametrize(
    ("first", "second"),
    [(NUMBER, "+15550001112"), (NUMBER, "+445550001111")],
)
def test_different_numbers_get_different_hashes(first: str, second: str) -> None:
    assert HASHER.conversation_id(first) != HASHER.conversation_id(second)
    assert HASHER.opt_out_hash(first) != HASHER.opt_out_hash(second)


def test_the_key_changes_every_hash() -> None:
    other = PhoneHasher.from_secret("b" * MIN_KEY_CHARS)
    assert other.conversation_id(NUMBER) != HASHER.conversation_id(NUMBER)
    assert other.opt_out_hash(NUMBER) != HASHER.opt_out_hash(NUMBER)


def test_surrounding_blanks_do_not_matter() -> None:
    assert HASHER.opt_out_hash(f" {NUMBER}\n") == HASHER.opt_out_hash(NUMBER)
    padded = PhoneHasher.from_secret(f"  {'a' * MIN_KEY_CHARS}\n")
    assert padded.conversation_id(NUMBER) == HASHER.conversation_id(NUMBER)


@pytest.mark.parametrize("secret", ["", "short", " " * 40, "a" * (MIN_KEY_CHARS - 1)])
def test_a_short_key_is_refused_naming_the_setting(secret: str) -> None:
    with pytest.raises(ValueError, match="PHONE_HASH_KEY"):
        PhoneHasher.from_secret(secret)


def test_the_key_is_not_in_its_repr() -> None:
    assert "aaaa" not in repr(HASHER)
