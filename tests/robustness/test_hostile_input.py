"""Hostile input through every way into a running bot: refused clearly or answered.

Every request gets a 2xx or a 4xx, never a 5xx: a 4xx carries an error that says
what to do, a 2xx a reply of the bot (in the REST or web chat answer, by SMS, or
through Messenger's Send API). Typed Rasa shortcuts such as `/deny{...}` are read as
plain words and never take the screening past its red-flag questions. After all
of it the bot still answers at once.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from bot.stack import LocalStack
from bot.storage.phone_hash import PhoneHasher

from .clients import (
    PHONE_HASH_KEY,
    Reply,
    WebChat,
    messenger,
    messenger_event,
    rest,
    say,
    send,
    sms,
    sms_sent_to,
    twilio_form,
    twiml_texts,
)
from .harness import API_TOKEN, LocalGraphApi, running_bot

pytestmark = pytest.mark.timeout(900)

MEGABYTE = "a" * 1_048_576
STORY = "I'm 40, my head hurts on the right side and my neck is stiff, for years now"

# Texts that reach the dialogue through every channel.
HOSTILE_TEXTS = {
    "NUL bytes": "my head\x00 hurts\x00",
    "zero-width characters": "my\u200b head\u200d hu\ufeffrts",
    "right-to-left override": "\u202emy head hurts\u202c and \u2067neck\u2069",
    "emoji flood": "\U0001f915" * 1500,
    "emoji sequences": "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    + " \U0001f3f4\U000e0067\U000e0062",
    "HTML and script": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "SQL": "'; DROP TABLE events; --",
    "control characters": "\x1b[31mred\x1b[0m \x07\x08 my neck",
    "lone surrogate": "my neck \ud800 hurts",
    "typed /affirm": "/affirm",
    "typed /deny with an entity": '/deny{"symptom":"x"}',
    "typed /inform with an age": '/inform{"age": 30}',
    "typed /restart": "/restart",
    "a long message": "my head hurts on the right " * 70,
}
TOO_LONG_FOR_THE_WEB = "my head hurts " * 200  # 2,800 characters
PROMPTLY_S = 10


# ---- the bot ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory, trained_model: Path
) -> Iterator[tuple[LocalStack, LocalGraphApi]]:
    with running_bot(tmp_path_factory.mktemp("hostile"), trained_model) as running:
        yield running


@pytest.fixture(scope="module")
def stack(bot: tuple[LocalStack, LocalGraphApi]) -> LocalStack:
    return bot[0]


# ---- one message through each channel ---------------------------------------------

_numbers = count(1000)


@dataclass(frozen=True)
class Answer:
    status: int
    replies: list[str]  # what the visitor was told: bot texts or the error
    error: bool


def through_rest(stack: LocalStack, graph: LocalGraphApi, text: str) -> Answer:
    reply = rest(stack, {"sender": f"hostile-{uuid.uuid4().hex}", "message": text})
    return _json_answer(reply, lambda body: [m.get("text", "") for m in body])


def through_web_chat(stack: LocalStack, graph: LocalGraphApi, text: str) -> Answer:
    reply = WebChat(stack).post({"message": text})
    return _json_answer(
        reply, lambda body: [m.get("text", "") for m in body["messages"]]
    )


def through_sms(stack: LocalStack, graph: LocalGraphApi, text: str) -> Answer:
    number = f"+1555000{next(_numbers)}"
    text = text.encode("utf-8", "replace").decode()  # SMS arrive as UTF-8
    reply = sms(stack, twilio_form(number, text))
    if reply.status != 200:
        return Answer(reply.status, [reply.body.decode(errors="replace")], True)
    return Answer(200, twiml_texts(reply) + sms_sent_to(stack, number), False)


def through_messenger(stack: LocalStack, graph: LocalGraphApi, text: str) -> Answer:
    sender = f"psid-{uuid.uuid4().hex}"
    reply = messenger(stack, messenger_event(sender, text))
    if reply.status != 200:
        return Answer(reply.status, [reply.body.decode(errors="replace")], True)
    return Answer(200, graph.texts_to(sender), False)


def _json_answer(reply: Reply, texts: Callable[[object], list[str]]) -> Answer:
    """A JSON answer; a refusal before the app (e.g. the server's 413) may be text."""
    if reply.status >= 400:
        try:
            return Answer(reply.status, [reply.json()["error"]], True)
        except (ValueError, KeyError):
            return Answer(reply.status, [reply.body.decode(errors="replace")], True)
    return Answer(reply.status, texts(reply.json()), False)


CHANNELS = {
    "REST": through_rest,
    "web chat": through_web_chat,
    "SMS": through_sms,
    "Messenger": through_messenger,
}


@pytest.mark.parametrize("text", list(HOSTILE_TEXTS.values()), ids=list(HOSTILE_TEXTS))
@pytest.mark.parametrize("channel", list(CHANNELS))
def test_hostile_text_gets_a_reply_through_every_channel(
    bot: tuple[LocalStack, LocalGraphApi], channel: str, text: str
) -> None:
    answer = CHANNELS[channel](*bot, text)
    assert answer.status == 200
    assert any(reply.strip() for reply in answer.replies), "the visitor got no reply"


@pytest.mark.parametrize("channel", ["REST", "web chat"])
def test_a_message_too_long_for_the_web_is_refused_with_the_limit(
    bot: tuple[LocalStack, LocalGraphApi], channel: str
) -> None:
    answer = CHANNELS[channel](*bot, TOO_LONG_FOR_THE_WEB)
    assert (answer.status, answer.error) == (413, True)
    assert "2000 characters" in answer.replies[0]


@pytest.mark.parametrize("channel", ["SMS", "Messenger"])
def test_a_long_text_message_is_still_answered(
    bot: tuple[LocalStack, LocalGraphApi], channel: str
) -> None:
    """SMS and Messenger have their own limits; the bot answers what they carry."""
    answer = CHANNELS[channel](*bot, TOO_LONG_FOR_THE_WEB)
    assert answer.status == 200 and answer.replies


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_a_100_kb_message_is_answered_or_refused_promptly(
    bot: tuple[LocalStack, LocalGraphApi], channel: str
) -> None:
    """Under the size every request is refused at (413), over any channel's own."""
    started = time.monotonic()
    answer = CHANNELS[channel](*bot, "my head hurts " * 7200)
    assert answer.status < 500 and answer.replies
    assert time.monotonic() - started < PROMPTLY_S


# ---- malformed requests ------------------------------------------------------------

REST_REQUESTS = {
    "empty body": b"",
    "not JSON": b"hello there",
    "a JSON list": b"[]",
    "no sender": {"message": "hi"},
    "no message": {"sender": "hostile-1"},
    "message not text": {"sender": "hostile-1", "message": {"text": "hi"}},
    "invalid UTF-8": b'{"sender": "hostile-1", "message": "\xc3\x28 my head"}',
    "nothing readable": {"sender": "hostile-1", "message": "\x00\u200b\u202e  "},
    "a megabyte": {"sender": "hostile-1", "message": MEGABYTE},
}
WEB_CHAT_REQUESTS = {
    "empty body": b"",
    "not JSON": b"hello there",
    "no message": {},
    "message not text": {"message": 42},
    "invalid UTF-8": b'{"message": "\xc3\x28 my head"}',
    "only spaces": {"message": "   "},
    "a megabyte": {"message": MEGABYTE},
    "only invisible characters": {"message": "\u200b\u2060\ufeff\u202e"},
    "only a lone surrogate": b'{"message": "\\ud800"}',
    "nested too deeply": b"[" * 30_000,
}


def assert_refused_clearly(reply: Reply) -> None:
    assert 400 <= reply.status < 500, reply.status
    assert reply.body.strip(), "a refusal must say why"


@pytest.mark.parametrize(
    "payload", list(REST_REQUESTS.values()), ids=list(REST_REQUESTS)
)
def test_malformed_rest_requests_are_refused_clearly(
    stack: LocalStack, payload: object
) -> None:
    assert_refused_clearly(rest(stack, payload))


@pytest.mark.parametrize(
    "payload", list(WEB_CHAT_REQUESTS.values()), ids=list(WEB_CHAT_REQUESTS)
)
def test_malformed_web_chat_requests_are_refused_clearly(
    stack: LocalStack, payload: object
) -> None:
    assert_refused_clearly(WebChat(stack).post(payload))


def test_item13_client_mistakes_in_the_web_chat_are_a_400_not_a_failure(
    stack: LocalStack,
) -> None:
    """Each says what to do, and the web chat logs no traceback for any."""
    for name in [
        "only invisible characters",
        "only a lone surrogate",
        "nested too deeply",
    ]:
        reply = WebChat(stack).post(WEB_CHAT_REQUESTS[name])
        assert reply.status == 400, name
        assert reply.json()["error"], name
    assert "Traceback" not in stack.log_path("webchat").read_text(errors="replace")


def sms_requests() -> dict[str, Callable[[LocalStack], Reply]]:
    form = twilio_form("+15550001999", "hi")
    altered = urllib.parse.urlencode({**form, "Body": "hi there"}).encode()
    return {
        "unsigned": lambda s: sms(s, form, signed=False),
        "altered after signing": lambda s: sms(s, form, body=altered),
        "no sender": lambda s: sms(s, {"Body": "hi"}),
        "empty form": lambda s: sms(s, {}),
        "a megabyte": lambda s: sms(s, twilio_form("+15550001999", MEGABYTE)),
    }


@pytest.mark.parametrize("name", list(sms_requests()))
def test_malformed_sms_requests_are_refused_clearly(
    stack: LocalStack, name: str
) -> None:
    assert_refused_clearly(sms_requests()[name](stack))


def test_invalid_utf8_in_an_sms_is_answered(stack: LocalStack) -> None:
    """Invalid bytes decode to U+FFFD, and Twilio's signature covers that text."""
    number = "+15550001998"
    form = twilio_form(number, "\ufffd my head hurts")
    raw = urllib.parse.urlencode({**form, "Body": "X"}).replace(
        "Body=X", "Body=%FF+my+head+hurts"
    )
    reply = sms(stack, form, body=raw.encode())
    assert reply.status == 200
    assert twiml_texts(reply) + sms_sent_to(stack, number)


MESSENGER_REQUESTS: dict[str, tuple[object, bool]] = {
    "unsigned": (messenger_event("psid-x", "hi"), False),
    "empty body": (b"", True),
    "not JSON": (b"hello there", True),
    "invalid UTF-8": (b'{"object": "page", "entry": "\xc3\x28"}', True),
    "entries not a list": ({"object": "page", "entry": "x"}, True),
    "a megabyte": (messenger_event("psid-x", MEGABYTE), True),
}


@pytest.mark.parametrize(
    ("payload", "signed"),
    list(MESSENGER_REQUESTS.values()),
    ids=list(MESSENGER_REQUESTS),
)
def test_malformed_messenger_requests_are_refused_clearly(
    stack: LocalStack, payload: object, signed: bool
) -> None:
    assert_refused_clearly(messenger(stack, payload, signed=signed))


# ---- typed shortcuts and the red-flag questions ----------------------------------

SHORTCUTS = [
    "/affirm",
    "/deny",
    '/deny{"symptom":"x"}',
    '/inform{"age": 30, "onset": "longstanding"}',
    "/stop",
    "/restart",
    "//deny",
    " /affirm",
    "/ /deny",
    '/ /inform{"age": 5, "onset": "longstanding"}',
]
# Shortcuts that do not end the screening (typed /stop and /restart do, as the
# words do), so that each conversation goes on to an outcome.
ANSWER_SHORTCUTS = [s for s in SHORTCUTS if s not in ("/stop", "/restart")]
EMERGENCY_QUESTION = "q_emergency_red_flags"
OUTCOME = "action_screening_outcome"
MAX_MESSAGES = 16


def parse(stack: LocalStack, text: str) -> dict:
    reply = send(
        f"{stack.rasa_url}/model/parse?token={API_TOKEN}",
        json.dumps({"text": text}).encode(),
        {"Content-Type": "application/json"},
    )
    assert reply.status == 200
    return reply.json()


def tracker_events(stack: LocalStack, sender: str) -> list[dict]:
    return tracker(stack, sender)["events"]


@pytest.mark.parametrize("shortcut", SHORTCUTS)
def test_item8_a_typed_shortcut_alone_is_not_understood(
    stack: LocalStack, shortcut: str
) -> None:
    """Not forced, and not its words either: "deny" alone reads as affirm, and
    `inform{"age": 30...}` would answer the age question."""
    parsed = parse(stack, shortcut)
    assert parsed["intent"]["name"] == "nlu_fallback"
    assert parsed["entities"] == []


@pytest.mark.parametrize("shortcut", ANSWER_SHORTCUTS)
def test_typed_shortcuts_never_take_the_screening_past_its_red_flag_questions(
    stack: LocalStack, shortcut: str
) -> None:
    """Shortcuts at every step, then plain answers until an outcome is given."""
    sender = f"shortcut-{uuid.uuid4().hex}"
    script = ["hello", shortcut, "yes", shortcut, STORY, shortcut, shortcut]
    for text in script:
        assert say(stack, sender, text), f"no reply to {text!r}"
    for _ in range(MAX_MESSAGES):
        if outcomes(tracker_events(stack, sender)):
            break
        say(stack, sender, "none of these")
    events = tracker_events(stack, sender)
    assert outcomes(events), "the screening never reached an outcome"
    asked = [i for i, e in enumerate(events) if requested(e) == EMERGENCY_QUESTION]
    for index, triage in outcomes(events):
        assert triage == "emergency" or (asked and asked[0] < index), (
            f"{triage} given before the emergency red flags were asked"
        )


def test_item8_a_second_slash_cannot_force_an_intent_past_the_emergency_check(
    stack: LocalStack,
) -> None:
    parsed = parse(stack, "/ /describe_symptoms@1.0 I passed out")
    assert parsed["intent"]["name"] == "report_emergency"
    sender = f"shortcut-{uuid.uuid4().hex}"
    for text in ["hello", "yes", "/ /describe_symptoms@1.0 I passed out"]:
        assert say(stack, sender, text)
    assert [triage for _, triage in outcomes(tracker_events(stack, sender))] == [
        "emergency"
    ]


@pytest.mark.parametrize("typed", ["/ /session_start", "\u3000/session_start"])
def test_item8_a_typed_session_start_neither_starts_nor_wipes_anything(
    stack: LocalStack, typed: str
) -> None:
    """The bot says it did not understand, and the screening goes on."""
    sender = f"shortcut-{uuid.uuid4().hex}"
    for earlier in ["hello", "yes", STORY]:
        assert say(stack, sender, earlier)
    before = tracker(stack, sender, "ALL")
    assert say(stack, sender, typed)
    after = tracker(stack, sender, "ALL")
    assert last_intent(after) == "nlu_fallback"
    assert session_starts(after) == session_starts(before)
    assert not any(event.get("event") == "restart" for event in after["events"])
    assert after["slots"]["findings"] == before["slots"]["findings"]
    assert after["active_loop"] == before["active_loop"]


def last_intent(tracker: dict) -> str:
    said = [event for event in tracker["events"] if event.get("event") == "user"]
    return said[-1]["parse_data"]["intent"]["name"]


def tracker(stack: LocalStack, sender: str, events: str = "AFTER_RESTART") -> dict:
    """The conversation as Rasa holds it; `events="ALL"` includes restarted parts."""
    query = f"token={API_TOKEN}&include_events={events}"
    reply = send(f"{stack.rasa_url}/conversations/{sender}/tracker?{query}")
    assert reply.status == 200
    return reply.json()


def session_starts(tracker: dict) -> int:
    return sum(event.get("event") == "session_started" for event in tracker["events"])


def action(event: dict) -> str | None:
    return event.get("name") if event.get("event") == "action" else None


def requested(event: dict) -> str | None:
    """The question the screening form asks next (it asks by requesting a slot)."""
    is_request = event.get("event") == "slot" and event.get("name") == "requested_slot"
    return event.get("value") if is_request else None


def outcomes(events: list[dict]) -> list[tuple[int, str]]:
    """(event index, triage) of each outcome given in the conversation."""
    found = []
    for index, event in enumerate(events):
        if action(event) == OUTCOME:
            triage = next(
                (
                    later.get("value")
                    for later in events[index + 1 :]
                    if later.get("event") == "slot" and later.get("name") == "triage"
                ),
                None,
            )
            if triage:
                found.append((index, triage))
    return found


# ---- conversation ids: no channel reaches another's conversation ------------------


def sms_conversation(stack: LocalStack) -> tuple[str, int]:
    """A new SMS conversation: its id and how many events it holds."""
    number = f"+1555000{next(_numbers)}"
    assert sms(stack, twilio_form(number, "hello")).status == 200
    conversation = PhoneHasher.from_secret(PHONE_HASH_KEY).conversation_id(number)
    return conversation, len(tracker_events(stack, conversation))


def test_item7_rest_clients_cannot_write_into_sms_or_messenger_conversations(
    stack: LocalStack,
) -> None:
    conversation, events = sms_conversation(stack)
    for sender in [conversation, conversation.upper(), "fb-1234567890"]:
        reply = rest(stack, {"sender": sender, "message": "I'm 30, no red flags"})
        assert reply.status == 400
        assert "another channel" in reply.json()["error"]
    assert len(tracker_events(stack, conversation)) == events


@pytest.mark.parametrize("forged", ["sms", "unsigned web id", "over 255 characters"])
def test_item7_a_forged_web_chat_cookie_starts_a_fresh_conversation(
    stack: LocalStack, forged: str
) -> None:
    conversation, events = sms_conversation(stack)
    value = {
        "sms": conversation,
        "unsigned web id": "web-" + uuid.uuid4().hex[:24],
        "over 255 characters": "a" * 300,
    }[forged]
    chat = WebChat(stack, cookie=f"screening_sid={value}")
    reply = chat.post({"message": "hi"})
    assert reply.status == 200
    assert any("not a diagnosis" in m.get("text", "") for m in reply.json()["messages"])
    assert chat.cookie.startswith("screening_sid=web-") and value not in chat.cookie
    assert len(tracker_events(stack, conversation)) == events


def test_item7_the_web_chat_cookie_keeps_the_visitors_conversation(
    stack: LocalStack,
) -> None:
    chat = WebChat(stack)
    chat.post({"message": "hi"})
    cookie = chat.cookie
    reply = chat.post({"message": "yes"})
    assert reply.status == 200 and chat.cookie == cookie
    assert "own words" in " ".join(m.get("text", "") for m in reply.json()["messages"])


def test_item7_a_messenger_conversation_is_filed_under_fb(
    bot: tuple[LocalStack, LocalGraphApi],
) -> None:
    stack, graph = bot
    psid = f"psid-{uuid.uuid4().hex}"
    assert messenger(stack, messenger_event(psid, "hello")).status == 200
    assert tracker_events(stack, f"fb-{psid}")
    assert not [e for e in tracker_events(stack, psid) if e.get("event") == "user"]
    assert graph.texts_to(psid), "the reply goes to the page-scoped id"


# ---- still responsive ----------------------------------------------------------------


def test_the_bot_still_answers_at_once(stack: LocalStack) -> None:
    started = time.monotonic()
    assert say(stack, f"after-{uuid.uuid4().hex}", "hello")
    assert time.monotonic() - started < 10


def test_the_web_chat_never_renders_a_message_as_markup() -> None:
    """HTML a visitor typed comes back in the bot's reasons; it must stay text."""
    script = (PROJECT_ROOT / "bot" / "webchat" / "static" / "chat.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
        assert sink not in script, f"chat.js uses {sink}"
