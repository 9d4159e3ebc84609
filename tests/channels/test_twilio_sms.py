"""The Twilio SMS channel through its webhook, as `rasa run` mounts it."""

from __future__ import annotations

import asyncio
import json
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from bot.channels.optout import InMemoryOptOutStore
from bot.channels.replies import channel_replies
from bot.channels.sms_capture import FileSmsSender
from bot.channels.sms_segments import segment_count
from bot.channels.twilio_sms import (
    SmsSendError,
    TwilioRestSender,
    TwilioSmsInput,
    TwilioSmsOutput,
)
from bot.dialogue.callback import CHANNEL_NUMBER_KEY
from bot.storage import migrate
from bot.storage.contact_crypto import ContactCipher, new_key
from bot.storage.db import database_for
from bot.storage.opt_outs import SqlOptOutStore
from bot.storage.phone_hash import PhoneHasher

TOKEN = "test-twilio-auth-token"
PATH = "/webhooks/twilio/webhook"
URL = f"https://bot.example{PATH}"
PUBLIC_URL = "https://public.example/bot/webhooks/twilio/webhook"
PATIENT = "+15550001111"
CLINIC_NUMBER = "+15550009999"
HASH_KEY = "test-phone-hash-key-of-at-least-32-characters"
CONVERSATION = PhoneHasher.from_secret(HASH_KEY).conversation_id(PATIENT)
SIDES = [
    {"title": "Left side", "payload": '/inform{"side":"left"}'},
    {"title": "Right side", "payload": '/inform{"side":"right"}'},
    {"title": "Both sides", "payload": '/inform{"side":"both"}'},
]
OPT_OUT_WORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE"]


@dataclass
class FakeSms:
    """Captures what the channel would send through Twilio's API."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    refuse_with: int | None = None

    async def __call__(self, to: str, body: str) -> None:
        if self.refuse_with is not None:
            raise SmsSendError(self.refuse_with)
        self.sent.append((to, body))

    def bodies(self) -> list[str]:
        return [body for _, body in self.sent]


@pytest.fixture
def sms() -> FakeSms:
    return FakeSms()


@pytest.fixture
def store() -> InMemoryOptOutStore:
    return InMemoryOptOutStore()


def make_channel(sms: FakeSms, store, **options) -> TwilioSmsInput:
    pseudonymise = PhoneHasher.from_secret(HASH_KEY).conversation_id
    return TwilioSmsInput(TOKEN, sms, store, pseudonymise=pseudonymise, **options)


def make_output(sms: FakeSms, store, **options) -> TwilioSmsOutput:
    return TwilioSmsOutput(
        sms, store, number=PATIENT, conversation_id=CONVERSATION, **options
    )


@pytest.fixture
def channel(sms: FakeSms, store: InMemoryOptOutStore) -> TwilioSmsInput:
    return make_channel(sms, store)


@pytest.fixture
def client(client_for, channel: TwilioSmsInput):
    return client_for(channel)


def incoming(body: str | None = "hello", **extra: str) -> dict[str, str]:
    form = {
        "MessageSid": "SM0123456789abcdef0123456789abcdef",
        "AccountSid": "AC0123456789abcdef0123456789abcdef",
        "From": PATIENT,
        "To": CLINIC_NUMBER,
        "NumMedia": "0",
        **extra,
    }
    if body is not None:
        form["Body"] = body
    return form


def post_sms(
    client,
    form: dict[str, str],
    *,
    signature: str | None = "valid",
    signed_url: str = URL,
    token: str = TOKEN,
):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature == "valid":
        signature = RequestValidator(token).compute_signature(signed_url, form)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    body = urlencode(form).encode()
    return client.request("POST", PATH, headers=headers, body=body)


def twiml_messages(reply) -> list[str]:
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/xml")
    return [message.text for message in ET.fromstring(reply.body).iter("Message")]


def test_signed_message_reaches_the_dialogue_and_replies_by_sms(
    client, agent, sms: FakeSms
) -> None:
    agent.responses = [{"text": "Thanks. Where is the pain?"}]

    reply = post_sms(client, incoming("my head hurts"))

    assert twiml_messages(reply) == []
    [message] = agent.messages
    assert message.text == "my head hurts"
    assert message.input_channel == "twilio"
    assert isinstance(message.output_channel, TwilioSmsOutput)
    assert sms.sent == [(PATIENT, "Thanks. Where is the pain?")]


def test_the_conversation_id_is_a_pseudonym_of_the_number(client, agent) -> None:
    post_sms(client, incoming("my head hurts"))
    post_sms(client, incoming("it is on the left"))
    post_sms(client, incoming("hello", From="+15550002222"))

    first, second, other = (message.sender_id for message in agent.messages)
    assert first == second == CONVERSATION
    assert other != CONVERSATION
    assert PATIENT.lstrip("+") not in CONVERSATION


@pytest.mark.parametrize(
    ("signature", "token", "form"),
    [
        (None, TOKEN, incoming()),
        ("", TOKEN, incoming()),
        ("valid", "someone-elses-token", incoming()),
        ("bm90IGEgc2lnbmF0dXJl", TOKEN, incoming()),
    ],
)
def test_unsigned_or_wrongly_signed_message_is_refused(
    client, agent, sms: FakeSms, signature, token, form
) -> None:
    reply = post_sms(client, form, signature=signature, token=token)
    assert reply.status == 403
    assert agent.messages == []
    assert sms.sent == []


def test_message_altered_after_signing_is_refused(client, agent) -> None:
    signature = RequestValidator(TOKEN).compute_signature(URL, incoming("hello"))
    reply = post_sms(client, incoming("STOP"), signature=signature)
    assert reply.status == 403
    assert agent.messages == []


def test_public_url_is_what_the_signature_covers(client_for, sms, store, agent) -> None:
    client = client_for(make_channel(sms, store, public_url=PUBLIC_URL))

    assert post_sms(client, incoming(), signed_url=URL).status == 403
    assert post_sms(client, incoming(), signed_url=PUBLIC_URL).status == 200
    assert len(agent.messages) == 1


def test_message_without_sender_is_a_bad_request(client, agent) -> None:
    form = {key: value for key, value in incoming().items() if key != "From"}
    assert post_sms(client, form).status == 400
    assert agent.messages == []


@pytest.mark.parametrize(
    ("form", "reply_name"),
    [
        (incoming(None, NumMedia="1", MediaUrl0="https://media.example/1"), "media"),
        (incoming("", NumMedia="2"), "media"),
        (incoming(None), "empty"),
        (incoming("   "), "empty"),
    ],
)
def test_media_only_and_empty_messages_get_a_hint_not_the_dialogue(
    client, agent, sms: FakeSms, form: dict, reply_name: str
) -> None:
    replies = channel_replies()
    expected = {
        "media": replies.media_not_supported,
        "empty": replies.empty_message,
    }[reply_name]
    assert twiml_messages(post_sms(client, form)) == [expected]
    assert agent.messages == []
    assert sms.sent == []


def test_media_with_text_passes_the_text_on(client, agent) -> None:
    post_sms(client, incoming("photo of my neck", NumMedia="1"))
    assert [message.text for message in agent.messages] == ["photo of my neck"]


def test_buttons_become_a_numbered_menu_and_numbers_select_them(
    client, agent, sms: FakeSms
) -> None:
    agent.responses = [{"text": "Which side hurts?", "buttons": SIDES}]

    post_sms(client, incoming("hello"))
    [menu] = sms.bodies()
    assert menu == (
        "Which side hurts?\n1) Left side\n2) Right side\n3) Both sides\n"
        + channel_replies().numbered_hint
    )

    agent.responses = []
    post_sms(client, incoming("2"))
    assert agent.messages[-1].text == '/inform{"side":"right"}'


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("1", '/inform{"side":"left"}'),
        ("three", '/inform{"side":"both"}'),
        ("1,3", "Left side, Both sides"),
        ("1 and 2", "Left side, Right side"),
        ("4", "4"),
        ("the left one", "the left one"),
    ],
)
def test_numbered_answers(client, agent, answer: str, message: str) -> None:
    agent.responses = [{"text": "Which side hurts?", "buttons": SIDES}]
    post_sms(client, incoming("hello"))
    agent.responses = []

    post_sms(client, incoming(answer))

    assert agent.messages[-1].text == message


def test_numbers_are_plain_text_when_no_menu_was_offered(client, agent) -> None:
    agent.responses = [{"text": "How old are you?"}]
    post_sms(client, incoming("hello"))
    post_sms(client, incoming("2"))
    assert agent.messages[-1].text == "2"


def test_long_replies_are_split_within_the_segment_budget(
    client_for, agent, store
) -> None:
    sms = FakeSms()
    client = client_for(make_channel(sms, store, max_segments=1))
    advice = " ".join(f"Sentence {n} of the advice’s long text." for n in range(40))
    agent.responses = [{"text": advice}]

    post_sms(client, incoming("hello"))

    assert len(sms.sent) > 1
    assert all(segment_count(body) == 1 for body in sms.bodies())
    assert " ".join(sms.bodies()) == advice.replace("’", "'")


@pytest.mark.parametrize("word", [*OPT_OUT_WORDS, "optout", "Stop."])
def test_opt_out_word_is_recorded_confirmed_and_honoured(
    client, agent, sms: FakeSms, store, word: str
) -> None:
    assert twiml_messages(post_sms(client, incoming(word))) == [
        channel_replies().opted_out
    ]
    assert store.is_opted_out(PATIENT)
    assert agent.messages == []

    assert twiml_messages(post_sms(client, incoming("hello again"))) == []
    assert twiml_messages(post_sms(client, incoming("HELP"))) == []
    assert agent.messages == []
    assert sms.sent == []


@pytest.mark.parametrize("word", ["START", "unstop"])
def test_opt_in_word_lets_messages_flow_again(client, agent, store, word) -> None:
    post_sms(client, incoming("STOP"))

    assert twiml_messages(post_sms(client, incoming(word))) == [
        channel_replies().opted_in
    ]
    assert not store.is_opted_out(PATIENT)
    post_sms(client, incoming("hello"))
    assert [message.text for message in agent.messages] == ["hello"]


def test_second_opt_out_is_not_confirmed_again(client, store) -> None:
    post_sms(client, incoming("STOP"))
    assert twiml_messages(post_sms(client, incoming("QUIT"))) == []
    assert store.is_opted_out(PATIENT)


def test_confirmations_can_be_left_to_twilio(client_for, sms, store, agent) -> None:
    client = client_for(make_channel(sms, store, opt_out_confirmations=False))

    assert twiml_messages(post_sms(client, incoming("STOP"))) == []
    assert store.is_opted_out(PATIENT)
    assert twiml_messages(post_sms(client, incoming("START"))) == []
    assert not store.is_opted_out(PATIENT)


def test_sentence_containing_stop_is_conversation(client, agent, store) -> None:
    post_sms(client, incoming("stop asking about my neck"))
    assert not store.is_opted_out(PATIENT)
    assert [message.text for message in agent.messages] == ["stop asking about my neck"]


def test_help_gives_the_clinic_contact(client, agent) -> None:
    [help_text] = twiml_messages(post_sms(client, incoming("help")))
    assert "Test Physio" in help_text
    assert "555-0123" in help_text
    assert agent.messages == []


def test_opted_out_number_gets_no_bot_message_from_any_path(
    channel: TwilioSmsInput, sms: FakeSms, store
) -> None:
    store.opt_out(PATIENT)
    output = channel.reply_channel(PATIENT)
    message = {"text": "Reminder", "buttons": SIDES}
    asyncio.run(output.send_response(CONVERSATION, message))
    assert sms.sent == []


def test_outside_a_request_there_is_no_number_to_text(channel) -> None:
    assert channel.get_output_channel() is None


def test_a_reply_channel_texts_only_its_own_conversation(
    channel: TwilioSmsInput, sms: FakeSms
) -> None:
    output = channel.reply_channel(PATIENT)
    asyncio.run(output.send_text_message("sms-of-someone-else", "hello"))
    asyncio.run(output.send_text_message(CONVERSATION, "hello"))
    assert sms.sent == [(PATIENT, "hello")]


def test_opt_out_during_a_long_reply_stops_the_rest(store) -> None:
    class OptsOutAfterFirst(FakeSms):
        async def __call__(self, to: str, body: str) -> None:
            await super().__call__(to, body)
            store.opt_out(to)

    sms = OptsOutAfterFirst()
    output = make_output(sms, store, max_segments=1, numbered_hint="")
    asyncio.run(output.send_text_message(CONVERSATION, "a " * 200))
    assert len(sms.sent) == 1


def test_twilio_unsubscribed_error_records_the_opt_out(store) -> None:
    sms = FakeSms(refuse_with=21610)
    output = make_output(sms, store, numbered_hint="")
    asyncio.run(output.send_text_message(CONVERSATION, "hello"))
    assert store.is_opted_out(PATIENT)


def test_other_send_errors_are_logged_without_the_number(
    store, caplog: pytest.LogCaptureFixture, channel_log
) -> None:
    output = make_output(FakeSms(refuse_with=30003), store, numbered_hint="")
    with caplog.at_level(logging.ERROR):
        asyncio.run(output.send_text_message(CONVERSATION, "hello"))
    assert "30003" in channel_log()
    assert CONVERSATION in channel_log()
    assert PATIENT not in channel_log()
    assert not store.is_opted_out(PATIENT)


def test_custom_json_is_not_texted(channel: TwilioSmsInput, sms: FakeSms) -> None:
    output = channel.reply_channel(PATIENT)
    asyncio.run(output.send_response(CONVERSATION, {"custom": {"blocks": []}}))
    assert sms.sent == []


def test_dialogue_failure_is_a_server_error_logged_without_health_data(
    client, agent, caplog: pytest.LogCaptureFixture, channel_log
) -> None:
    agent.failing_texts = {"I had a seizure"}
    with caplog.at_level(logging.DEBUG):
        reply = post_sms(client, incoming("I had a seizure"))
    assert reply.status == 500
    log = channel_log()
    assert "RuntimeError" in log
    assert PATIENT not in log
    assert "seizure" not in log


def test_a_whole_conversation_logs_no_number_and_no_text(
    client, agent, caplog: pytest.LogCaptureFixture, channel_log
) -> None:
    agent.responses = [{"text": "Which side?", "buttons": SIDES}]
    with caplog.at_level(logging.DEBUG):
        for body in ["my jaw clicks", "2", "HELP", "STOP", "hello", "START"]:
            post_sms(client, incoming(body))
        post_sms(client, incoming("unsigned"), signature=None)
    log = channel_log()
    assert f"opt-out recorded for conversation {CONVERSATION}" in log
    assert PATIENT.lstrip("+") not in log
    assert "jaw" not in log


def test_channel_without_secrets_refuses_with_503_and_says_what_to_set(
    client_for, agent, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        channel = TwilioSmsInput.from_credentials(None)
    for name in [
        "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER", "PHONE_HASH_KEY",
    ]:  # fmt: skip
        assert name in caplog.text
    client = client_for(channel)
    caplog.clear()

    with caplog.at_level(logging.WARNING):
        reply = post_sms(client, incoming("hello"))
    assert reply.status == 503
    assert "TWILIO_AUTH_TOKEN" in caplog.text
    assert client.request("GET", "/webhooks/twilio/").status == 503
    assert agent.messages == []
    assert channel.get_output_channel() is None


@pytest.fixture
def twilio_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[str]:
    """A complete Twilio configuration, and DATABASE_URL on a migrated SQLite file."""
    url = f"sqlite:///{tmp_path / 'screening.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("TWILIO_NUMBER", CLINIC_NUMBER)
    monkeypatch.setenv("PHONE_HASH_KEY", HASH_KEY)
    database_for.cache_clear()
    migrate.upgrade(database_for(url))
    yield url
    database_for(url).dispose()
    database_for.cache_clear()


def test_channel_from_environment(monkeypatch, twilio_env, client_for, agent) -> None:
    monkeypatch.setenv("TWILIO_MAX_SEGMENTS", "3")
    monkeypatch.setenv("TWILIO_OPT_OUT_CONFIRMATIONS", "false")

    channel = TwilioSmsInput.from_credentials(None)

    assert channel.missing_env == []
    assert channel.max_segments == 3
    assert channel.opt_out_confirmations is False
    assert isinstance(channel.send, TwilioRestSender)
    client = client_for(channel)
    assert client.request("GET", "/webhooks/twilio/").status == 200
    post_sms(client, incoming("hello"))
    assert [message.sender_id for message in agent.messages] == [CONVERSATION]


def test_opt_outs_are_kept_in_the_database_across_restarts(
    twilio_env, client_for, agent
) -> None:
    channel = TwilioSmsInput.from_credentials(None)
    assert isinstance(channel.opt_outs, SqlOptOutStore)
    post_sms(client_for(channel), incoming("STOP"))

    restarted = client_for(TwilioSmsInput.from_credentials(None))

    assert twiml_messages(post_sms(restarted, incoming("hello"))) == []
    assert agent.messages == []
    post_sms(restarted, incoming("START"))
    post_sms(restarted, incoming("hello"))
    assert [message.text for message in agent.messages] == ["hello"]


def test_another_opt_out_store_can_be_named(monkeypatch, twilio_env) -> None:
    monkeypatch.setenv(
        "TWILIO_OPT_OUT_STORE", "bot.channels.optout.InMemoryOptOutStore"
    )
    channel = TwilioSmsInput.from_credentials(None)
    assert isinstance(channel.opt_outs, InMemoryOptOutStore)


def test_a_configured_sender_needs_no_twilio_account(
    monkeypatch, twilio_env, tmp_path, client_for, agent
) -> None:
    capture = tmp_path / "sms.jsonl"
    monkeypatch.delenv("TWILIO_ACCOUNT_SID")
    monkeypatch.delenv("TWILIO_NUMBER")
    monkeypatch.setenv("TWILIO_SENDER", "bot.channels.sms_capture.file_sender")
    monkeypatch.setenv("SMS_CAPTURE_FILE", str(capture))
    agent.responses = [{"text": "Which side hurts?", "buttons": SIDES}]

    channel = TwilioSmsInput.from_credentials(None)
    post_sms(client_for(channel), incoming("hello"))

    assert isinstance(channel.send, FileSmsSender)
    [sent] = [json.loads(line) for line in capture.read_text().splitlines()]
    assert sent["to"] == PATIENT
    assert sent["body"].startswith("Which side hurts?\n1) Left side")


@pytest.mark.parametrize(
    ("path", "error"),
    [("bot.channels.no_such_module.sender", ImportError), ("builtins.list", TypeError)],
)
def test_a_bad_sender_fails_at_start_up(monkeypatch, twilio_env, path, error) -> None:
    monkeypatch.setenv("TWILIO_SENDER", path)
    with pytest.raises(error, match=path):
        TwilioSmsInput.from_credentials(None)


def test_credentials_file_values_win_over_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "env-token")
    monkeypatch.setenv("TWILIO_MESSAGING_SERVICE_SID", "MG" + "0" * 32)
    monkeypatch.setenv("PHONE_HASH_KEY", HASH_KEY)

    channel = TwilioSmsInput.from_credentials(
        {
            "auth_token": "file-token",
            "public_url": PUBLIC_URL,
            "opt_out_store": "bot.channels.optout.InMemoryOptOutStore",
        }
    )

    assert channel.auth_token == "file-token"
    assert channel.public_url == PUBLIC_URL
    assert isinstance(channel.opt_outs, InMemoryOptOutStore)


@pytest.mark.parametrize(
    ("name", "value"),
    [("TWILIO_MAX_SEGMENTS", "0"), ("TWILIO_MAX_SEGMENTS", "lots"),
     ("TWILIO_OPT_OUT_CONFIRMATIONS", "sometimes"),
     ("PHONE_HASH_KEY", "too-short")],
)  # fmt: skip
def test_bad_setting_fails_at_start_up(monkeypatch, twilio_env, name, value) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match="max_segments|TWILIO_|PHONE_HASH_KEY"):
        TwilioSmsInput.from_credentials(None)


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ({"from_number": CLINIC_NUMBER}, {"from_": CLINIC_NUMBER}),
        ({"messaging_service_sid": "MG1"}, {"messaging_service_sid": "MG1"}),
    ],
)
def test_rest_sender_calls_twilio_messages_api(monkeypatch, origin, expected) -> None:
    sender = TwilioRestSender("AC" + "0" * 32, TOKEN, **origin)
    calls = []

    async def create_async(**kwargs):
        calls.append(kwargs)

    monkeypatch.setattr(sender._client.messages, "create_async", create_async)
    asyncio.run(sender(PATIENT, "hello"))
    assert calls == [{"to": PATIENT, "body": "hello", **expected}]


def test_rest_sender_turns_twilio_errors_into_codes(monkeypatch) -> None:
    sender = TwilioRestSender("AC" + "0" * 32, TOKEN, from_number=CLINIC_NUMBER)

    async def create_async(**kwargs):
        raise TwilioRestException(400, "uri", msg=f"{PATIENT} unsubscribed", code=21610)

    monkeypatch.setattr(sender._client.messages, "create_async", create_async)
    with pytest.raises(SmsSendError) as error:
        asyncio.run(sender(PATIENT, "hello"))
    assert error.value.code == 21610
    assert PATIENT not in str(error.value)
    assert error.value.__cause__ is None


def test_rest_sender_needs_a_sender_identity() -> None:
    with pytest.raises(ValueError):
        TwilioRestSender("AC" + "0" * 32, TOKEN)


@pytest.mark.parametrize(
    ("token", "send", "pseudonymise"),
    [(None, FakeSms(), str.upper), (TOKEN, None, str.upper), (TOKEN, FakeSms(), None)],
)
def test_enabled_channel_needs_token_sender_and_pseudonyms(
    token, send, pseudonymise
) -> None:
    with pytest.raises(ValueError):
        TwilioSmsInput(token, send, InMemoryOptOutStore(), pseudonymise=pseudonymise)


def test_with_contact_key_each_message_carries_its_number_encrypted(
    client_for, agent, sms: FakeSms, store: InMemoryOptOutStore
) -> None:
    """For a call-back the patient may accept "on the number you're texting from"
    (bot/dialogue/callback.py): the number reaches the action server only as a
    Fernet token, and without CONTACT_KEY not at all."""
    cipher = ContactCipher.from_keys(new_key())
    client = client_for(make_channel(sms, store, cipher=cipher))
    post_sms(client, incoming("yes"))
    [message] = agent.messages
    token = message.metadata[CHANNEL_NUMBER_KEY]
    assert PATIENT not in token and cipher.decrypt(token) == PATIENT
    agent.messages.clear()
    post_sms(client_for(make_channel(sms, store)), incoming("yes"))
    assert not agent.messages[0].metadata
