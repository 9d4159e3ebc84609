"""A whole SMS screening through the Twilio webhook of a running bot.

The bot runs as `make run` runs it (Rasa, action server, database migrated), with
the Twilio channel configured through the environment and one swap: TWILIO_SENDER
names a sender that writes each outgoing SMS to a file instead of calling Twilio.
Requests are signed with Twilio's own `RequestValidator`, as Twilio signs them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from bot.stack import LocalStack, Ports, free_port

pytestmark = pytest.mark.timeout(600)

AUTH_TOKEN = "e2e-twilio-auth-token"
PUBLIC_URL = "https://sms.clinic.example/webhooks/twilio/webhook"
BOOKING_URL = "https://booking.clinic.example/e2e"
PATIENT = "+15557654321"
STORY = "my head hurts on the right side and my neck is stiff"
MENU_LINE = re.compile(r"^(\d+)\) (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Exchange:
    """One SMS to the bot: the webhook's status, its TwiML answer, the SMS sent."""

    status: int
    answered: list[str]
    sent: str


@dataclass
class SmsPhone:
    """The patient's phone: texts the bot through the webhook, reads what it sent."""

    stack: LocalStack
    capture: Path
    number: str = PATIENT

    def text(self, body: str, *, signed: bool = True) -> Exchange:
        """Send one SMS; the bot's texts come by its sender and in the TwiML."""
        already = len(self.sent())
        form = {
            "MessageSid": "SM" + "0" * 32,
            "AccountSid": "AC" + "0" * 32,
            "From": self.number,
            "To": "+15550009999",
            "Body": body,
            "NumMedia": "0",
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signed:
            validator = RequestValidator(AUTH_TOKEN)
            headers["X-Twilio-Signature"] = validator.compute_signature(
                PUBLIC_URL, form
            )
        request = urllib.request.Request(
            f"{self.stack.rasa_url}/webhooks/twilio/webhook",
            data=urlencode(form).encode(),
            headers=headers,
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                twiml = ET.fromstring(response.read())
                answered = [message.text for message in twiml.iter("Message")]
                status = response.status
        except urllib.error.HTTPError as error:
            status, answered = error.code, []
        return Exchange(status, answered, "\n".join(self.sent()[already:]))

    def sent(self) -> list[str]:
        """Every SMS body sent to this phone so far, in order."""
        if not self.capture.exists():
            return []
        sends = [json.loads(line) for line in self.capture.read_text().splitlines()]
        return [send["body"] for send in sends if send["to"] == self.number]


def menu_number(menu: str, title: str) -> str:
    """The number a numbered SMS menu gives the option `title`."""
    options = {option.lower(): number for number, option in MENU_LINE.findall(menu)}
    assert title.lower() in options, f"{title!r} not offered in:\n{menu}"
    return options[title.lower()]


@pytest.fixture(scope="module")
def sms_stack(
    tmp_path_factory: pytest.TempPathFactory, trained_model: Path
) -> Iterator[LocalStack]:
    """The bot with the Twilio channel on and outgoing SMS captured to a file."""
    workdir = tmp_path_factory.mktemp("sms-stack")
    stack = LocalStack(
        model=trained_model,
        api_token="sms-test-api-token",
        workdir=workdir,
        ports=Ports(free_port(), free_port(), free_port()),
        env={
            "DATABASE_URL": f"sqlite:///{workdir}/var/screening.db",
            "CLINIC_BOOKING_URL": BOOKING_URL,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_WEBHOOK_URL": PUBLIC_URL,
            "TWILIO_SENDER": "bot.channels.sms_capture.file_sender",
            "SMS_CAPTURE_FILE": str(workdir / "sms.jsonl"),
            "PHONE_HASH_KEY": "e2e-phone-hash-key-with-32-or-more-characters",
        },
    )
    try:
        stack.start(webchat=False)
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="module")
def phone(sms_stack: LocalStack) -> SmsPhone:
    return SmsPhone(sms_stack, Path(sms_stack.env["SMS_CAPTURE_FILE"]))


@pytest.fixture(scope="module")
def outcome(phone: SmsPhone) -> str:
    """A complete screening by SMS, answered with menu numbers; the last texts."""
    consent_menu = phone.text("hello").sent
    assert "Shall we start?" in consent_menu
    yes = menu_number(consent_menu, "Yes, let's start")
    assert "own words" in phone.text(yes).sent
    assert "for your safety" in phone.text(STORY).sent
    assert "Do any of these apply to you?" in phone.text("none").sent
    assert "Which of these fit your headaches?" in phone.text("none").sent
    # Issue 18: a question gets its answer, then the same numbered menu again.
    neck_menu = phone.text("do I need a referral from my doctor?").sent
    assert "referral" in neck_menu
    assert neck_menu.index("referral") < neck_menu.index("Which of these fit")
    picks = [
        menu_number(neck_menu, "Headache set off by moving the neck"),
        menu_number(neck_menu, "Headache after holding the head in one position"),
    ]
    assert "your jaw" in phone.text(",".join(picks)).sent
    assert "How old are you?" in phone.text("none").sent
    last = phone.text("42")
    assert last.status == 200
    return last.sent


def test_the_screening_ends_with_the_outcome_and_the_booking_link(outcome) -> None:
    assert "not a diagnosis" in outcome
    assert "cervicogenic" in outcome.lower()
    assert f"You can book an appointment here: {BOOKING_URL}" in outcome


def test_issue18_a_question_after_the_outcome_gets_the_booking_link_again(
    outcome, phone: SmsPhone
) -> None:
    reply = phone.text("what is TMD?").sent
    assert "jaw joint" in reply
    assert reply.index("jaw joint") < reply.index("You can book an appointment here")


def test_the_stored_screening_came_by_twilio_under_a_pseudonym(
    sms_stack: LocalStack, outcome: str
) -> None:
    exported = subprocess.run(
        [sys.executable, "-m", "bot", "export", "--format", "jsonl"],
        cwd=sms_stack.workdir,
        env=sms_stack.process_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    [record] = [json.loads(line) for line in exported.splitlines()]
    assert record["channel"] == "twilio"
    assert record["triage"] == "cgh_likely"
    assert record["booking_link_offered"] is True
    assert re.fullmatch(r"sms-[0-9a-f]{32}", record["conversation_id"])
    assert PATIENT.lstrip("+") not in exported
    assert STORY in [line["text"] for line in record["transcript"]]


def test_the_number_is_in_no_database_file_and_no_log(
    sms_stack: LocalStack, outcome: str
) -> None:
    digits = PATIENT.lstrip("+").encode()
    var = sms_stack.workdir / "var"
    checked = [path for path in var.rglob("*") if path.is_file()]
    assert any(path.name.startswith("screening.db") for path in checked)
    assert [path.name for path in checked if digits in path.read_bytes()] == []


def test_stop_is_confirmed_and_then_nothing_more_is_sent(
    phone: SmsPhone, outcome: str
) -> None:
    stop = phone.text("STOP")
    assert "no more texts" in " ".join(stop.answered)
    assert stop.sent == ""
    assert phone.text("hello again") == Exchange(200, [], "")
    assert "back on" in " ".join(phone.text("START").answered)
    assert "Shall we start?" in phone.text("hello").sent


def test_an_unsigned_message_is_refused(phone: SmsPhone) -> None:
    assert phone.text("hello", signed=False) == Exchange(403, [], "")
