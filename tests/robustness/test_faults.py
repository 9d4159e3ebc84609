"""The database or the action server going away, and the bot starting without them.

PostgreSQL is not stopped for real (other tests use the machine's server): the bot
reaches a database of its own through `TcpProxy`, and cutting the proxy does to the
bot what a stopped server does, every connection dropped and new ones refused;
restoring it is the restart. While a dependency is down the visitor is asked to
try again shortly, nothing stored is lost, and afterwards the conversation goes on
from where it was.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from bot.stack import LocalStack, StackError, free_port
from tests.support.databases import fresh_postgres_database
from tests.support.model import MODEL

from .clients import WebChat, rest, say
from .harness import running_bot
from .tcp_proxy import TcpProxy, proxy_to

pytestmark = pytest.mark.timeout(900)

POSTGRES_PORT = 5432
TRY_AGAIN = "try again shortly"
STORY = "my head hurts on the right side and my neck is stiff since march"
EMERGENCY_STORY = "the worst headache of my life, it came on suddenly an hour ago"
SAFETY_QUESTION = "have you had any of these?"
OTHER_FLAGS_QUESTION = "Do any of these apply to you?"
FAILS_FAST_S = 60


@dataclass
class FaultyBot:
    stack: LocalStack
    proxy: TcpProxy
    database_url: str  # straight to PostgreSQL, not through the proxy


@pytest.fixture(scope="module")
def faulty(
    tmp_path_factory: pytest.TempPathFactory, trained_model: Path
) -> Iterator[FaultyBot]:
    with fresh_postgres_database() as url, proxy_to(POSTGRES_PORT) as proxy:
        proxied = url.replace(f":{POSTGRES_PORT}/", f":{proxy.port}/")
        assert proxied != url
        workdir = tmp_path_factory.mktemp("faults")
        env = {"DATABASE_URL": proxied}
        with running_bot(workdir, trained_model, env=env) as (stack, _):
            yield FaultyBot(stack, proxy, url)


@dataclass
class Visitors:
    """The conversations the fault tests carry through the outages."""

    rest_sender: str
    web_chat: WebChat


@pytest.fixture(scope="module")
def visitors(faulty: FaultyBot) -> Visitors:
    """One REST and one web chat visitor, both asked for their story."""
    sender = f"faults-{uuid.uuid4().hex}"
    say(faulty.stack, sender, "hello")
    assert "own words" in " ".join(say(faulty.stack, sender, "yes"))
    web_chat = WebChat(faulty.stack)
    assert web_chat.post({"message": "hello"}).status == 200
    assert web_chat.post({"message": "yes"}).status == 200
    return Visitors(sender, web_chat)


def bot_env() -> dict[str, str]:
    """The environment the stack gives its processes (PYTHONPATH and the rest)."""
    return LocalStack(model=MODEL, api_token="").process_env()


def unreachable_database() -> str:
    return f"postgresql://postgres@127.0.0.1:{free_port()}/none"


def export(database_url: str, conversation: str) -> dict:
    """The stored screening of `conversation`, read back as staff would."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "export", "--format", "jsonl"]
        + ["--conversation", conversation],
        env={**bot_env(), "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    return record


def assert_asked_to_try_again(stack: LocalStack, visitors: Visitors, text: str):
    refused = rest(stack, {"sender": visitors.rest_sender, "message": text})
    assert refused.status == 503 and TRY_AGAIN in refused.json()["error"]
    relayed = visitors.web_chat.post({"message": text})
    assert relayed.status == 503 and TRY_AGAIN in relayed.json()["error"]


@pytest.mark.db
def test_a_database_outage_asks_to_try_again_and_loses_nothing(
    faulty: FaultyBot, visitors: Visitors
) -> None:
    stack = faulty.stack
    done = f"faults-done-{uuid.uuid4().hex}"
    for text in ("hello", "yes"):
        say(stack, done, text)
    assert "emergency" in " ".join(say(stack, done, EMERGENCY_STORY))
    before = export(faulty.database_url, done)

    faulty.proxy.cut()
    try:
        assert_asked_to_try_again(stack, visitors, STORY)
        assert rest(stack, {"sender": done, "message": "hello"}).status == 503
    finally:
        faulty.proxy.restore()

    assert SAFETY_QUESTION in " ".join(say(stack, visitors.rest_sender, STORY))
    relayed = visitors.web_chat.post({"message": STORY})
    assert relayed.status == 200
    assert SAFETY_QUESTION in " ".join(m["text"] for m in relayed.json()["messages"])
    assert export(faulty.database_url, done) == before
    assert before["triage"] == "emergency"


@pytest.mark.db
def test_the_action_server_down_asks_to_try_again_then_goes_on(
    faulty: FaultyBot, visitors: Visitors
) -> None:
    stack = faulty.stack
    say(stack, visitors.rest_sender, STORY)  # wherever it was: at the safety question
    faulty.stack.stop_process("actions")
    try:
        assert_asked_to_try_again(stack, visitors, "none of these")
        assert rest(stack, {"sender": "faults-new", "message": "hello"}).status == 503
    finally:
        faulty.stack.restart_actions()
    answer = " ".join(say(stack, visitors.rest_sender, "none of these"))
    assert OTHER_FLAGS_QUESTION in answer


def test_rasa_refuses_to_start_without_its_database(
    tmp_path: Path, trained_model: Path
) -> None:
    """`rasa run` stops at once with what to fix, instead of retrying forever."""
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "serve",
            "rasa",
            "run",
            "--model",
            str(trained_model),
            "--endpoints",
            str(PROJECT_ROOT / "endpoints.yml"),
            "--credentials",
            str(PROJECT_ROOT / "credentials.yml"),
            "--interface",
            "127.0.0.1",
            "--port",
            str(free_port()),
        ],  # fmt: skip
        cwd=tmp_path,
        env={**bot_env(), "DATABASE_URL": unreachable_database()},
        capture_output=True,
        text=True,
        timeout=FAILS_FAST_S * 2,
        check=False,
    )
    assert done.returncode != 0
    assert time.monotonic() - started < FAILS_FAST_S
    output = done.stdout + done.stderr
    assert "Cannot reach the database" in output and "Check DATABASE_URL" in output


def test_the_stack_does_not_start_without_its_database(
    tmp_path: Path, trained_model: Path
) -> None:
    stack = LocalStack(
        model=trained_model,
        api_token="t",
        workdir=tmp_path,
        env={"DATABASE_URL": unreachable_database()},
    )
    started = time.monotonic()
    with pytest.raises(StackError, match="Cannot reach the database"):
        stack.start(webchat=False)
    stack.stop()
    assert time.monotonic() - started < FAILS_FAST_S
