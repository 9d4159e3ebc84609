"""`python -m bot db`: upgrade, current and revision from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage import migrate


def test_upgrade_then_current(configured: str, capsys: pytest.CaptureFixture) -> None:
    head = migrate.head_revision()
    assert main(["db", "current"]) == 1
    assert "at migration (none)" in capsys.readouterr().out

    assert main(["db", "upgrade"]) == 0
    assert f"is at migration {head}." in capsys.readouterr().out

    assert main(["db", "current"]) == 0
    assert f"at migration {head}; the latest is {head}." in capsys.readouterr().out


def test_revision_writes_the_next_script(
    configured: str,
    capsys: pytest.CaptureFixture,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    location = tmp_path / "migrations"
    shutil.copytree(migrate.SCRIPT_LOCATION, location)
    monkeypatch.setattr(migrate, "SCRIPT_LOCATION", location)
    main(["db", "upgrade"])
    assert main(["db", "revision", "-m", "add opt-outs"]) == 0
    assert "_add_opt_outs.py" in capsys.readouterr().out
    assert len(list((location / "versions").glob("*_add_opt_outs.py"))) == 1
