"""Sender references that let logs be correlated without holding the number."""

from __future__ import annotations

import re

from bot.channels.redact import sender_ref


def test_reference_is_short_stable_and_not_the_number() -> None:
    number = "+15550001111"
    reference = sender_ref(number)
    assert re.fullmatch(r"[0-9a-f]{10}", reference)
    assert sender_ref(number) == reference
    assert "5550001111" not in reference


def test_different_senders_get_different_references() -> None:
    assert sender_ref("+15550001111") != sender_ref("+15550001112")
