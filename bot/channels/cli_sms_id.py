"""`python -m bot sms-id`: the conversation id of a phone number's SMS screenings.

SMS conversations are stored under a keyed pseudonym of the number, never the number
(see `bot.storage.phone_hash`), so staff answering a patient's request ("delete what
you hold about me") need this to find the conversation:

    python -m bot sms-id                 # asks for the number, prints sms-…
    python -m bot export --conversation sms-…
    python -m bot retention delete-conversation sms-…

The number is read from a prompt (or standard input), not the command line, so it
does not end up in the shell's history. Needs the same PHONE_HASH_KEY as the bot.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from bot.storage.phone_hash import PHONE_HASH_KEY_ENV, PhoneHasher

E164 = re.compile(r"\+[1-9]\d{6,14}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the number is asked for, never passed as an argument."""


def run(args: argparse.Namespace) -> int:
    try:
        hasher = PhoneHasher.from_secret(os.environ.get(PHONE_HASH_KEY_ENV, ""))
    except ValueError as error:
        print(f"Error: {error} (the same key as the running bot).", file=sys.stderr)
        return 1
    if sys.stdin.isatty():
        print("Phone number, as Twilio sends it (+15551234567): ", end="", flush=True)
    number = re.sub(r"[\s().-]", "", sys.stdin.readline())
    if not E164.fullmatch(number):
        print(
            "Error: give the number in international form: + then the country code "
            "and number, e.g. +15551234567.",
            file=sys.stderr,
        )
        return 1
    print(hasher.conversation_id(number))
    return 0
