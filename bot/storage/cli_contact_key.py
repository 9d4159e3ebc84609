"""`python -m bot contact-key`: print a new key for CONTACT_KEY (contact_crypto.py)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments."""


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: see cli_support.
    from bot.storage.contact_crypto import new_key

    print(new_key())
    return 0
