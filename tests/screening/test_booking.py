"""Booking link: configured URL plus an opaque, random reference and nothing else."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.screening import booking_url, new_booking_reference


def test_references_are_url_safe_and_unique():
    references = {new_booking_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{16}", ref) for ref in references)


def test_booking_url_carries_only_the_reference(clinic):
    reference = new_booking_reference()
    url = booking_url(clinic.booking_url, reference)
    parts = urlsplit(url)
    configured = urlsplit(clinic.booking_url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        configured.scheme,
        configured.netloc,
        configured.path,
    )
    assert parse_qs(parts.query) == {"src": ["bot"], "ref": [reference]}


def test_an_existing_ref_parameter_is_replaced():
    reference = new_booking_reference()
    url = booking_url("https://clinic.test/book?ref=old", reference)
    assert parse_qs(urlsplit(url).query) == {"ref": [reference]}


def test_no_booking_url_configured_gives_none():
    assert booking_url("", new_booking_reference()) is None


@pytest.mark.parametrize("reference", ["", "short", "neck pain left side!!", None])
def test_anything_but_a_generated_reference_is_refused(reference):
    with pytest.raises(ValueError, match="new_booking_reference"):
        booking_url("https://clinic.test/book", reference)
