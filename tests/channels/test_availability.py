"""Asking the database and the action server whether they answer."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web

from bot.channels.availability import (
    ACTION_SERVER,
    DATABASE,
    action_server_answers,
    database_answers,
    unavailable_dependencies,
)
from bot.settings import get_settings
from bot.storage.db import database_for


@dataclass
class Endpoint:
    url: str


@dataclass
class Agent:
    action_endpoint: Endpoint | None


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Point DATABASE_URL at a given URL for one test."""

    def use(url: str) -> None:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        database_for.cache_clear()

    yield use
    get_settings.cache_clear()
    database_for.cache_clear()


def health_server(status: int):
    """An action server stand-in whose /health answers `status`."""

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"}, status=status)

    app = web.Application()
    app.router.add_get("/health", health)
    return app


async def ask_action_server(app: web.Application) -> bool:
    """`action_server_answers` about `app` served as an action server."""
    runner = web.AppRunner(app)
    await runner.setup()
    port = closed_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        return await action_server_answers(Endpoint(f"http://127.0.0.1:{port}/webhook"))
    finally:
        await runner.cleanup()


def test_a_sqlite_database_answers(database_url, tmp_path: Path) -> None:
    database_url(f"sqlite:///{tmp_path}/bot.db")
    assert asyncio.run(database_answers()) is True


def test_an_unreachable_database_does_not(database_url) -> None:
    database_url(f"postgresql://postgres@127.0.0.1:{closed_port()}/none")
    assert asyncio.run(database_answers()) is False


@pytest.mark.parametrize(("status", "answers"), [(200, True), (500, False)])
def test_the_action_server_answers_when_its_health_says_so(
    status: int, answers: bool
) -> None:
    assert asyncio.run(ask_action_server(health_server(status))) is answers


def test_an_action_server_not_listening_does_not_answer() -> None:
    endpoint = Endpoint(f"http://127.0.0.1:{closed_port()}/webhook")
    assert asyncio.run(action_server_answers(endpoint)) is False


@pytest.mark.parametrize("endpoint", [None, Endpoint("http://actions.example/run")])
def test_without_a_health_url_to_ask_the_action_server_counts_as_up(
    endpoint: Endpoint | None,
) -> None:
    assert asyncio.run(action_server_answers(endpoint)) is True


def test_unavailable_dependencies_names_each_one_down(
    database_url, tmp_path: Path
) -> None:
    actions_down = Agent(Endpoint(f"http://127.0.0.1:{closed_port()}/webhook"))
    database_url(f"sqlite:///{tmp_path}/bot.db")
    assert asyncio.run(unavailable_dependencies(Agent(None))) == []
    assert asyncio.run(unavailable_dependencies(None)) == []  # model still loading
    assert asyncio.run(unavailable_dependencies(actions_down)) == [ACTION_SERVER]
    database_url(f"postgresql://postgres@127.0.0.1:{closed_port()}/none")
    assert asyncio.run(unavailable_dependencies(actions_down)) == [
        DATABASE,
        ACTION_SERVER,
    ]
