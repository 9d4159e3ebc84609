"""The Messenger channel through its webhook, as `rasa run` mounts it."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from bot.channels.messenger import (
    GraphApiSender,
    MessengerInput,
    MessengerOutput,
    MessengerSendError,
)
from bot.channels.messenger_payloads import MAX_TEXT
from bot.channels.replies import channel_replies
from bot.stack import free_port

SECRET = "test-app-secret"
VERIFY = "test-verify-token"
PATH = "/webhooks/facebook/webhook"
SIDES = [
    {"title": "Left side", "payload": "/left"},
    {"title": "Right side", "payload": "/right"},
]
MANY = [{"title": f"Option {n}", "payload": f"/option_{n}"} for n in range(1, 15)]


@dataclass
class FakeSendApi:
    """Captures the Send API request bodies the channel would post."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    refuse: bool = False

    async def __call__(self, request_body: dict[str, Any]) -> None:
        if self.refuse:
            raise MessengerSendError(400, 100)
        self.requests.append(request_body)

    def messages_to(self, recipient: str) -> list[dict[str, Any]]:
        return [
            request["message"]
            for request in self.requests
            if request["recipient"]["id"] == recipient
        ]


@pytest.fixture
def send_api() -> FakeSendApi:
    return FakeSendApi()


@pytest.fixture
def channel(send_api: FakeSendApi) -> MessengerInput:
    return MessengerInput(VERIFY, SECRET, send_api)


@pytest.fixture
def client(client_for, channel: MessengerInput):
    return client_for(channel)


def sign(body: bytes, secret: str = SECRET) -> str:
    """Meta's algorithm, written out separately from the product code."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def text_event(sender: str, text: str) -> dict:
    return {
        "sender": {"id": sender},
        "recipient": {"id": "PAGE"},
        "message": {"text": text},
    }


def batch(*entries: list[dict]) -> dict:
    return {
        "object": "page",
        "entry": [{"id": "PAGE", "time": 1, "messaging": events} for events in entries],
    }


def post(client, payload: Any, *, signature: str | None = "valid", raw: bytes = b""):
    body = raw or json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if signature == "valid":
        signature = sign(body)
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return client.request("POST", PATH, headers=headers, body=body)


def verify(client, mode: str = "subscribe", token: str = VERIFY):
    query = f"hub.mode={mode}&hub.verify_token={token}&hub.challenge=1158201444"
    return client.request("GET", PATH, query=query)


def test_verify_token_check_echoes_the_challenge(client) -> None:
    reply = verify(client)
    assert reply.status == 200
    assert reply.text == "1158201444"


@pytest.mark.parametrize(
    ("mode", "token"),
    [("subscribe", "wrong-token"), ("subscribe", ""), ("unsubscribe", VERIFY)],
)
def test_wrong_verify_token_is_refused(client, mode: str, token: str) -> None:
    reply = verify(client, mode, token)
    assert reply.status == 403
    assert "1158201444" not in reply.text


def test_every_event_of_a_batched_post_is_handled_in_order(
    client, agent, send_api: FakeSendApi
) -> None:
    agent.responses = [{"text": "Thanks."}]
    payload = batch(
        [
            text_event("A", "my head hurts"),
            {
                "sender": {"id": "B"},
                "postback": {"title": "Start", "payload": "/greet"},
            },
            {"sender": {"id": "B"}, "delivery": {"mids": ["m1"]}},
        ],
        [
            text_event("C", "my jaw clicks"),
            {"sender": {"id": "A"}, "message": {"text": "x", "is_echo": True}},
            text_event("A", "and my neck"),
        ],
    )

    reply = post(client, payload)

    assert reply.status == 200
    assert [(m.sender_id, m.text) for m in agent.messages] == [
        ("fb-A", "my head hurts"),
        ("fb-B", "/greet"),
        ("fb-C", "my jaw clicks"),
        ("fb-A", "and my neck"),
    ]
    assert {m.input_channel for m in agent.messages} == {"facebook"}
    assert all(isinstance(m.output_channel, MessengerOutput) for m in agent.messages)
    assert send_api.messages_to("A") == [{"text": "Thanks."}, {"text": "Thanks."}]
    assert {r["messaging_type"] for r in send_api.requests} == {"RESPONSE"}


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        sign(b"something else"),
        sign(json.dumps(batch([text_event("A", "hi")])).encode(), "other-secret"),
        "sha1=" + hmac.new(SECRET.encode(), b"", hashlib.sha1).hexdigest(),
    ],
)
def test_bad_signature_is_refused_with_403(client, agent, signature) -> None:
    reply = post(client, batch([text_event("A", "hi")]), signature=signature)
    assert reply.status == 403
    assert agent.messages == []


def test_body_altered_after_signing_is_refused(client, agent) -> None:
    signature = sign(json.dumps(batch([text_event("A", "hi")])).encode())
    reply = post(client, batch([text_event("A", "STOP")]), signature=signature)
    assert reply.status == 403
    assert agent.messages == []


@pytest.mark.parametrize(
    "raw", [b"{not json", b"[]", b'{"object": "page"}', b"\xff\xfe", b'{"entry": 1}']
)
def test_signed_but_malformed_body_is_a_bad_request(client, agent, raw) -> None:
    assert post(client, None, raw=raw).status == 400
    assert agent.messages == []


def test_attachment_without_text_gets_the_text_only_notice(
    client, agent, send_api: FakeSendApi
) -> None:
    event = {"sender": {"id": "A"}, "message": {"attachments": [{"type": "audio"}]}}
    assert post(client, batch([event])).status == 200
    assert agent.messages == []
    assert send_api.messages_to("A") == [
        {"text": channel_replies().media_not_supported}
    ]


def test_a_failing_event_does_not_stop_the_rest_of_the_batch(
    client, agent, caplog, channel_log
) -> None:
    agent.failing_texts = {"I had a seizure"}
    payload = batch([text_event("A", "I had a seizure"), text_event("B", "hello")])
    with caplog.at_level(logging.DEBUG):
        reply = post(client, payload)
    assert reply.status == 200
    assert [m.text for m in agent.messages] == ["I had a seizure", "hello"]
    assert "2 events, 1 failed" in channel_log()
    assert "seizure" not in channel_log()


def test_buttons_are_sent_as_quick_replies(client, agent, send_api) -> None:
    agent.responses = [{"text": "Which side?", "buttons": SIDES}]
    post(client, batch([text_event("A", "hello")]))
    [message] = send_api.messages_to("A")
    assert message["text"] == "Which side?"
    assert [(q["title"], q["payload"]) for q in message["quick_replies"]] == [
        ("Left side", "/left"),
        ("Right side", "/right"),
    ]


def test_tapped_quick_reply_sends_its_payload(client, agent) -> None:
    event = {
        "sender": {"id": "A"},
        "message": {"text": "Right side", "quick_reply": {"payload": "/right"}},
    }
    post(client, batch([event]))
    assert [m.text for m in agent.messages] == ["/right"]


def test_typed_number_stays_text_when_quick_replies_were_shown(client, agent) -> None:
    agent.responses = [{"text": "Which side?", "buttons": SIDES}]
    post(client, batch([text_event("A", "hello")]))
    post(client, batch([text_event("A", "2")]))
    assert agent.messages[-1].text == "2"


def test_item7_messenger_conversations_are_fb_ids_replies_go_to_the_psid(
    client, agent, send_api: FakeSendApi
) -> None:
    agent.responses = [{"text": "Thanks."}]
    post(client, batch([text_event("1234", "my head hurts")]))
    assert [m.sender_id for m in agent.messages] == ["fb-1234"]
    assert send_api.messages_to("1234") == [{"text": "Thanks."}]
    assert send_api.messages_to("fb-1234") == []


def test_item7_a_psid_that_looks_like_another_channels_id_stays_in_fb(
    client, agent
) -> None:
    post(client, batch([text_event("sms-" + "0" * 32, "hello")]))
    assert [m.sender_id for m in agent.messages] == ["fb-sms-" + "0" * 32]


def test_item7_numbered_answers_read_the_menu_of_the_fb_conversation(
    client, agent
) -> None:
    agent.responses = [{"text": "Pick one", "buttons": MANY}]
    post(client, batch([text_event("A", "hello")]))
    assert list(agent.tracker_store.store) == ["fb-A"]  # where the menu is recorded
    agent.responses = []
    post(client, batch([text_event("A", "2")]))
    assert agent.messages[-1].text == "/option_2"


def test_item7_output_never_sends_to_an_id_outside_messenger(
    send_api: FakeSendApi, caplog: pytest.LogCaptureFixture
) -> None:
    output = MessengerOutput(send_api, numbered_hint="")
    with caplog.at_level(logging.ERROR):
        asyncio.run(output.send_text_message("1234", "hi"))
        asyncio.run(output.send_text_message("sms-1234", "hi"))
    assert send_api.requests == []
    assert "not a Messenger conversation" in caplog.text
    assert "1234" not in caplog.text


def test_too_many_buttons_become_a_numbered_menu(client, agent, send_api) -> None:
    agent.responses = [{"text": "Pick one", "buttons": MANY}]
    post(client, batch([text_event("A", "hello")]))
    [message] = send_api.messages_to("A")
    assert "quick_replies" not in message
    assert "\n14) Option 14\n" in message["text"]

    agent.responses = []
    post(client, batch([text_event("A", "14")]))
    assert agent.messages[-1].text == "/option_14"


def test_long_replies_are_split_under_the_text_limit(client, agent, send_api) -> None:
    agent.responses = [{"text": "Sentence of advice. " * 250, "buttons": SIDES}]
    post(client, batch([text_event("A", "hello")]))
    messages = send_api.messages_to("A")
    assert len(messages) == 3
    assert all(len(message["text"]) <= MAX_TEXT for message in messages)
    assert "quick_replies" in messages[-1]


def test_send_failure_is_logged_and_stops_that_reply(
    agent, client_for, channel_log, caplog
) -> None:
    send_api = FakeSendApi(refuse=True)
    client = client_for(MessengerInput(VERIFY, SECRET, send_api))
    agent.responses = [{"text": "one"}, {"text": "two"}]
    with caplog.at_level(logging.ERROR):
        assert post(client, batch([text_event("A", "hello")])).status == 200
    assert "HTTP 400, error 100" in channel_log()


def test_channel_without_secrets_refuses_with_503_and_says_what_to_set(
    client_for, agent, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        channel = MessengerInput.from_credentials(None)
    for name in ["FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET", "FACEBOOK_PAGE"]:
        assert name in caplog.text
    client = client_for(channel)

    assert post(client, batch([text_event("A", "hi")])).status == 503
    assert verify(client).status == 503
    assert client.request("GET", "/webhooks/facebook/").status == 503
    assert agent.messages == []
    assert channel.get_output_channel() is None


def test_channel_from_environment_and_credentials(monkeypatch, client_for) -> None:
    monkeypatch.setenv("FACEBOOK_VERIFY_TOKEN", "env-verify")
    monkeypatch.setenv("FACEBOOK_APP_SECRET", SECRET)
    monkeypatch.setenv("FACEBOOK_PAGE_ACCESS_TOKEN", "page-token")

    channel = MessengerInput.from_credentials({"verify": VERIFY})

    assert channel.missing_env == []
    assert isinstance(channel.get_output_channel().send, GraphApiSender)
    client = client_for(channel)
    assert verify(client).status == 200
    assert client.request("GET", "/webhooks/facebook/").status == 200


async def fake_graph_api(status: int, reply: dict) -> tuple[web.AppRunner, str, list]:
    received: list[dict] = []

    async def messages(request: web.Request) -> web.Response:
        received.append(
            {
                "path": request.path,
                "token": request.query.get("access_token"),
                "body": await request.json(),
            }
        )
        return web.json_response(reply, status=status)

    app = web.Application()
    app.router.add_post("/{version}/me/messages", messages)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}", received


def test_graph_api_sender_posts_to_the_send_api() -> None:
    async def scenario() -> list:
        runner, url, received = await fake_graph_api(200, {"message_id": "m1"})
        try:
            sender = GraphApiSender("page-token", "v19.0", base_url=url)
            await sender({"recipient": {"id": "A"}, "message": {"text": "hi"}})
        finally:
            await runner.cleanup()
        return received

    assert asyncio.run(scenario()) == [
        {
            "path": "/v19.0/me/messages",
            "token": "page-token",
            "body": {"recipient": {"id": "A"}, "message": {"text": "hi"}},
        }
    ]


def test_graph_api_sender_reports_the_error_code() -> None:
    async def scenario() -> MessengerSendError:
        error = {"error": {"message": "bad", "code": 551}}
        runner, url, _ = await fake_graph_api(400, error)
        try:
            with pytest.raises(MessengerSendError) as raised:
                await GraphApiSender("token", base_url=url)({"recipient": {"id": "A"}})
        finally:
            await runner.cleanup()
        return raised.value

    error = asyncio.run(scenario())
    assert (error.status, error.code) == (400, 551)


def test_graph_api_sender_unreachable_is_a_send_error() -> None:
    sender = GraphApiSender("token", base_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(MessengerSendError):
        asyncio.run(sender({"recipient": {"id": "A"}}))


@pytest.mark.parametrize(
    ("verify_token", "secret", "send"),
    [
        (None, SECRET, FakeSendApi()),
        (VERIFY, None, FakeSendApi()),
        (VERIFY, SECRET, None),
    ],
)
def test_enabled_channel_needs_tokens_and_sender(verify_token, secret, send) -> None:
    with pytest.raises(ValueError):
        MessengerInput(verify_token, secret, send)
