"""Whether the database and the action server answer, asked before each message.

Rasa 3.6 carries on when either is down, and the visitor pays for it:

- with the database down, Rasa's tracker store wrapper (`FailSafeTrackerStore`)
  hands the dialogue an empty conversation and keeps the turn in memory, so the
  visitor is greeted as a stranger and what they said is lost;
- with the action server down, Rasa logs the failure and goes on without the
  action's events, so the visitor gets no answer and the screening's state drifts.

A channel that asks first can tell the visitor to try again shortly instead, and
the conversation stays exactly where it was for when they do. (Something that fails
in the middle of a turn is still Rasa's to handle; the check makes that rare.)
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from bot.rasa_speedups import shared_connector
from bot.storage.db import get_database
from bot.storage.errors import StorageError

DATABASE = "database"
ACTION_SERVER = "action server"
PROBE_TIMEOUT_S = 3.0
ACTION_WEBHOOK_PATH = "/webhook"  # rasa_sdk serves /webhook and /health side by side


async def unavailable_dependencies(agent: Any) -> list[str]:
    """The names of the dependencies of `agent` (Rasa's Agent) that do not answer.

    `agent` may be None while Rasa is still loading its model.
    """
    database_ok, actions_ok = await asyncio.gather(
        database_answers(),
        action_server_answers(getattr(agent, "action_endpoint", None)),
    )
    down = [] if database_ok else [DATABASE]
    return down if actions_ok else [*down, ACTION_SERVER]


async def database_answers() -> bool:
    """Whether the database of DATABASE_URL answers a query within the time limit."""
    try:
        await asyncio.wait_for(
            asyncio.to_thread(get_database().check), timeout=PROBE_TIMEOUT_S
        )
    except (StorageError, asyncio.TimeoutError):
        return False
    return True


async def action_server_answers(endpoint: Any) -> bool:
    """Whether the action server of `endpoint` (an EndpointConfig) reports healthy.

    True without an endpoint or with one not ending in /webhook: then there is no
    health URL to ask, and Rasa reports its own failures. Asked on a kept
    connection, as Rasa's own calls are (a new one per message costs a turn time).
    """
    url = getattr(endpoint, "url", None) or ""
    if not url.endswith(ACTION_WEBHOOK_PATH):
        return True
    health = url[: -len(ACTION_WEBHOOK_PATH)] + "/health"
    timeout = aiohttp.ClientTimeout(total=PROBE_TIMEOUT_S)
    try:
        async with (
            aiohttp.ClientSession(
                connector=shared_connector(), connector_owner=False, timeout=timeout
            ) as session,
            session.get(health) as reply,
        ):
            return reply.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False
