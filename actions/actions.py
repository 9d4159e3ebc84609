"""Rasa SDK actions: thin adapters that read slots, call the core in `bot/`, utter."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionAcknowledgeStory(Action):
    """Acknowledge the visitor's description of their headaches."""

    def name(self) -> str:
        return "action_acknowledge_story"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_story_received")
        return []
