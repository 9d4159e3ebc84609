"""The FHIR export, called from the main environment.

`bot.fhir.r4` needs fhir.resources, which needs pydantic 2; Rasa 3.6 pins pydantic
1.10. So the Bundle is built in the project's second environment, `.venv-fhir`
(`make install` creates it with scripts/make_fhir_venv.sh): `fhir_bundle` runs
`.venv-fhir/bin/python -m bot.fhir.r4` with the record on stdin and returns the
Bundle it prints.

The Bundle's concept and outcome displays are rules.yml's labels (`rule_displays`),
sent with the record, `{"record": ..., "displays": {"concept": ..., "triage": ...}}`:
r4 cannot read the rules (it imports no other bot module), and keeps no copy of them.

The child gets a minimal environment (no database URL, tokens or other secrets of
this process), and its error line names the field at fault, never patient text.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.screening.ruleset import load_ruleset
from bot.settings import PROJECT_ROOT

FHIR_VENV = PROJECT_ROOT / ".venv-fhir"
FHIR_PYTHON = FHIR_VENV / "bin" / "python"
MODULE = "bot.fhir.r4"


class FhirExportError(RuntimeError):
    """The FHIR export did not give a Bundle."""


class FhirExportUnavailable(FhirExportError):
    """`.venv-fhir` (or the Python given) is missing."""


class FhirExportFailed(FhirExportError):
    """The export ran and refused the record or failed; the message is its error
    line, which names the field, not its value."""


def rule_displays() -> dict[str, dict[str, str]]:
    """The displays r4 writes: rules.yml's concept and outcome labels, by id."""
    rules = load_ruleset()
    return {
        "concept": {concept.id: concept.label for concept in rules.concepts.values()},
        "triage": {triage.id: triage.label for triage in rules.triage},
    }


def fhir_bundle(
    record: Mapping[str, Any],
    *,
    displays: Mapping[str, Mapping[str, str]] | None = None,
    python: Path | None = None,
    timeout: float = 30,
) -> dict[str, Any]:
    """The FHIR R4 Bundle (a dict) of one screening record, as `bot.fhir.r4` builds it.

    `displays` are the concept and outcome displays (default `rule_displays()`, the
    rules' labels); the record's outcome must be one of its outcomes. `python` is
    the interpreter of the FHIR environment (default `.venv-fhir/bin/python`).
    Raises FhirExportUnavailable when it is missing and FhirExportFailed when the
    export refuses the record, fails or times out.
    """
    python = python or FHIR_PYTHON
    if not python.exists():
        raise FhirExportUnavailable(
            f"The FHIR export's environment is missing ({python} not found): "
            "run `make install` to create .venv-fhir."
        )
    try:
        given = {
            "record": record,
            "displays": rule_displays() if displays is None else displays,
        }
        payload = json.dumps(given, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise FhirExportFailed(
            f"the record cannot be written as JSON ({type(exc).__name__})"
        ) from None
    try:
        done = subprocess.run(
            [str(python), "-m", MODULE],
            input=payload,
            capture_output=True,
            cwd=PROJECT_ROOT,
            env=_child_env(),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FhirExportFailed(
            f"the FHIR export took more than {timeout:g} s"
        ) from None
    except OSError as exc:  # e.g. a broken venv whose python cannot start
        raise FhirExportUnavailable(
            f"The FHIR export's Python could not start ({exc.strerror}): "
            "run `make install` to recreate .venv-fhir."
        ) from None
    if done.returncode != 0:
        raise FhirExportFailed(_error_line(done.stderr, done.returncode))
    try:
        result = json.loads(done.stdout)
    except ValueError:
        raise FhirExportFailed("the FHIR export printed no JSON") from None
    if not isinstance(result, dict) or result.get("resourceType") != "Bundle":
        raise FhirExportFailed("the FHIR export printed no Bundle")
    return result


def _child_env() -> dict[str, str]:
    """Only what the child needs to find Python and the project."""
    env = {"PYTHONPATH": str(PROJECT_ROOT), "PYTHONIOENCODING": "utf-8"}
    for name in ("PATH", "LANG", "LC_ALL", "TMPDIR"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def _error_line(stderr: bytes, status: int) -> str:
    """The export's last stderr line (its one-line message), or its exit status."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"the FHIR export exited with status {status}"
