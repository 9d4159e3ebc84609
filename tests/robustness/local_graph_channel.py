"""Messenger, sending to a local stand-in of the Graph API: for the robustness tests.

Not imported by the tests themselves: `conftest.py` copies this file into a test
bot's working directory, which Rasa puts on its module path, and names the class in
that bot's credentials file. Everything but the Send API's address is the
project's Messenger channel, so the bot answers Messenger events as it would in
production, and the replies go to 127.0.0.1 instead of graph.facebook.com.
"""

from __future__ import annotations

import os
from typing import Any

from bot.channels.messenger import GraphApiSender, MessengerInput

LOCAL_GRAPH_API_ENV = "LOCAL_GRAPH_API_URL"


class LocalGraphMessengerInput(MessengerInput):
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> MessengerInput:
        channel = super().from_credentials(credentials)
        channel.output.send = GraphApiSender(
            os.environ["FACEBOOK_PAGE_ACCESS_TOKEN"],
            base_url=os.environ[LOCAL_GRAPH_API_ENV],
        )
        return channel
