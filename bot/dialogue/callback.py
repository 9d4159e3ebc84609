"""The call-back request after an outcome: what to ask next and how to read the
replies, without Rasa (the actions in actions/actions.py only carry it out).

After the outcome (after the emergency advice, never before it) the bot asks
whether the clinic should call back. On yes, the callback form asks:

1. on SMS, whether to call the number the patient texts from (the channel passes
   that number encrypted, so only a yes ever stores it);
2. a name ("skip" leaves it out);
3. a phone number, unless the texting number was accepted: read and normalised
   with `phonenumbers` (E.164), in CLINIC_COUNTRY when it has no country code.

The slots hold only markers ("given", "skipped", "yes", "no"); the details go
straight to the database, encrypted (bot/storage/contacts.py), and the tracker
store blanks the messages that carried them (bot/storage/tracker_store.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

import phonenumbers

CALLBACK_FORM = "callback_form"
# Message metadata: the number an SMS came from, encrypted by the channel.
CHANNEL_NUMBER_KEY = "callback_number"
USE_NUMBER, NAME, PHONE = "callback_use_number", "callback_name", "callback_phone"
CONTACT_SLOTS = (USE_NUMBER, NAME, PHONE)
PHONE_TRIES = "callback_phone_tries"  # how many numbers were refused so far
# The questions whose replies are contact details: the tracker store blanks them.
PRIVATE_QUESTIONS = frozenset({NAME, PHONE})
MAX_NAME = 80
MAX_PHONE_TRIES = 3
GIVEN, SKIPPED, YES, NO = "given", "skipped", "yes", "no"
_SKIP = re.compile(r"\s*(skip|pass|rather not( say)?|no name|n/?a|-)\s*[.!]?\s*", re.I)


class Store(Enum):
    """What a reply asks the action to store."""

    NOTHING = "nothing"
    NAME = "name"
    PHONE = "phone"
    CHANNEL_NUMBER = "channel_number"


@dataclass(frozen=True)
class ContactReply:
    slot: str  # the question answered
    value: str | None  # its marker; None: ask again
    store: Store = Store.NOTHING
    detail: str = ""  # the name or E.164 number to store (never kept in a slot)
    hint: str | None = None  # a response to say first, e.g. why a number was refused


def questions(*, channel_number: bool, answered: dict[str, str | None]) -> list[str]:
    """The questions still to ask, in order. `channel_number`: the message came
    with the number the patient texts from."""
    wanted = [NAME, PHONE]
    if channel_number:
        wanted.insert(0, USE_NUMBER)
        if answered.get(USE_NUMBER) == YES:
            wanted.remove(PHONE)
    return [slot for slot in wanted if answered.get(slot) is None]


def read_reply(
    question: str, text: str, intent: str, *, region: str, tries: int = 0
) -> ContactReply:
    """Read the reply to `question`. `tries` is how many numbers were refused so far."""
    if question == USE_NUMBER:
        return _read_use_number(intent)
    if question == NAME:
        return _read_name(text)
    return _read_phone(text, region, tries)


def _read_use_number(intent: str) -> ContactReply:
    if intent == "affirm":
        return ContactReply(USE_NUMBER, YES, Store.CHANNEL_NUMBER)
    if intent == "deny":
        return ContactReply(USE_NUMBER, NO)
    return ContactReply(USE_NUMBER, None, hint="utter_callback_yes_or_no")


def _read_name(text: str) -> ContactReply:
    name = " ".join(text.split())
    if _SKIP.fullmatch(name):
        return ContactReply(NAME, SKIPPED)
    if not name or len(name) > MAX_NAME or not any(c.isalpha() for c in name):
        return ContactReply(NAME, None, hint="utter_callback_name_hint")
    return ContactReply(NAME, GIVEN, Store.NAME, name)


def _read_phone(text: str, region: str, tries: int) -> ContactReply:
    number = normalised_number(text, region)
    if number is not None:
        return ContactReply(PHONE, GIVEN, Store.PHONE, number)
    if tries + 1 >= MAX_PHONE_TRIES:
        return ContactReply(PHONE, SKIPPED, hint="utter_callback_phone_gave_up")
    return ContactReply(PHONE, None, hint="utter_callback_phone_hint")


def normalised_number(text: str, region: str) -> str | None:
    """The phone number in `text` as E.164 (+14165550123), or None if `text` holds
    no valid number. A number without a country code is read in `region`."""
    matches = phonenumbers.PhoneNumberMatcher(text, region)
    found = [match.number for match in matches]
    if len(found) != 1 or not phonenumbers.is_valid_number(found[0]):
        return None
    return phonenumbers.format_number(found[0], phonenumbers.PhoneNumberFormat.E164)
