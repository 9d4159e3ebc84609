"""No health data in the logs, even at DEBUG: a screening through every channel.

The bot runs at DEBUG, where Rasa logs every message, entity and slot value, with
every channel on. Screenings go through the REST channel (to an outcome), by SMS
from a phone number, through the web chat and through Messenger, with a refused
message and an outage on the way. Then no log file of the run may hold a message
text (nor its one unusual word), a symptom found, a phone number in any spelling,
or a conversation id.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.stack import LocalStack

from .clients import (
    WebChat,
    messenger,
    messenger_event,
    rest,
    say,
    sms,
    sms_sent_to,
    twilio_form,
)
from .harness import LocalGraphApi, running_bot

pytestmark = pytest.mark.timeout(900)

PHONE = "+15557654321"
PHONE_SPELLINGS = (PHONE, PHONE[1:], PHONE[2:], "%2B" + PHONE[1:], "555-765-4321")
MAX_ANSWERS = 12
NONE_OF_THESE = "none of these"


@dataclass
class Sent:
    """Everything the test said to the bot, to look for in the logs afterwards."""

    texts: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def story(self, marker: str) -> str:
        """A story with an unusual word in it, which nothing else would log."""
        text = (
            f"I'm 44, since the {marker} trip my head hurts on the right side, "
            "my neck is stiff and my jaw clicks when I chew"
        )
        self.texts.append(text)
        return text

    def said(self, text: str) -> str:
        self.texts.append(text)
        return text


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory, trained_model: Path
) -> Iterator[tuple[LocalStack, LocalGraphApi]]:
    workdir = tmp_path_factory.mktemp("log-privacy")
    with running_bot(workdir, trained_model, log_level="DEBUG") as run:
        yield run


@pytest.fixture(scope="module")
def sent(bot: tuple[LocalStack, LocalGraphApi]) -> Sent:
    """Screenings through every channel; what was sent."""
    stack, graph = bot
    sent = Sent()
    sent.ids.append(screen_by_rest(stack, sent))
    screen_by_sms(stack, sent)
    screen_by_web_chat(stack, sent)
    sent.ids.append(screen_by_messenger(stack, graph, sent))
    refused = sent.said("my arm went numb yesterday " * 150)
    assert rest(stack, {"sender": "privacy-long", "message": refused}).status == 413
    stack.stop_process("actions")
    outage = sent.said("I fainted in the Tallinn airport")
    assert rest(stack, {"sender": "privacy-outage", "message": outage}).status == 503
    stack.restart_actions()
    return sent


def screen_by_rest(stack: LocalStack, sent: Sent) -> str:
    sender = f"privacy-rest-{uuid.uuid4().hex}"
    for text in ("hello", "yes", sent.story("Zanzibar")):
        say(stack, sender, text)
    for _ in range(MAX_ANSWERS):
        replies = " ".join(say(stack, sender, NONE_OF_THESE))
        if "not a diagnosis" in replies:
            return sender
    pytest.fail("the REST screening reached no outcome")


def screen_by_sms(stack: LocalStack, sent: Sent) -> None:
    for body in ("hello", "yes", sent.story("Kilimanjaro"), NONE_OF_THESE):
        reply = sms(stack, twilio_form(PHONE, body))
        assert reply.status == 200
    assert sms_sent_to(stack, PHONE), "the bot texted nothing back"


def screen_by_web_chat(stack: LocalStack, sent: Sent) -> None:
    web_chat = WebChat(stack)
    for text in ("hello", "yes", sent.story("Patagonia")):
        assert web_chat.post({"message": text}).status == 200


def screen_by_messenger(stack: LocalStack, graph: LocalGraphApi, sent: Sent) -> str:
    sender = f"psid-{uuid.uuid4().hex}"
    for text in ("hello", "yes", sent.story("Reykjavik")):
        assert messenger(stack, messenger_event(sender, text)).status == 200
    assert graph.texts_to(sender), "the bot sent nothing back on Messenger"
    return sender


def all_logs(stack: LocalStack) -> dict[str, str]:
    return {
        path.name: path.read_text(errors="replace")
        for path in sorted(stack.log_dir.glob("*.log"))
    }


def symptoms_stored(stack: LocalStack) -> set[str]:
    """The symptom values of every screening stored in this run."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "export", "--format", "jsonl"],
        cwd=stack.workdir,
        env=stack.process_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    records = [json.loads(line) for line in done.stdout.splitlines()]
    return {s["concept"] for r in records for s in r["symptoms"] if s["present"]}


def test_the_run_was_logged_at_debug(bot, sent: Sent) -> None:
    """Otherwise the checks below would prove nothing."""
    rasa_log = all_logs(bot[0])["rasa.log"]
    assert "DEBUG" in rasa_log
    assert re.search(r"processor\.message\.parse", rasa_log)


def test_no_message_text_in_any_log(bot, sent: Sent) -> None:
    logs = all_logs(bot[0])
    markers = ("Zanzibar", "Kilimanjaro", "Patagonia", "Reykjavik", "Tallinn")
    for name, log in logs.items():
        for text in sent.texts:
            assert text.strip() not in log, f"a message text is in {name}"
        for marker in markers:
            assert marker.lower() not in log.lower(), f"{marker!r} is in {name}"


def test_no_symptom_value_in_any_log(bot, sent: Sent) -> None:
    symptoms = symptoms_stored(bot[0])
    assert {"neck_stiffness", "unilateral_head_pain"} <= symptoms
    for name, log in all_logs(bot[0]).items():
        found = sorted(s for s in symptoms if s in log)
        assert not found, f"symptom values {found} are in {name}"


def test_no_phone_number_or_conversation_id_in_any_log(bot, sent: Sent) -> None:
    for name, log in all_logs(bot[0]).items():
        for spelling in PHONE_SPELLINGS:
            assert spelling not in log, f"the phone number is in {name}"
        for conversation in sent.ids:
            assert conversation not in log, f"a conversation id is in {name}"
