"""`python -m bot serve rasa|rasa_sdk ...`: Rasa or the action server, run safely.

Runs the unchanged command line of Rasa or rasa_sdk, in a process where

- `bot.log_redaction` rewrites every log record first, so that even at DEBUG no
  message text, symptom, slot value or conversation id reaches the logs;
- for Rasa, Sanic refuses request bodies over `MAX_REQUEST_BYTES` with 413 on every
  channel and API route (Sanic's own default is 100 MB, and Rasa hands whatever
  text arrives to the NLU). The action server keeps the default: Rasa sends it the
  whole conversation with every call.

`bot/stack.py` (and so `make run` and the tests) starts both servers this way:

    python -m bot serve rasa run --model models/screening.tar.gz --debug ...
    python -m bot serve rasa_sdk --actions actions --port 5055 --debug
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from bot.log_redaction import install

# program -> the module whose main() is its command line
PROGRAMS = {"rasa": "rasa.__main__", "rasa_sdk": "rasa_sdk.__main__"}
MAX_REQUEST_BYTES = 128 * 1024
REQUEST_SIZE_ENV = "SANIC_REQUEST_MAX_SIZE"  # read by Sanic when Rasa creates its app


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("program", choices=PROGRAMS)
    parser.add_argument(
        "arguments", nargs=argparse.REMAINDER, help="the program's own arguments"
    )


def run(args: argparse.Namespace) -> int:
    install()
    if args.program == "rasa":
        os.environ.setdefault(REQUEST_SIZE_ENV, str(MAX_REQUEST_BYTES))
    main = importlib.import_module(PROGRAMS[args.program]).main
    sys.argv = [args.program, *args.arguments]
    main()  # its SystemExit, if any, ends the process as it would have
    return 0
