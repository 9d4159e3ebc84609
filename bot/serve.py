"""`python -m bot serve rasa|rasa_sdk ...`: Rasa or the action server, run safely.

Runs the command line of Rasa or rasa_sdk, in a process where

- `bot.log_redaction` rewrites every log record first, so that even at DEBUG no
  message text, symptom, slot value or conversation id reaches the logs;
- for Rasa, Sanic refuses request bodies over `MAX_REQUEST_BYTES` (32 KB) with 413
  on every channel and API route. Sanic's own default is 100 MB, and Rasa hands
  whatever text arrives to the NLU, which takes a minute over 100 KB of words.
  32 KB holds the largest real webhook: an SMS of 1,600 characters percent-encoded
  (about 15 KB), a Messenger text of 2,000 characters JSON-escaped (12 KB). Set
  SANIC_REQUEST_MAX_SIZE to change it. The action server keeps Sanic's default:
  Rasa sends it the whole conversation with every call;
- files the process creates are its owner's only (umask 077): the SQLite database
  and its -wal and -shm files, generated tokens;
- Rasa and the action server share a token (`bot/action_server.py`): the action
  server listens on 127.0.0.1 and runs only calls that carry it, and Rasa finds it
  in its environment, for endpoints.yml's `${ACTION_SERVER_TOKEN}`;
- `rasa run` gets its HTTP API token from RASA_API_TOKEN, added to its arguments
  inside the process, as `--auth-token` on the real command line would show it to
  every local user (`ps`).

`bot/stack.py` (and so `make run` and the tests) starts both servers this way:

    python -m bot serve rasa run --model models/screening.tar.gz --debug ...
    python -m bot serve rasa_sdk --actions actions --port 5055 --debug
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from bot import action_server
from bot.log_redaction import install
from bot.settings import ACTION_SERVER_TOKEN_ENV, PRIVATE_UMASK, RASA_API_TOKEN_ENV

# program -> the module whose main() is its command line
PROGRAMS = {"rasa": "rasa.__main__", "rasa_sdk": "rasa_sdk.__main__"}
MAX_REQUEST_BYTES = 32 * 1024
REQUEST_SIZE_ENV = "SANIC_REQUEST_MAX_SIZE"  # read by Sanic when Rasa creates its app


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("program", choices=PROGRAMS)
    parser.add_argument(
        "arguments", nargs=argparse.REMAINDER, help="the program's own arguments"
    )


def run(args: argparse.Namespace) -> int:
    install()
    os.umask(PRIVATE_UMASK)
    arguments = list(args.arguments)
    if args.program == "rasa":
        os.environ.setdefault(REQUEST_SIZE_ENV, str(MAX_REQUEST_BYTES))
        os.environ[ACTION_SERVER_TOKEN_ENV] = action_server.token()  # endpoints.yml
        arguments = with_api_token(arguments)
    else:
        action_server.prepare(action_server.token())
    main = importlib.import_module(PROGRAMS[args.program]).main
    sys.argv = [args.program, *arguments]  # this process's copy: not what `ps` shows
    main()  # its SystemExit, if any, ends the process as it would have
    return 0


def with_api_token(arguments: list[str]) -> list[str]:
    """`rasa run`'s arguments, with `--auth-token` from RASA_API_TOKEN if set."""
    token = os.environ.get(RASA_API_TOKEN_ENV, "").strip()
    if not token or arguments[:1] != ["run"] or "--auth-token" in arguments:
        return arguments
    return [*arguments, "--auth-token", token]
