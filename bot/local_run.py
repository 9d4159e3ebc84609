"""`python -m bot run` / `shell`: the bot on this machine, for trying it out.

The Rasa HTTP API is on, but only with a token (kept in var/rasa_api_token, readable
by the owner only), and every server listens on 127.0.0.1. What the bot writes
(var/: the database, logs, tokens) is readable by its owner only.

`run` also serves a demo clinic page with the chat widget on it (bot/webchat/demo.py)
on 127.0.0.1, another site than the chat's localhost; unless WEBCHAT_ALLOWED_ORIGINS
is set, it is the one origin allowed to embed the chat.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import time

from bot.settings import PRIVATE_UMASK, PROJECT_ROOT, RASA_API_TOKEN_ENV
from bot.stack import LocalStack, Ports, StackError
from bot.staff.config import stored_secret
from bot.storage.contact_crypto import CONTACT_KEY_ENV, new_key

MODEL = PROJECT_ROOT / "models" / "screening.tar.gz"
TOKEN_FILE = PROJECT_ROOT / "var" / "rasa_api_token"
CONTACT_KEY_FILE = PROJECT_ROOT / "var" / "contact_key"
ALLOWED_ORIGINS_ENV = "WEBCHAT_ALLOWED_ORIGINS"
PUBLIC_CHAT_URL_ENV = "PUBLIC_CHAT_URL"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rasa-port", type=int, default=Ports.rasa)
    parser.add_argument("--actions-port", type=int, default=Ports.actions)
    parser.add_argument("--webchat-port", type=int, default=Ports.webchat)
    parser.add_argument("--staff-port", type=int, default=Ports.staff)
    parser.add_argument("--demo-port", type=int, default=Ports.demo)


def api_token() -> str:
    """The Rasa API token: $RASA_API_TOKEN, else one generated once per checkout."""
    return os.environ.get(RASA_API_TOKEN_ENV, "").strip() or stored_secret(TOKEN_FILE)


def run(args: argparse.Namespace) -> int:
    if not MODEL.exists():
        print(f"No trained model at {MODEL}. Run: make train")
        return 1
    os.umask(PRIVATE_UMASK)  # var/ and what `rasa shell` writes there: owner only
    ports = Ports(
        args.rasa_port,
        args.actions_port,
        args.webchat_port,
        args.staff_port,
        demo=args.demo_port,
    )
    stack = LocalStack(model=MODEL, api_token=api_token(), ports=ports)
    stack.env.update(embedding_env(stack))
    stack.env.update(contact_key_env())
    if not os.environ.get(PUBLIC_CHAT_URL_ENV, "").strip():
        stack.env[PUBLIC_CHAT_URL_ENV] = stack.webchat_url  # booking clicks count
    print(
        "Starting the bot (Rasa server, action server, web chat, staff app); "
        "this takes a minute."
    )
    shell = args.command == "shell"
    try:
        stack.start(webchat=not shell, staff=not shell, demo=not shell)
        return _shell(stack) if shell else _serve(stack)
    except StackError as error:
        print(error)
        return 1
    finally:
        stack.stop()


def embedding_env(stack: LocalStack) -> dict[str, str]:
    """WEBCHAT_ALLOWED_ORIGINS: the demo page's origin, unless set already."""
    if os.environ.get(ALLOWED_ORIGINS_ENV, "").strip():
        return {}
    return {ALLOWED_ORIGINS_ENV: stack.demo_url}


def contact_key_env() -> dict[str, str]:
    """CONTACT_KEY: unless set, one generated once per checkout into var/ (a local
    try-out only: a server keeps its key outside, bot/storage/contact_crypto.py)."""
    if os.environ.get(CONTACT_KEY_ENV, "").strip():
        return {}
    return {CONTACT_KEY_ENV: stored_secret(CONTACT_KEY_FILE, new_key)}


def _serve(stack: LocalStack) -> int:
    print(f"\nChat with the bot:  {stack.webchat_url}")
    print(f"Chat on a website:  {stack.demo_url}  (demo clinic page, the widget)")
    print(f"Staff app:          {stack.staff_url}")
    print("  (first time: .venv/bin/python -m bot create-admin NAME makes an admin)")
    print(f"Rasa HTTP API:      {stack.rasa_url}  (token in {TOKEN_FILE})")
    print(f"Logs:               {stack.log_dir}")
    print("Press Ctrl-C to stop.")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping.")
    return 0


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """Let `kill` stop the children too, as Ctrl-C does."""
    raise KeyboardInterrupt


def _shell(stack: LocalStack) -> int:
    return subprocess.call(stack.shell_command(), env=stack.process_env())
