"""`python -m bot create-admin NAME`: create an admin account (the first one, or
one to get back in when every admin is locked out). See `cli_accounts` for how the
password is read."""

from __future__ import annotations

import argparse

from bot.staff.cli_accounts import create_account
from bot.storage.cli_support import report_errors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username")


def run(args: argparse.Namespace) -> int:
    return report_errors(lambda: create_account(args.username, "admin"))
