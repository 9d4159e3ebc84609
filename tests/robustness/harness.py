"""How the robustness tests start a bot: every channel on, nothing leaves 127.0.0.1.

Each test module starts its own bot (`running_bot`) on the `trained_model` fixture's
model (tests/conftest.py), in a temporary working directory, on free ports, with its
database in that directory unless the module gives another DATABASE_URL. Twilio's
replies go to a capture file (TWILIO_SENDER) and Messenger's to `LocalGraphApi`.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bot.stack import LocalStack, Ports, free_port

from .clients import FACEBOOK_ENV, PHONE_HASH_KEY, TWILIO_AUTH_TOKEN, TWILIO_PUBLIC_URL
from .local_graph_channel import LOCAL_GRAPH_API_ENV

API_TOKEN = "robustness-api-token"


LOCAL_GRAPH_CHANNEL = Path(__file__).with_name("local_graph_channel.py")
CREDENTIALS = """\
bot.channels.rest.RestInput:
bot.channels.twilio_sms.TwilioSmsInput:
local_graph_channel.LocalGraphMessengerInput:
"""


class LocalGraphApi:
    """Stands in for the Graph API's Send API: records each request body, says OK."""

    def __init__(self) -> None:
        self.sent: list[dict] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                api.sent.append(json.loads(self.rfile.read(length) or b"{}"))
                body = b'{"recipient_id": "1", "message_id": "m"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                """Quiet: the bodies hold the bot's replies."""

        self._server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def texts_to(self, recipient: str) -> list[str]:
        return [
            body["message"].get("text", "")
            for body in self.sent
            if body.get("recipient", {}).get("id") == recipient
        ]

    @contextlib.contextmanager
    def serving(self) -> Iterator[LocalGraphApi]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()


@contextlib.contextmanager
def running_bot(
    workdir: Path,
    model: Path,
    *,
    env: dict[str, str] | None = None,
    log_level: str = "INFO",
) -> Iterator[tuple[LocalStack, LocalGraphApi]]:
    """The whole bot on `model` with every channel on; stopped on exit.

    Yields the stack and the Graph API stand-in that receives Messenger replies.
    """
    shutil.copy(LOCAL_GRAPH_CHANNEL, workdir / LOCAL_GRAPH_CHANNEL.name)
    credentials = workdir / "credentials.yml"
    credentials.write_text(CREDENTIALS)
    with LocalGraphApi().serving() as graph:
        stack = LocalStack(
            model=model,
            api_token=API_TOKEN,
            workdir=workdir,
            ports=Ports(free_port(), free_port(), free_port(), free_port()),
            credentials=credentials,
            log_level=log_level,
            env={
                "DATABASE_URL": f"sqlite:///{workdir}/var/screening.db",
                "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
                "TWILIO_WEBHOOK_URL": TWILIO_PUBLIC_URL,
                "TWILIO_SENDER": "bot.channels.sms_capture.file_sender",
                "SMS_CAPTURE_FILE": str(workdir / "sms.jsonl"),
                "PHONE_HASH_KEY": PHONE_HASH_KEY,
                **FACEBOOK_ENV,
                LOCAL_GRAPH_API_ENV: graph.url,
                **(env or {}),
            },
        )
        with stack:
            yield stack, graph
