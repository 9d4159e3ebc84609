"""An asyncio client that holds many conversations at once over Rasa's REST channel.

Each conversation is a `Dialogue` (bench/conversations.py) under its own sender id;
its turns go one after the other (a turn waits for the bot's reply), and turn `n`
goes to server `(offset + n) % len(urls)`, so with two Rasa servers every
conversation alternates between them. `concurrency` conversations run at a time;
the next starts as soon as one ends. Every turn is recorded with its latency, the
server it went to, the bot's replies and any error, for the benchmark's figures and
the scale-out test's transcript checks. Traffic goes only to the URLs given.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiohttp

from bench.conversations import Dialogue, Message

MAX_TURNS = 40  # a conversation longer than this is stuck in a loop: stop it
TURN_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Turn:
    text: str
    server: int  # index into the URLs
    latency_ms: float
    messages: list[Message]  # the bot's answer, as the REST channel sent it
    error: str | None = None  # what went wrong; None when the bot answered

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def replies(self) -> list[str]:
        """The texts of the bot's messages, in order."""
        return [message["text"] for message in self.messages if "text" in message]


@dataclass
class Conversation:
    sender: str
    turns: list[Turn] = field(default_factory=list)
    finished: bool = False  # reached its natural end (outcome, goodbye)


@dataclass(frozen=True)
class Run:
    conversations: list[Conversation]
    wall_s: float

    @property
    def turns(self) -> list[Turn]:
        return [turn for c in self.conversations for turn in c.turns]


async def run_conversations(
    urls: Sequence[str],
    dialogues: Sequence[Dialogue],
    *,
    concurrency: int,
    sender_prefix: str,
) -> Run:
    """Hold `dialogues` with at most `concurrency` at a time; sender ids are
    `<sender_prefix>-<index>`."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(len(dialogues)):
        queue.put_nowait(index)
    conversations = [
        Conversation(f"{sender_prefix}-{i}") for i in range(len(dialogues))
    ]

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            index = queue.get_nowait()
            await talk(session, urls, dialogues[index], conversations[index], index)

    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT_S)
    started = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return Run(conversations, time.perf_counter() - started)


async def talk(
    session: aiohttp.ClientSession,
    urls: Sequence[str],
    dialogue: Dialogue,
    conversation: Conversation,
    offset: int,
) -> None:
    """One conversation to its end; a failed turn ends it (recorded as an error)."""
    replies: list[Message] = []
    for number in range(MAX_TURNS):
        text = dialogue.next_message(replies)
        if text is None:
            break
        server = (offset + number) % len(urls)
        turn = await send(session, urls[server], server, conversation.sender, text)
        conversation.turns.append(turn)
        if not turn.ok:
            break
        replies = turn.messages
    conversation.finished = dialogue.finished


async def send(
    session: aiohttp.ClientSession, url: str, server: int, sender: str, text: str
) -> Turn:
    """POST one message to the REST channel; a reply-less answer is an error too."""
    started = time.perf_counter()
    error = None
    messages: list[Message] = []
    try:
        async with session.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        ) as response:
            if response.status != 200:
                error = f"HTTP {response.status}"
            else:
                messages = await response.json()
                if not any("text" in message for message in messages):
                    error = "no reply"
                elif any(m.get("recipient_id") != sender for m in messages):
                    error = "reply for another conversation"
    except (aiohttp.ClientError, asyncio.TimeoutError) as failure:
        error = type(failure).__name__
    latency_ms = (time.perf_counter() - started) * 1000
    return Turn(text, server, latency_ms, messages, error)
