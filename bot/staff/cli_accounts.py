"""`python -m bot add-staff NAME [--role reviewer|admin]`: add a staff account.

The password is asked twice, unechoed, on a terminal; otherwise it is the first
line of standard input (for scripts: `printf '%s\\n' "$PW" | python -m bot
add-staff NAME`). Never an argument: arguments show in `ps` and shell history.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys

from bot.storage.cli_support import report_errors

# The values of bot.storage.staff.Role, named here so `--help` imports no SQLAlchemy.
ROLES = ("reviewer", "admin")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username")
    parser.add_argument("--role", choices=ROLES, default="reviewer")


def run(args: argparse.Namespace) -> int:
    return report_errors(lambda: create_account(args.username, args.role))


def create_account(username: str, role: str) -> int:
    """Ask for a password and store the account; 0 on success, 1 with a message."""
    from bot.staff.forms import USERNAME_PATTERN, USERNAME_RULE
    from bot.storage.cli_support import current_database
    from bot.storage.staff import Role, StaffRepository

    username = username.strip()
    if not re.fullmatch(USERNAME_PATTERN, username):
        return _fail(f"Invalid username. {USERNAME_RULE}")
    database = current_database()
    password = read_password()
    if password is None:
        return _fail("The passwords differ; nothing was created.")
    try:
        user = StaffRepository(database).create(username, password, Role(role))
    except ValueError as error:
        return _fail(str(error))
    print(f"Created {user.role.value} '{user.username}'.")
    print("Log in to the staff app: `make run` or `python -m bot staff` starts it.")
    return 0


def read_password() -> str | None:
    """The new password, or None when the two typed on a terminal differ."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password (at least 12 characters): ")
    return password if getpass.getpass("Repeat it: ") == password else None


def _fail(message: str) -> int:
    print(f"Error: {message}", file=sys.stderr)
    return 1
