"""Reading the options of the bot's last turn from the conversation tracker."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.channels.offered_buttons import buttons_from_tracker, offered_buttons

SIDES = [{"title": "Left", "payload": "/left"}, {"title": "Right", "payload": "/right"}]
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


@pytest.mark.parametrize(
    ("events", "buttons"),
    [
        ([], []),
        ([BotUttered("Hi")], []),
        ([UserUttered("hi"), BotUttered("Side?", data={"buttons": SIDES})], SIDES),
        (
            [BotUttered("Side?", data={"buttons": SIDES}), UserUttered("left")],
            [],
        ),
        (
            [
                UserUttered("hi"),
                BotUttered("Side?", data={"buttons": SIDES}),
                BotUttered("Take your time."),
                ActionExecuted("action_listen"),
            ],
            SIDES,
        ),
        (
            [
                BotUttered("Side?", data={"buttons": SIDES}),
                BotUttered("Fever?", data={"quick_replies": YES_NO}),
            ],
            YES_NO,
        ),
    ],
)
def test_offered_buttons(events: list, buttons: list) -> None:
    assert offered_buttons(events) == buttons


def request_with(tracker_store: object) -> SimpleNamespace:
    agent = SimpleNamespace(tracker_store=tracker_store)
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)))


def test_buttons_from_tracker_reads_the_agents_tracker_store() -> None:
    async def scenario() -> list:
        store = InMemoryTrackerStore(Domain.empty())
        tracker = await store.get_or_create_tracker("visitor-1")
        tracker.update(UserUttered("hi"))
        tracker.update(BotUttered("Side?", data={"buttons": SIDES}))
        await store.save(tracker)
        return [
            await buttons_from_tracker(request_with(store), "visitor-1"),
            await buttons_from_tracker(request_with(store), "someone-else"),
        ]

    assert asyncio.run(scenario()) == [SIDES, []]


def test_buttons_from_tracker_without_an_agent_is_empty() -> None:
    request = SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace()))
    assert asyncio.run(buttons_from_tracker(request, "visitor-1")) == []
