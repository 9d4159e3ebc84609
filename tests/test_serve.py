"""`python -m bot serve`: Rasa's or rasa_sdk's command line, after the safety set-up."""

from __future__ import annotations

import logging
import os
import sys
import types
from argparse import Namespace
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import action_server, serve
from bot.settings import ACTION_SERVER_TOKEN_ENV, PRIVATE_UMASK, RASA_API_TOKEN_ENV
from tests.support.rasa_methods import patched, with_rasas_own_methods

TOKEN_ENVS = (ACTION_SERVER_TOKEN_ENV, RASA_API_TOKEN_ENV)


class FakeProgram:
    """A command line's `main`, recording what it was started with."""

    def __init__(self, exit_code: int | None = None) -> None:
        self.exit_code = exit_code
        self.argv: list[str] = []
        self.request_size: str | None = None
        self.redacting = False
        self.environ: dict[str, str] = {}
        self.umask: int | None = None

    def main(self) -> None:
        self.argv = list(sys.argv)
        self.request_size = os.environ.get(serve.REQUEST_SIZE_ENV)
        self.redacting = getattr(logging.getLogRecordFactory(), "redacting", False)
        self.environ = dict(os.environ)
        self.umask = os.umask(0o022)
        os.umask(self.umask)
        if self.exit_code is not None:
            raise SystemExit(self.exit_code)


@pytest.fixture(autouse=True)
def clean_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Give back the record factory, argv, umask, environment and rasa_sdk plugins
    `run` changes; a generated token goes to `tmp_path`, not to the project's var/."""
    factory = logging.getLogRecordFactory()
    umask = os.umask(0o022)
    environ = dict(os.environ)
    for name in (serve.REQUEST_SIZE_ENV, action_server.HOST_ENV, *TOKEN_ENVS):
        os.environ.pop(name, None)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(action_server, "TOKEN_FILE", tmp_path / "action_server_token")
    yield
    os.environ.clear()
    os.environ.update(environ)
    os.umask(umask)
    logging.setLogRecordFactory(factory)
    logging.captureWarnings(False)
    from rasa_sdk.plugin import plugin_manager

    if plugin_manager().has_plugin(action_server.PLUGIN_NAME):
        plugin_manager().unregister(name=action_server.PLUGIN_NAME)


def install_fake(monkeypatch: pytest.MonkeyPatch, program: str, fake: FakeProgram):
    module = types.ModuleType(f"fake_{program}")
    module.main = fake.main
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(serve.PROGRAMS, program, module.__name__)


def test_rasa_runs_with_its_arguments_redacted_logs_and_a_body_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeProgram()
    install_fake(monkeypatch, "rasa", fake)
    arguments = ["run", "--model", "m.tar.gz", "--debug"]
    assert serve.run(Namespace(program="rasa", arguments=arguments)) == 0
    assert fake.argv == ["rasa", *arguments]
    assert fake.redacting
    assert fake.request_size == str(serve.MAX_REQUEST_BYTES)


def test_rasa_is_patched_by_loading_its_model_not_by_serve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """So that `rasa shell` and `rasa test` run the same code (bot/rasa_internals.py,
    tests/test_rasa_internals.py)."""
    with_rasas_own_methods(monkeypatch)
    install_fake(monkeypatch, "rasa", FakeProgram())
    serve.run(Namespace(program="rasa", arguments=["run"]))
    assert not any(patched().values())


def test_a_body_limit_set_by_the_deployment_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeProgram()
    install_fake(monkeypatch, "rasa", fake)
    os.environ[serve.REQUEST_SIZE_ENV] = "1000000"
    serve.run(Namespace(program="rasa", arguments=["run"]))
    assert fake.request_size == "1000000"


def test_the_action_server_keeps_sanics_limit_and_its_exit_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rasa sends it the whole conversation with every call."""
    fake = FakeProgram(exit_code=3)
    install_fake(monkeypatch, "rasa_sdk", fake)
    with pytest.raises(SystemExit) as exited:
        serve.run(Namespace(program="rasa_sdk", arguments=["--port", "1"]))
    assert exited.value.code == 3
    assert fake.argv == ["rasa_sdk", "--port", "1"]
    assert fake.redacting and fake.request_size is None


def test_the_real_action_server_command_line_is_reached(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        serve.run(Namespace(program="rasa_sdk", arguments=["--help"]))
    assert exited.value.code == 0
    assert "--actions" in capsys.readouterr().out


# ---- issue 13, items 6 and 10 --------------------------------------------------------


def test_item6_the_action_server_listens_on_loopback_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeProgram()
    install_fake(monkeypatch, "rasa_sdk", fake)
    serve.run(Namespace(program="rasa_sdk", arguments=["--port", "1"]))
    assert fake.environ[action_server.HOST_ENV] == "127.0.0.1"

    os.environ[action_server.HOST_ENV] = "10.0.0.5"  # a deployment's choice
    serve.run(Namespace(program="rasa_sdk", arguments=["--port", "1"]))
    assert fake.environ[action_server.HOST_ENV] == "10.0.0.5"


def test_item6_rasa_and_the_action_server_get_the_same_generated_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without ACTION_SERVER_TOKEN both use the one generated into var/."""
    rasa, actions = FakeProgram(), FakeProgram()
    install_fake(monkeypatch, "rasa", rasa)
    install_fake(monkeypatch, "rasa_sdk", actions)
    serve.run(Namespace(program="rasa", arguments=["run"]))
    del os.environ[ACTION_SERVER_TOKEN_ENV]  # as in the action server's own process
    serve.run(Namespace(program="rasa_sdk", arguments=[]))
    token = rasa.environ[ACTION_SERVER_TOKEN_ENV]
    assert len(token) >= 32
    assert token == action_server.TOKEN_FILE.read_text()
    assert action_server.TOKEN_FILE.stat().st_mode & 0o777 == 0o600


def test_item10_rasa_takes_its_api_token_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not from the command line, which `ps` shows to every local user."""
    fake = FakeProgram()
    install_fake(monkeypatch, "rasa", fake)
    os.environ[RASA_API_TOKEN_ENV] = "api-token"
    serve.run(Namespace(program="rasa", arguments=["run", "--enable-api"]))
    assert fake.argv == ["rasa", "run", "--enable-api", "--auth-token", "api-token"]

    serve.run(Namespace(program="rasa", arguments=["data", "validate"]))
    assert fake.argv == ["rasa", "data", "validate"]


@pytest.mark.parametrize("program", ["rasa", "rasa_sdk"])
def test_item10_what_the_servers_create_is_their_owners_only(
    monkeypatch: pytest.MonkeyPatch, program: str
) -> None:
    """The SQLite database and the -wal and -shm files SQLite adds later."""
    fake = FakeProgram()
    install_fake(monkeypatch, program, fake)
    serve.run(Namespace(program=program, arguments=["run"]))
    assert fake.umask == PRIVATE_UMASK == 0o077
