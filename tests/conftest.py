"""Fixtures shared by the whole suite: the running bot for end-to-end tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from bot.settings import PROJECT_ROOT
from bot.stack import LocalStack, Ports

MODEL = PROJECT_ROOT / "models" / "screening.tar.gz"
API_TOKEN = "test-api-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def bot_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """The whole bot (Rasa, actions, web chat) in a temporary working directory."""
    if not MODEL.exists():
        pytest.fail(
            f"No trained model at {MODEL}: run `make train` (`make test` does)."
        )
    stack = LocalStack(
        model=MODEL,
        api_token=API_TOKEN,
        workdir=tmp_path_factory.mktemp("stack"),
        ports=Ports(free_port(), free_port(), free_port()),
    )
    with stack:
        yield stack
