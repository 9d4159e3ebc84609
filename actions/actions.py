"""Rasa SDK actions: thin adapters that read slots, call `bot/`, utter, return events.

The screening logic is in `bot.dialogue` and `bot.screening`; wording is in
domain.yml. Each action here only translates between Rasa's tracker and those.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from bot.dialogue import callback, faq, wording
from bot.dialogue.conclude import DatabaseRepository, Screening, conclude
from bot.dialogue.entities import read_entities
from bot.dialogue.screening_state import (
    QUESTION_PREFIX,
    ScreeningState,
    Turn,
    question_concepts,
    questions_to_ask,
    read_answer,
    with_message,
    with_volunteered,
)
from bot.dialogue.web_card import booking_card, is_web_chat, outcome_card
from bot.screening import IncompleteScreening, Outcome, load_ruleset
from bot.settings import get_settings
from bot.storage.contact_crypto import contact_cipher
from bot.storage.contacts import ContactBook
from bot.storage.db import get_database

logger = logging.getLogger(__name__)
DomainDict = dict[str, Any]


def current_turn(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name") or ""
    return Turn(intent, text, read_entities(message.get("entities") or [], text))


def current_state(tracker: Tracker) -> ScreeningState:
    return ScreeningState(
        findings=tracker.get_slot("findings") or {},
        age=tracker.get_slot("age"),
        onset=tracker.get_slot("onset"),
        story_told=bool(tracker.get_slot("story")),
    )


def state_events(state: ScreeningState) -> list[EventType]:
    return [
        SlotSet("findings", state.findings),
        SlotSet("age", state.age),
        SlotSet("onset", state.onset),
        SlotSet("story", True if state.story_told else None),
    ]


# After these the screening is over (outcome given, consent declined, stopped): a
# greeting and "yes" then start a new screening, which must not inherit the old one.
SCREENING_ENDS = frozenset(
    {"action_screening_outcome", "action_decline_consent", "utter_stopped"}
)


def session_user_events(tracker: Tracker) -> list[dict[str, Any]]:
    """The visitor's messages since the conversation began or last screening ended."""
    events: list[dict[str, Any]] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind in ("session_started", "restart") or (
            kind == "action" and event.get("name") in SCREENING_ENDS
        ):
            events = []
        elif kind == "user":
            events.append(event)
    return events


def answered_since_message(tracker: Tracker) -> bool:
    """Whether an action other than listening already ran after the last message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return True
    return False


class SafeAction(Action, ABC):
    """An action that always answers the visitor, even when something fails.

    An exception would reach Rasa as HTTP 500, and Rasa then logs the whole tracker,
    message texts included. Here the visitor gets a clear message and the log gets
    the action's name and the error's type, never its text.
    """

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            return await self.act(dispatcher, tracker, domain)
        except Exception as error:  # noqa: BLE001 - the visitor must get an answer
            logger.error("%s failed with %s", self.name(), type(error).__name__)
            logger.debug("Traceback of the failure", exc_info=True)
            dispatcher.utter_message(response="utter_something_went_wrong")
            return []

    @abstractmethod
    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """What the action does; `run` turns its failures into a clear reply."""


class ActionStartScreening(SafeAction):
    """After consent: start a new screening from what the visitor has said so far.

    Only messages since the last screening ended count, so that screening again in
    the same conversation asks everything again instead of repeating the outcome.
    """

    def name(self) -> str:
        return "action_start_screening"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        state = ScreeningState(findings={})
        for event in session_user_events(tracker):
            text = event.get("text") or ""
            entities = (event.get("parse_data") or {}).get("entities") or []
            turn = Turn("", text, read_entities(entities, text))
            state = with_volunteered(state, turn)
        return [
            *state_events(state),
            SlotSet("emergency_advised", None),
            SlotSet("booking_link", None),
        ]


class DynamicFormValidation(SafeAction, FormValidationAction):
    """A form whose `required_slots()` says what is still to ask, and whose
    `get_validation_events` reads the reply to the requested question: nothing is
    extracted, the reply is read once, in validation (see ValidateScreeningForm)."""

    @abstractmethod
    def name(self) -> str:
        """validate_<form name>; abstract, so the action server registers only
        the forms' own validation actions."""

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return await FormValidationAction.run(self, dispatcher, tracker, domain)

    @abstractmethod
    def questions(self, tracker: Tracker) -> list[str]:
        """The form's questions still to ask, in order."""

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return self.questions(tracker)

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """None: no `extract_<slot>`, the reply is read once, in validation."""
        return []


class ValidateScreeningForm(DynamicFormValidation):
    """The screening form: asks the engine's pending questions and reads each reply.

    A dynamic form: `required_slots` is the list of questions the engine still
    needs, so the SDK requests the first of them, and ends the form (requested_slot
    None) when the engine has everything. Every question's reply is read alike, into
    the screening's slots (findings, age, onset, story), and the question slots
    stay empty. The SDK's `validate_<slot>` runs only for a slot given a value, so
    instead of an `extract_` and a `validate_` method per question that fill and
    empty it again, `get_validation_events` reads the reply to the requested
    question. It sets no slot for an interruption (stop, hand-off, off-topic...):
    Rasa then rejects the form's turn and the rules in data/rules.yml handle it;
    when a rule hands back to the form, the pending question is asked again.
    """

    def name(self) -> str:
        return "validate_screening_form"

    def questions(self, tracker: Tracker) -> list[str]:
        return questions_to_ask(current_state(tracker))

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        question = tracker.get_slot(REQUESTED_SLOT)
        reply = read_answer(current_state(tracker), question, current_turn(tracker))
        if reply is None:
            return []
        if reply.needs_hint:
            dispatcher.utter_message(response="utter_not_understood")
        return state_events(reply.state)


class AskQuestion(SafeAction):
    """Ask one question group of rules.yml, about the concepts it still needs."""

    @property
    @abstractmethod
    def group(self) -> str:
        """The question group id of rules.yml; subclasses set it."""

    def name(self) -> str:
        return f"action_ask_{QUESTION_PREFIX}{self.group}"

    def pending(self, tracker: Tracker) -> tuple[str, ...]:
        return question_concepts(current_state(tracker), QUESTION_PREFIX + self.group)


class AskChecklist(AskQuestion):
    """Ask a question group as a checklist of the concepts it still needs."""

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        concepts = self.pending(tracker)
        labels = load_ruleset().concepts
        buttons = [
            {
                "title": labels[c].label[:1].upper() + labels[c].label[1:],
                "payload": str(n),
            }
            for n, c in enumerate(concepts, 1)
        ]
        buttons += wording.buttons("utter_checklist_last_options")
        dispatcher.utter_message(
            response=f"utter_ask_{QUESTION_PREFIX}{self.group}", buttons=buttons
        )
        return []


class AskEmergencyRedFlags(AskChecklist):
    group = "emergency_red_flags"


class AskOtherRedFlags(AskChecklist):
    group = "other_red_flags"


class AskCgh(AskChecklist):
    group = "cgh"


class AskTmd(AskChecklist):
    group = "tmd"


class AskFirst(AskQuestion):
    """Ask about the first concept the group still needs: one at a time."""

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        concepts = self.pending(tracker)
        if concepts:
            self.ask(dispatcher, concepts[0])
        return []

    @abstractmethod
    def ask(self, dispatcher: CollectingDispatcher, concept: str) -> None:
        """Say the question about `concept`."""


class AskRecheckRedFlags(AskFirst):
    """Ask again, directly, a red flag the visitor mentioned with doubt."""

    group = "recheck_red_flags"

    def ask(self, dispatcher: CollectingDispatcher, concept: str) -> None:
        item = load_ruleset().concepts[concept].label
        dispatcher.utter_message(
            response=f"utter_ask_{QUESTION_PREFIX}{self.group}", item=item
        )


class AskSide(AskFirst):
    """Ask the side of a finding the side group still needs, each with its own
    wording and buttons in domain.yml (utter_ask_side_<concept>: "Which side is the
    neck pain on?")."""

    group = "sides"

    def ask(self, dispatcher: CollectingDispatcher, concept: str) -> None:
        dispatcher.utter_message(response=f"utter_ask_side_{concept}")


class ActionScreeningOutcome(SafeAction):
    """Give the outcome, with the findings behind it, and store the screening.

    The outcome and the record are read from the conversation as the Rasa server
    stored it (`conclude`), not from this call; the slots go back to Rasa as before.
    """

    def name(self) -> str:
        return "action_screening_outcome"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        state = outcome_state(tracker)
        try:
            conclusion = conclude(
                read_screening,
                conversation=tracker.current_state(),
                repository=DatabaseRepository(get_database()),
            )
        except IncompleteScreening:
            logger.error("Screening concluded before every question was answered")
            dispatcher.utter_message(response="utter_cannot_conclude")
            return state_events(state)
        outcome = conclusion.outcome
        reasons = conclusion.reasons or "-"
        link = conclusion.booking_link
        web_chat = is_web_chat(tracker.sender_id)  # only it gets cards (web_card.py)
        dispatcher.utter_message(
            response=f"utter_outcome_{outcome.triage}",
            reasons=reasons,
            advice=outcome.advice,
            json_message=web_outcome_card(outcome, reasons) if web_chat else None,
        )
        if link:
            say_booking_link(dispatcher, tracker, link)
        return [
            *state_events(state),
            SlotSet("triage", outcome.triage),
            SlotSet("emergency_advised", outcome.triage == "emergency"),
            SlotSet("booking_link", link),
        ]


def say_booking_link(
    dispatcher: CollectingDispatcher, tracker: Tracker, link: str
) -> None:
    """The booking link, as a card in the web chat (web_card.py), as text elsewhere."""
    card = booking_card(link) if is_web_chat(tracker.sender_id) else None
    dispatcher.utter_message(
        response="utter_booking_link", booking_link=link, json_message=card
    )


def web_outcome_card(outcome: Outcome, reasons: str) -> dict[str, Any]:
    """The web chat's card of `outcome`, with the emergency number to call."""
    number = get_settings().emergency_number
    return outcome_card(outcome, reasons, load_ruleset(), number)


def outcome_state(tracker: Tracker) -> ScreeningState:
    """The screening to conclude: the slots, and the last message unless already read.

    After the form, its validation has read the last message (a bare "left" that
    answered a side question must not be read again as a head pain correction);
    when an emergency rule runs straight after a message, nothing has read it yet.
    """
    state = current_state(tracker)
    if answered_since_message(tracker):
        return state
    return with_message(state, current_turn(tracker))


def read_screening(conversation: dict[str, Any]) -> Screening:
    """The screening to store, read from a conversation (a tracker's state)."""
    tracker = Tracker.from_dict(conversation)
    return Screening(
        outcome_state(tracker).screening_input(),
        channel=tracker.get_latest_input_channel() or "unknown",
        started_at=started_at(tracker),
    )


def started_at(tracker: Tracker) -> datetime:
    """When the visitor's first message of this conversation arrived."""
    events = session_user_events(tracker)
    stamp = events[0].get("timestamp") if events else None
    return (
        datetime.fromtimestamp(stamp, timezone.utc)
        if stamp
        else datetime.now(timezone.utc)
    )


def clinic_contact() -> dict[str, str]:
    """The clinic's name and phone number, for responses that tell how to reach it."""
    settings = get_settings()
    return {"clinic_name": settings.clinic_name, "clinic_phone": settings.clinic_phone}


class ClinicContactReply(SafeAction):
    """A response that tells how to reach the clinic: Rasa fills a response's
    placeholders only from slots, so an action fills {clinic_name} and
    {clinic_phone} (a rule naming the response itself showed the braces)."""

    @property
    @abstractmethod
    def response(self) -> str:
        """The response of domain.yml to send."""

    def name(self) -> str:
        return self.response.replace("utter_", "action_", 1)

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response=self.response, **clinic_contact())
        return []


class ActionHandOff(SafeAction):
    """Give the clinic's contact details and record that a person was asked for."""

    def name(self) -> str:
        return "action_hand_off"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_handoff", **clinic_contact())
        return [SlotSet("handoff_requested", True)]


class ActionAfterEmergency(ClinicContactReply):
    """Answer any later message after the emergency advice kindly, never "goodbye".

    "It's gone now, can I still book?" must hear again that a doctor has to check
    it first, and how to reach the clinic (data/rules.yml sends every message here
    after an emergency outcome, except a new start, restart and stop).
    """

    response = "utter_after_emergency"


class ActionAnswerQuestion(SafeAction):
    """Answer a visitor's question (retrieval intent faq) without losing their place.

    The rules in data/rules.yml then hand back to what was pending (the screening's
    question, the consent or the call-back offer). During the screening, what the
    question volunteered counts: a red flag asked about is still a red flag. After
    an outcome, the answer is followed by the emergency reminder, by "a doctor
    first" when the question revealed a red flag the screening did not have, or by
    the booking link again where the outcome had one.
    """

    def name(self) -> str:
        return "action_answer_question"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        details = faq.answer_values(get_settings())
        answer = faq.chosen_answer(tracker.latest_message or {})
        dispatcher.utter_message(response=answer, **details)
        state, turn = current_state(tracker), current_turn(tracker)
        if tracker.active_loop_name == "screening_form":
            return state_events(with_volunteered(state, turn, bare_side_is_head=False))
        red_flags = (
            faq.new_red_flags(state.findings, turn.facts) if state.findings else []
        )
        link = tracker.get_slot("booking_link")
        then = faq.after_answer(
            emergency_advised=bool(tracker.get_slot("emergency_advised")),
            booking_link=link,
            red_flags=red_flags,
        )
        if then == "utter_booking_link":
            say_booking_link(dispatcher, tracker, link)
        elif then:
            dispatcher.utter_message(
                response=then, items=", ".join(red_flags), **details
            )
        return []


class ActionDeclineConsent(SafeAction):
    """A visitor who says no is thanked, and nothing they said is kept in slots."""

    def name(self) -> str:
        return "action_decline_consent"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_consent_declined")
        return [AllSlotsReset(), SlotSet("consent", "declined")]


# ---- The call-back request after an outcome (bot/dialogue/callback.py) ----------

# Replies that leave the call-back form; rules in data/rules.yml say what follows.
LEAVE_CALLBACK = frozenset({"deny", "stop", "goodbye", "restart", "ask_human"})


def contact_book() -> ContactBook | None:
    """Where call-back details go; None without CONTACT_KEY (no call-backs)."""
    cipher = contact_cipher()
    return ContactBook(get_database(), cipher) if cipher else None


def channel_number(tracker: Tracker) -> str | None:
    """The encrypted number the SMS channel sent with the last message, if any."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    token = metadata.get(callback.CHANNEL_NUMBER_KEY)
    return token if isinstance(token, str) else None


class ActionOfferCallback(SafeAction):
    """After the outcome: "Would you like someone to call you back?" Not offered
    without CONTACT_KEY, as the details could not be kept encrypted."""

    def name(self) -> str:
        return "action_offer_callback"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        fresh = [
            SlotSet(slot, None)
            for slot in (*callback.CONTACT_SLOTS, callback.PHONE_TRIES)
        ]
        if contact_book() is None:
            return [*fresh, SlotSet("callback_offered", False)]
        dispatcher.utter_message(response="utter_offer_callback", **clinic_contact())
        return [*fresh, SlotSet("callback_offered", True)]


class ValidateCallbackForm(DynamicFormValidation):
    """The call-back form: a dynamic form like the screening form; each reply is
    read by bot.dialogue.callback and its details stored encrypted at once."""

    def name(self) -> str:
        return "validate_callback_form"

    def questions(self, tracker: Tracker) -> list[str]:
        answered = {slot: tracker.get_slot(slot) for slot in callback.CONTACT_SLOTS}
        return callback.questions(
            channel_number=channel_number(tracker) is not None, answered=answered
        )

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        turn = current_turn(tracker)
        book = contact_book()
        question = tracker.get_slot(REQUESTED_SLOT)
        leaving = turn.intent in LEAVE_CALLBACK and question != callback.USE_NUMBER
        # A question is answered by the rules, then the form asks again.
        asking = turn.intent == faq.FAQ_INTENT
        if question is None or leaving or asking or book is None:
            return []  # the form starting (the "yes" is no name), or leaving it
        tries = tracker.get_slot(callback.PHONE_TRIES) or 0
        reply = callback.read_reply(
            question,
            turn.text,
            turn.intent,
            region=get_settings().clinic_country,
            tries=tries,
        )
        store(book, tracker, reply)
        if reply.hint:
            dispatcher.utter_message(response=reply.hint, **clinic_contact())
        events: list[EventType] = [SlotSet(reply.slot, reply.value)]
        if reply.slot == callback.PHONE and reply.store is callback.Store.NOTHING:
            events.append(SlotSet(callback.PHONE_TRIES, tries + 1))
        return events


def store(book: ContactBook, tracker: Tracker, reply: callback.ContactReply) -> None:
    """Keep what `reply` gave, encrypted, on the conversation's latest screening."""
    conversation = tracker.sender_id
    if reply.store is callback.Store.NAME:
        book.save_name(conversation, reply.detail)
    elif reply.store is callback.Store.PHONE:
        book.save_phone(conversation, reply.detail, source="typed")
    elif reply.store is callback.Store.CHANNEL_NUMBER:
        token = channel_number(tracker)
        if token is not None:
            book.save_phone_token(conversation, token, source="channel")


class ActionCallbackDeclined(ClinicContactReply):
    response = "utter_callback_declined"


class ActionCallbackCancelled(ClinicContactReply):
    response = "utter_callback_cancelled"


class ActionCallbackSaved(SafeAction):
    """Confirm the call-back, or say it was not asked for; after the emergency
    advice, say again not to wait for the call."""

    def name(self) -> str:
        return "action_callback_saved"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(callback.PHONE) == callback.SKIPPED:
            return []  # utter_callback_phone_gave_up said so already
        emergency = tracker.get_slot("emergency_advised")
        response = (
            "utter_callback_saved_emergency" if emergency else "utter_callback_saved"
        )
        dispatcher.utter_message(response=response, **clinic_contact())
        return []
