"""`python -m bot serve`: Rasa's or rasa_sdk's command line, after the safety set-up."""

from __future__ import annotations

import logging
import os
import sys
import types
from argparse import Namespace
from collections.abc import Iterator

import pytest

from bot import serve


class FakeProgram:
    """A command line's `main`, recording what it was started with."""

    def __init__(self, exit_code: int | None = None) -> None:
        self.exit_code = exit_code
        self.argv: list[str] = []
        self.request_size: str | None = None
        self.redacting = False

    def main(self) -> None:
        self.argv = list(sys.argv)
        self.request_size = os.environ.get(serve.REQUEST_SIZE_ENV)
        self.redacting = getattr(logging.getLogRecordFactory(), "redacting", False)
        if self.exit_code is not None:
            raise SystemExit(self.exit_code)


@pytest.fixture(autouse=True)
def clean_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Give back the record factory, argv and environment `run` changes."""
    factory = logging.getLogRecordFactory()
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.delenv(serve.REQUEST_SIZE_ENV, raising=False)
    yield
    logging.setLogRecordFactory(factory)
    logging.captureWarnings(False)


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


def test_a_body_limit_set_by_the_deployment_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeProgram()
    install_fake(monkeypatch, "rasa", fake)
    monkeypatch.setenv(serve.REQUEST_SIZE_ENV, "1000000")
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
