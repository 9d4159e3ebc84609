"""The project's REST channel, mounted as `rasa run` mounts it, with a fake agent."""

from __future__ import annotations

import json
import logging

import pytest

from bot.channels.conversation_ids import WEB_CHAT_HEADER, WebChatIds
from bot.channels.message_text import MAX_MESSAGE_CHARS
from bot.channels.rest import MAX_BODY_BYTES, OTHER_CHANNEL, TRY_AGAIN, RestInput

PATH = "/webhooks/rest/webhook"
WEB_CHAT = WebChatIds(b"web-chat-test-secret-of-32-bytes")
BOT_REPLY = {"text": "Hello! Shall we start?", "buttons": [{"title": "Yes"}]}


def all_up():
    async def check(agent) -> list[str]:
        return []

    return check


def down(*names: str):
    async def check(agent) -> list[str]:
        return list(names)

    return check


@pytest.fixture
def rest(client_for, agent):
    agent.responses = [BOT_REPLY]
    return client_for(RestInput(check=all_up(), web_chat=WEB_CHAT))


def post(client, body: object, headers: dict[str, str] | None = None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **(headers or {})}
    return client.request("POST", PATH, headers=headers, body=raw)


def test_a_message_gets_the_replies_as_rasas_rest_channel_gives_them(
    rest, agent
) -> None:
    reply = post(rest, {"sender": "visitor-1", "message": "my neck hurts"})
    assert reply.status == 200
    assert json.loads(reply.body) == [{"recipient_id": "visitor-1", **BOT_REPLY}]
    [message] = agent.messages
    assert (message.sender_id, message.text) == ("visitor-1", "my neck hurts")
    assert message.input_channel == "rest"


def test_the_dialogue_gets_the_cleaned_text(rest, agent) -> None:
    post(rest, {"sender": "v", "message": " my\u200b neck\x00 hurts\u202e "})
    assert agent.messages[0].text == "my neck hurts"


def test_the_longest_message_fits_even_as_escaped_emoji(rest, agent) -> None:
    longest = "\U0001f915" * MAX_MESSAGE_CHARS  # 12 bytes each in ASCII-only JSON
    assert post(rest, {"sender": "v", "message": longest}).status == 200
    assert agent.messages[0].text == longest


def test_claimed_channel_and_metadata_are_ignored(rest, agent) -> None:
    post(
        rest,
        {
            "sender": "v",
            "message": "hi",
            "input_channel": "twilio",
            "metadata": {"x": "y" * 1000},
        },
    )
    assert agent.messages[0].input_channel == "rest"
    assert agent.messages[0].metadata is None


UNUSABLE = {
    "empty body": (b"", 400, "Please send JSON"),
    "not JSON": (b"hello", 400, "Please send JSON"),
    "a list": (b"[]", 400, "Please send JSON"),
    "null": (b"null", 400, "Please send JSON"),
    "invalid UTF-8": (b'{"sender": "v", "message": "\xff\xfe"}', 400, "UTF-8"),
    "nested too deeply": (b"[" * 30_000, 400, "Please send JSON"),
    "no sender": ({"message": "hi"}, 400, "sender"),
    "sender not text": ({"sender": 7, "message": "hi"}, 400, "sender"),
    "sender with NUL": ({"sender": "a\x00b", "message": "hi"}, 400, "sender"),
    "no message": ({"sender": "v"}, 400, "Please send JSON"),
    "message not text": ({"sender": "v", "message": ["hi"]}, 400, "Please send JSON"),
    "nothing readable": ({"sender": "v", "message": " \x00\u200b "}, 400, "type"),
    "message too long": (
        {"sender": "v", "message": "x" * (MAX_MESSAGE_CHARS + 1)},
        413,
        "under",
    ),
    "body too large": (b" " * (MAX_BODY_BYTES + 1), 413, "under"),
}


@pytest.mark.parametrize(
    ("body", "status", "says"), list(UNUSABLE.values()), ids=list(UNUSABLE)
)
def test_unusable_requests_get_a_clear_error_and_never_reach_the_dialogue(
    rest, agent, body: object, status: int, says: str
) -> None:
    reply = post(rest, body)
    assert reply.status == status
    assert says in json.loads(reply.body)["error"]
    assert agent.messages == []


OTHER_CHANNELS = {
    "an SMS conversation": "sms-" + "0" * 32,
    "upper case": "SMS-" + "0" * 32,
    "a Messenger conversation": "fb-1234567890",
    "a web chat id, not relayed": WEB_CHAT.new_id(),
}


@pytest.mark.parametrize(
    "sender", list(OTHER_CHANNELS.values()), ids=list(OTHER_CHANNELS)
)
def test_item7_rest_clients_cannot_write_into_another_channels_conversation(
    rest, agent, sender: str
) -> None:
    reply = post(rest, {"sender": sender, "message": "my neck hurts"})
    assert (reply.status, json.loads(reply.body)) == (400, {"error": OTHER_CHANNEL})
    assert agent.messages == []


def test_item7_a_web_chat_id_passes_with_its_signed_cookie_value(rest, agent) -> None:
    web, other = WEB_CHAT.new_id(), WEB_CHAT.new_id()
    body = {"sender": web, "message": "hi"}
    relayed_as = {i: {WEB_CHAT_HEADER: WEB_CHAT.cookie_value(i)} for i in [web, other]}
    assert post(rest, body, relayed_as[other]).status == 400
    assert post(rest, body, relayed_as[web]).status == 200
    assert [m.sender_id for m in agent.messages] == [web]


def test_item7_without_the_web_chat_secret_no_web_chat_id_passes(
    client_for, agent
) -> None:
    client = client_for(RestInput(check=all_up()))
    web = WEB_CHAT.new_id()
    headers = {WEB_CHAT_HEADER: WEB_CHAT.cookie_value(web)}
    assert post(client, {"sender": web, "message": "hi"}, headers).status == 400
    assert agent.messages == []


def test_item7_the_channel_from_credentials_knows_the_web_chat_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WEBCHAT_COOKIE_SECRET", WEB_CHAT.key.decode())
    assert RestInput.from_credentials(None).web_chat == WEB_CHAT


@pytest.mark.parametrize("dependencies", [["database"], ["action server"]])
def test_while_a_dependency_is_down_the_visitor_is_asked_to_try_again(
    client_for, agent, dependencies: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(RestInput(check=down(*dependencies)))
    with caplog.at_level(logging.WARNING, logger="bot.channels.rest"):
        reply = post(client, {"sender": "v", "message": "my neck hurts"})
    assert (reply.status, json.loads(reply.body)) == (503, {"error": TRY_AGAIN})
    assert agent.messages == []  # the conversation stays as it was
    assert dependencies[0] in caplog.text


def test_a_failing_turn_asks_to_try_again_and_logs_no_text(
    rest, agent, caplog: pytest.LogCaptureFixture
) -> None:
    agent.failing_texts = {"I had a seizure"}
    with caplog.at_level(logging.DEBUG):
        reply = post(rest, {"sender": "visitor-9", "message": "I had a seizure"})
    assert (reply.status, json.loads(reply.body)) == (503, {"error": TRY_AGAIN})
    assert "RuntimeError" in caplog.text
    assert "seizure" not in caplog.text and "visitor-9" not in caplog.text


def test_health(rest) -> None:
    reply = rest.request("GET", "/webhooks/rest/")
    assert (reply.status, json.loads(reply.body)) == (200, {"status": "ok"})
