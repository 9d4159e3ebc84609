"""/book/<ref>: a booking link's click is counted and the visitor forwarded to the
clinic's booking page with the same ref; previews and bad refs are not counted."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.screening.booking import new_booking_reference
from bot.settings import get_settings
from bot.storage import migrate
from bot.storage.db import database_for, get_database
from bot.storage.repository import ScreeningRepository
from bot.webchat import server
from tests.storage.helpers import record

from .test_server import IDS, SETTINGS

BOOKING = "https://book.clinic.example/new?clinic=7"


@pytest.fixture
def reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'screening.db'}")
    monkeypatch.setenv("CLINIC_BOOKING_URL", BOOKING)
    get_settings.cache_clear()
    database_for.cache_clear()
    migrate.upgrade(get_database())
    ref = new_booking_reference()
    ScreeningRepository(get_database()).save_record(
        record("web-a", booking_reference=ref)
    )
    yield ref
    database_for.cache_clear()
    get_settings.cache_clear()


def follow(ref: str, method: str = "GET", agent: str = "Mozilla/5.0") -> str:
    async def go() -> str:
        app = server.create_app("http://127.0.0.1:9", IDS, SETTINGS, rasa_token="")
        async with TestClient(TestServer(app)) as client:
            response = await client.request(
                method,
                f"/book/{ref}",
                allow_redirects=False,
                headers={"User-Agent": agent},
            )
            assert response.status == 302
            return response.headers["Location"]

    return asyncio.run(go())


def clicks(ref: str) -> int:
    repo = ScreeningRepository(get_database())
    (item,) = repo.list_screenings(actor="test").items
    return repo.get(item.id, actor="test").booking_clicks


def test_a_click_is_counted_and_forwarded_with_its_ref(reference: str) -> None:
    assert follow(reference) == f"{BOOKING}&ref={reference}"
    follow(reference)
    assert clicks(reference) == 2


@pytest.mark.parametrize(
    ("method", "agent"),
    [
        ("HEAD", "Mozilla/5.0"),
        ("GET", "facebookexternalhit/1.1"),
        ("GET", "WhatsApp/2.23"),
        ("GET", "Slackbot-LinkExpanding 1.0"),
    ],
)
def test_link_previews_are_forwarded_but_not_counted(
    reference: str, method: str, agent: str
) -> None:
    assert follow(reference, method, agent).endswith(f"ref={reference}")
    assert clicks(reference) == 0


def test_an_unknown_or_malformed_ref_still_reaches_the_booking_page(
    reference: str,
) -> None:
    unknown = new_booking_reference()
    assert follow(unknown) == f"{BOOKING}&ref={unknown}"
    assert follow("not a ref!") == BOOKING
    assert clicks(reference) == 0
