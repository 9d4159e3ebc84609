"""Fixtures shared by the whole suite, and the tier of every test.

Tiers are markers (registered in pyproject.toml): `db` needs PostgreSQL or Redis,
`stack` starts the bot (so needs the trained model), `browser` drives Chromium and
`slow` takes seconds a test (property tests over many inputs). A test may be in
several; `unit` is a test in none of them, what `make test-unit` runs. The tiers are
set here from the fixtures a test uses, directly or through other fixtures, so a new
test lands in its tier by using them; a test that reaches a service some other way
carries the marker itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.stack import LocalStack, Ports, free_port
from tests.support.model import MODEL

API_TOKEN = "test-api-token"
TIERS = ("db", "stack", "browser", "slow")
FIXTURE_TIERS = {
    "trained_model": "stack",  # every fixture that starts the bot asks for it
    "browser": "browser",  # Playwright's Chromium, in tests/e2e and tests/staff
}


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by these markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for name in item.fixturenames:
            if name in FIXTURE_TIERS:
                item.add_marker(FIXTURE_TIERS[name])
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker("unit")


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model to start the bot with; a test using it is in the `stack` tier.

    A missing model fails the test, it is never a reason to skip it.
    """
    if not MODEL.exists():
        pytest.fail(
            f"No trained model at {MODEL}: run `make train` (`make test` does)."
        )
    return MODEL


@pytest.fixture(scope="session")
def bot_stack(
    trained_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalStack]:
    """The whole bot (Rasa, actions, web chat) in a temporary working directory.

    Its database is a SQLite file in that directory (`database_url`), so tests read
    back what the bot stored without touching the project's own database.
    """
    workdir = tmp_path_factory.mktemp("stack")
    stack = LocalStack(
        model=trained_model,
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
