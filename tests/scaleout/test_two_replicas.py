"""Two Rasa servers sharing one PostgreSQL tracker store and a Redis lock store.

The bot runs as Rasa scales it out (bench/replicas.py): two Rasa servers on the same
model and action server, conversations in one fresh PostgreSQL database, the
per-conversation lock in Redis. Simulated patients (bench/conversations.py) talk to
it at once, each conversation's turns alternating between the two servers. Every
conversation's tracker, read back through Rasa's HTTP API, must then hold exactly
the messages its patient sent, in order (none lost, none twice, none from another
conversation), each followed by exactly the replies the patient received for it.

Needs PostgreSQL (TEST_POSTGRES_URL, as the storage suite) and Redis on
127.0.0.1:6379 (TEST_REDIS_URL); the database and the lock keys are the test's own
and are removed afterwards. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import string
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import redis

from bench.client import Conversation, run_conversations, send
from bench.conversations import PatientDialogue, ResponseIndex, patients
from bench.replicas import delete_locks, replica_stack
from bot.stack import LocalStack, Ports, free_port
from tests.support.databases import fresh_postgres_database

pytestmark = [pytest.mark.timeout(900), pytest.mark.db]  # PostgreSQL and Redis

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
API_TOKEN = "scaleout-api-token"
CONVERSATIONS = 100
LOCK_PAIRS = 6
# Rasa's ticket lock polls once a second: a message that waited for the other
# replica to finish the same conversation takes at least this long.
LOCK_WAIT_MS = 1000
SECOND_MESSAGE_DELAY_S = 0.015  # lets the first message take the lock first


@pytest.fixture(scope="module")
def replicas(
    tmp_path_factory: pytest.TempPathFactory, trained_model: Path
) -> Iterator[LocalStack]:
    _require_redis()
    key_prefix = f"scaleout{secrets.token_hex(6)}"
    with fresh_postgres_database() as database_url:
        stack = replica_stack(
            model=trained_model,
            api_token=API_TOKEN,
            workdir=tmp_path_factory.mktemp("replicas"),
            ports=Ports(
                free_port(), free_port(), free_port(), free_port(), (free_port(),)
            ),
            database_url=database_url,
            redis_url=REDIS_URL,
            key_prefix=key_prefix,
        )
        try:
            stack.start(webchat=False)
            yield stack
        finally:
            stack.stop()
            delete_locks(REDIS_URL, key_prefix)


def test_100_concurrent_conversations_each_keep_exactly_their_own_turns(
    replicas: LocalStack,
) -> None:
    responses = ResponseIndex.of_server(replicas.rasa_url, API_TOKEN)
    dialogues = [
        PatientDialogue(with_token(patient), responses)
        for patient in patients(CONVERSATIONS, seed=23)
    ]
    run = asyncio.run(
        run_conversations(
            replicas.rasa_urls,
            dialogues,
            concurrency=CONVERSATIONS,
            sender_prefix=f"scaleout-{secrets.token_hex(4)}",
        )
    )

    failed = [
        (c.sender, t.error) for c in run.conversations for t in c.turns if t.error
    ]
    assert not failed, f"turns that failed: {failed[:5]}"
    unfinished = [c.sender for c in run.conversations if not c.finished]
    assert not unfinished, f"conversations that did not reach their end: {unfinished}"
    for conversation in run.conversations:
        assert {turn.server for turn in conversation.turns} == {0, 1}
    for number, conversation in enumerate(run.conversations):
        reader = replicas.rasa_urls[number % 2]  # either replica sees every turn
        assert transcript(reader, conversation.sender) == [
            (turn.text, turn.replies) for turn in conversation.turns
        ], f"the stored transcript of {conversation.sender} differs"


def test_one_conversations_messages_on_both_replicas_at_once_wait_for_each_other(
    replicas: LocalStack,
) -> None:
    """The lock is shared: a message that reaches one replica while the other is
    still answering the same conversation waits for it instead of racing it."""
    waits = [
        asyncio.run(simultaneous_interruptions(replicas.rasa_urls, f"lock-{n}"))
        for n in range(LOCK_PAIRS)
    ]
    assert max(waits) >= LOCK_WAIT_MS, "no message ever waited for the other replica"


async def simultaneous_interruptions(urls: list[str], prefix: str) -> float:
    """Open a screening, then send two messages of it to the two replicas 15 ms
    apart; check the transcript and return the second message's latency (ms)."""
    conversation = Conversation(f"{prefix}-{secrets.token_hex(4)}")
    async with aiohttp.ClientSession() as session:
        for server, text in enumerate(["hi", "yes"]):
            turn = await send(session, urls[server], server, conversation.sender, text)
            conversation.turns.append(turn)

        async def later(text: str) -> Any:
            await asyncio.sleep(SECOND_MESSAGE_DELAY_S)
            return await send(session, urls[1], 1, conversation.sender, text)

        first, second = await asyncio.gather(
            send(session, urls[0], 0, conversation.sender, "are you a bot?"),
            later("can I talk to a person"),
        )
    turns = [*conversation.turns, first, second]
    assert all(turn.ok for turn in turns), [turn.error for turn in turns]
    stored = transcript(urls[0], conversation.sender)
    expected = [(turn.text, turn.replies) for turn in turns]
    assert stored[:2] == expected[:2]
    assert sorted(stored[2:]) == sorted(expected[2:]), "the two messages interleaved"
    return second.latency_ms


def with_token(patient: Any) -> Any:
    """The patient with a token of its own in its story, so that a message that
    strayed into another conversation could not pass for one of its own."""
    token = "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
    story = f"{patient.answers['story']} (ref {token})"
    return replace(patient, answers={**patient.answers, "story": story})


def transcript(url: str, sender: str) -> list[tuple[str, list[str]]]:
    """The conversation as Rasa stored it: each visitor message with the bot's
    replies to it, as the REST channel sends them (a text without buttons goes
    out one paragraph per message)."""
    query = urllib.parse.urlencode({"token": API_TOKEN})
    path = f"/conversations/{urllib.parse.quote(sender)}/tracker?{query}"
    with urllib.request.urlopen(url + path, timeout=60) as response:
        events = json.loads(response.read())["events"]
    turns: list[tuple[str, list[str]]] = []
    for event in events:
        if event["event"] == "user":
            turns.append((event["text"], []))
        elif event["event"] == "bot" and event.get("text") and turns:
            text, buttons = event["text"], (event.get("data") or {}).get("buttons")
            turns[-1][1].extend([text] if buttons else text.strip().split("\n\n"))
    return turns


def _require_redis() -> None:
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(
            f"Redis is not reachable at {REDIS_URL} ({type(error).__name__}). The "
            "scale-out test needs it for Rasa's lock store: start it on "
            "127.0.0.1:6379 or set TEST_REDIS_URL.",
            pytrace=False,
        )
    finally:
        client.close()
