"""Start the bot's processes on localhost: Rasa server, action server, web chat and
the staff app (and, for `make run`, a demo clinic page with the chat widget on it).

`make run`, `make shell`, the end-to-end tests and the benchmarks all start the bot
through this module, so they all run it the same way. Each process writes its log to
a file under `log_dir`; the default log level keeps message text out of those files.
Everything they write is under `workdir/var`, which only its owner can open, and no
secret is on a command line: the Rasa API token and the action server's token are
in the processes' environment (see bot/serve.py).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.settings import (
    ACTION_SERVER_TOKEN_ENV,
    PRIVATE_UMASK,
    PROJECT_ROOT,
    RASA_API_TOKEN_ENV,
)
from bot.webchat.demo import DEFAULT_PORT as DEFAULT_DEMO_PORT
from bot.webchat.demo import demo_origin

STARTUP_TIMEOUT_S = 240.0
# Rasa's and rasa_sdk's command-line flags for each log level.
_LOG_LEVEL_FLAGS = {"DEBUG": "--debug", "INFO": "--verbose", "WARNING": "--quiet"}


class StackError(RuntimeError):
    """A process of the stack failed to start; the message says which and why."""


@dataclass(frozen=True)
class Ports:
    rasa: int = 5005
    actions: int = 5055
    webchat: int = 8080
    staff: int = 8090
    # More Rasa servers on the same model, action server and stores (scale-out).
    rasa_replicas: tuple[int, ...] = ()
    demo: int = DEFAULT_DEMO_PORT  # the demo clinic page (bot/webchat/demo.py)


@dataclass
class LocalStack:
    """The bot's processes, run in `workdir` (where relative database paths land)."""

    model: Path
    api_token: str
    workdir: Path = PROJECT_ROOT
    ports: Ports = field(default_factory=Ports)
    endpoints: Path = PROJECT_ROOT / "endpoints.yml"
    credentials: Path = PROJECT_ROOT / "credentials.yml"
    env: dict[str, str] = field(default_factory=dict)
    log_level: str = "INFO"  # of Rasa and the action server: DEBUG, INFO or WARNING
    # endpoints.yml's `lock_store:` section; replicas need one they share (Redis).
    lock_store: dict[str, object] | None = None
    _procs: dict[str, subprocess.Popen] = field(default_factory=dict, init=False)
    # What Rasa sends the action server, unless ACTION_SERVER_TOKEN is set.
    _actions_token: str = field(
        default_factory=lambda: secrets.token_urlsafe(32), init=False, repr=False
    )

    @property
    def var_dir(self) -> Path:
        """The stack's database (by default), logs and endpoints: owner only."""
        return self.workdir / "var"

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "log"

    @property
    def actions_token(self) -> str:
        """What every call to the action server must carry (bot/action_server.py)."""
        return self.process_env()[ACTION_SERVER_TOKEN_ENV]

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.rasa}"

    @property
    def rasa_urls(self) -> list[str]:
        """Every Rasa server of the stack: `rasa_url` first, then the replicas."""
        return [f"http://127.0.0.1:{port}" for port in self._rasa_servers.values()]

    @property
    def webchat_url(self) -> str:
        return f"http://localhost:{self.ports.webchat}"

    @property
    def staff_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.staff}"

    @property
    def demo_url(self) -> str:
        """The demo clinic page: on 127.0.0.1, another site than the chat's
        localhost, as a clinic's website is."""
        return demo_origin(self.ports.demo)

    def start(
        self, *, webchat: bool = True, staff: bool = False, demo: bool = False
    ) -> None:
        """Start every process and return once each answers on its port."""
        self.var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.var_dir.chmod(0o700)  # also when an older version made it 0755
        self.log_dir.mkdir(exist_ok=True)
        self._write_endpoints()
        self._migrate_database()
        self._spawn("actions", self._actions_command())
        for name, port in self._rasa_servers.items():
            self._spawn(name, self._rasa_command(port))
        if webchat:
            self._spawn("webchat", self._webchat_command())
        if staff:
            self._spawn("staff", self._staff_command())
        if demo:
            self._spawn("demo", self._demo_command())
        self._wait_until_up("actions", f"http://127.0.0.1:{self.ports.actions}/health")
        for name, port in self._rasa_servers.items():
            self._wait_until_up(name, f"http://127.0.0.1:{port}/")
        if webchat:
            self._wait_until_up("webchat", f"{self.webchat_url}/healthz")
        if staff:
            self._wait_until_up("staff", f"{self.staff_url}/healthz")
        if demo:
            self._wait_until_up("demo", f"{self.demo_url}/")

    def stop(self) -> None:
        for proc in self._procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self._procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._procs.clear()

    def __enter__(self) -> LocalStack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def log_path(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def shell_command(self) -> list[str]:
        """`rasa shell` against this stack's model, endpoints and action server."""
        return [
            sys.executable, "-m", "rasa", "shell",
            "--model", str(self.model),
            "--endpoints", str(self._endpoints_path),
        ]  # fmt: skip

    def process_env(self) -> dict[str, str]:
        env = {**os.environ, **self.env}
        env["PYTHONPATH"] = str(PROJECT_ROOT)
        env[RASA_API_TOKEN_ENV] = self.api_token
        if not env.get(ACTION_SERVER_TOKEN_ENV, "").strip():
            env[ACTION_SERVER_TOKEN_ENV] = self._actions_token
        env.setdefault("RASA_TELEMETRY_ENABLED", "false")
        env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        return env

    def stop_process(self, name: str) -> None:
        """Stop one process as a crash would (the fault tests stop the actions)."""
        self._procs[name].kill()
        self._procs[name].wait(timeout=20)

    def restart_actions(self) -> None:
        """Start the action server again, after `stop_process("actions")`."""
        self._spawn("actions", self._actions_command())
        self._wait_until_up("actions", f"http://127.0.0.1:{self.ports.actions}/health")

    def _actions_command(self) -> list[str]:
        """rasa_sdk, with its logs redacted (bot/serve.py)."""
        return [
            sys.executable, "-m", "bot", "serve", "rasa_sdk",
            "--actions", "actions",
            "--port", str(self.ports.actions),
            _LOG_LEVEL_FLAGS[self.log_level],
        ]  # fmt: skip

    @property
    def _rasa_servers(self) -> dict[str, int]:
        """Process name -> port of each Rasa server: "rasa", "rasa-2", ..."""
        replicas = enumerate(self.ports.rasa_replicas, start=2)
        return {"rasa": self.ports.rasa, **{f"rasa-{n}": p for n, p in replicas}}

    def _rasa_command(self, port: int) -> list[str]:
        """`rasa run`, with its logs redacted (bot/serve.py)."""
        return [
            sys.executable, "-m", "bot", "serve", "rasa", "run",
            "--model", str(self.model),
            "--endpoints", str(self._endpoints_path),
            "--credentials", str(self.credentials),
            "--interface", "127.0.0.1",
            "--port", str(port),
            "--enable-api",  # with the token of RASA_API_TOKEN (bot/serve.py)
            _LOG_LEVEL_FLAGS[self.log_level],
        ]  # fmt: skip

    def _webchat_command(self) -> list[str]:
        return [
            sys.executable, "-m", "bot", "webchat",
            "--port", str(self.ports.webchat),
            "--rasa-url", self.rasa_url,
        ]  # fmt: skip

    def _demo_command(self) -> list[str]:
        return [
            sys.executable, "-m", "bot.webchat.demo",
            "--port", str(self.ports.demo),
            "--chat-url", self.webchat_url,
        ]  # fmt: skip

    def _staff_command(self) -> list[str]:
        return [
            sys.executable, "-m", "bot", "staff",
            "--port", str(self.ports.staff),
        ]  # fmt: skip

    @property
    def _endpoints_path(self) -> Path:
        return self.workdir / "var" / "endpoints.yml"

    def _write_endpoints(self) -> None:
        """Copy endpoints.yml with the action server's URL on this stack's port
        (and this stack's lock store, if it has one)."""
        config = yaml.safe_load(self.endpoints.read_text())
        config["action_endpoint"]["url"] = (
            f"http://127.0.0.1:{self.ports.actions}/webhook"
        )
        if self.lock_store is not None:
            config["lock_store"] = self.lock_store
        self._endpoints_path.write_text(yaml.safe_dump(config, sort_keys=False))

    def _migrate_database(self) -> None:
        """Bring the database schema up to date before anything writes to it."""
        command = [sys.executable, "-m", "bot", "db", "upgrade"]
        with self.log_path("migrate").open("ab") as log:
            done = subprocess.run(
                command, cwd=self.workdir, env=self.process_env(), stdout=log,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False,
                umask=PRIVATE_UMASK,
            )  # fmt: skip
        if done.returncode != 0:
            raise StackError(self._failure("migrate", "could not upgrade the database"))

    def _spawn(self, name: str, command: list[str]) -> None:
        log = self.log_path(name).open("ab")
        self._procs[name] = subprocess.Popen(
            command,
            cwd=self.workdir,
            env=self.process_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            umask=PRIVATE_UMASK,  # the database and its -wal file: owner only
        )
        log.close()

    def _wait_until_up(self, name: str, url: str) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._procs[name].poll() is not None:
                raise StackError(self._failure(name, "exited during start-up"))
            if _answers(url):
                return
            time.sleep(0.5)
        raise StackError(
            self._failure(name, f"did not answer within {STARTUP_TIMEOUT_S:.0f} s")
        )

    def _failure(self, name: str, what: str) -> str:
        tail = self.log_path(name).read_text(errors="replace").splitlines()[-15:]
        return (
            f"The {name} process {what}. Last lines of {self.log_path(name)}:\n"
            + "\n".join(tail)
        )


def free_port() -> int:
    """A port nothing listens on now (the OS picks it; free until someone binds it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
