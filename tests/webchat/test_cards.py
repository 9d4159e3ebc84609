"""Outcome cards: built for the web chat only, folded in place of their text.

SMS and Messenger must get exactly what they got before (no `custom` payload at
all); the web chat gets a card whose `text` is what Rasa renders for the same
response, so the relay can put the card in place of the text pieces.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from rasa.core.nlg.interpolator import interpolate
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions
from bot.dialogue.web_card import CARD_KEY, booking_card, is_web_chat, outcome_card
from bot.screening import load_ruleset
from bot.settings import PROJECT_ROOT
from bot.webchat.cards import fold_cards

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
RULESET = load_ruleset()
BOOKING = "https://clinic.example/book?ref=AbCdEfGhIjKlMnOp"
REASONS = "• Neck pain: “my neck”"


def rasa_text(response: str, **values: str) -> str:
    """What Rasa's NLG makes of `response` (its interpolation of the template)."""
    template = DOMAIN["responses"][response][0]["text"]
    return interpolate(template, values)


def collector(text: str, custom: dict[str, Any]) -> list[dict[str, Any]]:
    """What Rasa's REST channel sends for one message with text and `custom`."""
    pieces = [{"recipient_id": "r", "text": p} for p in text.strip().split("\n\n")]
    return [*pieces, {"recipient_id": "r", "custom": custom}]


def fake_outcome(triage: str) -> Any:
    """What the card reads of an Outcome: its triage and its advice."""
    advice = f"Advice for {triage}.\n\nNot a diagnosis.\n\nReferences: [1] A paper."
    return SimpleNamespace(triage=triage, advice=advice)


def card_for(triage: str) -> dict[str, Any]:
    return outcome_card(fake_outcome(triage), REASONS, RULESET, "112")


@pytest.mark.parametrize("triage", [t.id for t in RULESET.triage])
def test_every_outcome_card_carries_rasas_text_and_folds_in_its_place(
    triage: str,
) -> None:
    custom = card_for(triage)
    card = custom[CARD_KEY]
    advice = fake_outcome(triage).advice
    assert card["text"] == rasa_text(
        f"utter_outcome_{triage}", advice=advice, reasons=REASONS
    )
    assert "References: [1] A paper." not in card["paragraphs"]
    assert card["sources"] == [
        {"ref": ref, "text": RULESET.references[ref]}
        for ref in next(t for t in RULESET.triage if t.id == triage).references
    ]
    assert card["emergency"] is (triage == "emergency")
    assert ("emergency_number" in card) is (triage == "emergency")

    [folded] = fold_cards(collector(card["text"], custom))
    assert folded["text"] == card["text"]
    assert folded["card"]["paragraphs"] == card["paragraphs"]
    assert "text" not in folded["card"]


def test_a_booking_card_joins_the_outcome_before_it() -> None:
    outcome = card_for("cgh_likely")
    booking = booking_card(BOOKING)
    assert booking[CARD_KEY]["text"] == rasa_text(
        "utter_booking_link", booking_link=BOOKING
    )
    messages = [
        {"recipient_id": "r", "text": "Before."},
        *collector(outcome[CARD_KEY]["text"], outcome),
        *collector(booking[CARD_KEY]["text"], booking),
    ]
    before, folded = fold_cards(messages)
    assert before == {"recipient_id": "r", "text": "Before."}
    assert folded["card"]["booking_url"] == BOOKING
    assert folded["text"].endswith(booking[CARD_KEY]["text"])


def test_the_emergency_card_never_gets_a_booking_link() -> None:
    emergency = card_for("emergency")
    booking = booking_card(BOOKING)
    messages = [
        *collector(emergency[CARD_KEY]["text"], emergency),
        *collector(booking[CARD_KEY]["text"], booking),
    ]
    [folded] = fold_cards(messages)
    assert folded["card"]["emergency"] is True
    assert folded["card"]["emergency_number"] == "112"
    assert "booking_url" not in folded["card"]
    assert BOOKING not in str(folded)


def test_a_card_whose_text_does_not_match_keeps_the_text_before_it() -> None:
    custom = card_for("cgh_likely")
    messages = [{"recipient_id": "r", "text": "Something else."}, {"custom": custom}]
    folded = fold_cards(messages)
    assert folded[0] == {"recipient_id": "r", "text": "Something else."}
    assert folded[1]["card"]["kind"] == "screening_outcome"


@pytest.mark.parametrize(
    "custom",
    [{}, {"other": 1}, {CARD_KEY: "x"}, {CARD_KEY: {"kind": "unknown", "text": "t"}},
     {CARD_KEY: {"kind": "booking_link", "text": "t", "url": "javascript:alert(1)"}}],
)  # fmt: skip
def test_anything_else_passes_unchanged(custom: dict[str, Any]) -> None:
    messages = [
        {"recipient_id": "r", "text": "t"},
        {"recipient_id": "r", "custom": custom},
    ]
    assert fold_cards(messages) == messages


# ---- the action: cards for the web chat only ------------------------------------


def run_outcome(
    sender: str, monkeypatch: pytest.MonkeyPatch, triage: str
) -> list[dict[str, Any]]:
    """The messages ActionScreeningOutcome sends `sender` for an outcome `triage`."""
    link = None if triage == "emergency" else BOOKING

    def fake_conclude(read: Any, **kwargs: Any) -> Any:
        return SimpleNamespace(
            outcome=fake_outcome(triage), reasons="", booking_link=link
        )

    monkeypatch.setattr(actions, "conclude", fake_conclude)
    tracker = Tracker(sender, {"story": True}, {"text": "42"}, [], False, None, {}, "")
    dispatcher = CollectingDispatcher()
    asyncio.run(actions.ActionScreeningOutcome().run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages


@pytest.mark.parametrize("sender", ["sms-" + "0" * 32, "fb-1234567890", "rest-visitor"])
@pytest.mark.parametrize("triage", ["emergency", "cgh_likely"])
def test_sms_messenger_and_rest_get_no_custom_payload(
    sender: str, triage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = run_outcome(sender, monkeypatch, triage)
    assert [m["response"] for m in messages] == (
        ["utter_outcome_emergency"]
        if triage == "emergency"
        else ["utter_outcome_cgh_likely", "utter_booking_link"]
    )
    assert all(m["custom"] == {} for m in messages)


def test_the_web_chat_gets_the_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    messages = run_outcome("web-" + "a" * 24, monkeypatch, "cgh_likely")
    kinds = [m["custom"][CARD_KEY]["kind"] for m in messages]
    assert kinds == ["screening_outcome", "booking_link"]
    assert messages[1]["custom"][CARD_KEY]["url"] == BOOKING
    assert is_web_chat("web-x") and not is_web_chat("sms-x")
