"""Fixtures shared by the whole suite: the running bot for end-to-end tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from bot.stack import LocalStack, Ports, free_port

# BOT_TEST_MODEL runs the end-to-end tests against another model (e.g. one trained
# into /tmp while models/ is being rebuilt); `make test` uses the project's model.
MODEL = Path(os.environ.get("BOT_TEST_MODEL", PROJECT_ROOT / "models/screening.tar.gz"))
API_TOKEN = "test-api-token"


@pytest.fixture(scope="session")
def bot_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """The whole bot (Rasa, actions, web chat) in a temporary working directory.

    Its database is a SQLite file in that directory (`database_url`), so tests read
    back what the bot stored without touching the project's own database.
    """
    if not MODEL.exists():
        pytest.fail(
            f"No trained model at {MODEL}: run `make train` (`make test` does)."
        )
    workdir = tmp_path_factory.mktemp("stack")
    stack = LocalStack(
        model=MODEL,
        api_token=API_TOKEN,
        workdir=workdir,
        ports=Ports(free_port(), free_port(), free_port()),
        env={"DATABASE_URL": f"sqlite:///{workdir}/var/screening.db"},
    )
    with stack:
        yield stack


@pytest.fixture(scope="session")
def database_url(bot_stack: LocalStack) -> str:
    """The database the running bot stores screenings in."""
    return bot_stack.env["DATABASE_URL"]
