"""`rasa test nlu` as the evaluation scripts run it: one held-out file, one report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def rasa_test_nlu(
    model: Path, data: Path, out: Path, report: str
) -> dict[str, Any] | None:
    """Run `rasa test nlu` on `data` and return its `report` (a JSON file in `out`).

    None when Rasa fails or writes no report, after printing what to do, so a
    missing model is said plainly rather than shown as a figure of zero.
    """
    command = [
        sys.executable, "-m", "rasa", "test", "nlu",
        "--nlu", str(data), "--model", str(model), "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    path = out / report
    if done.returncode != 0 or not path.exists():
        print(done.stderr[-3000:], file=sys.stderr)
        print("  rasa test nlu failed (is the model trained? `make train`)")
        return None
    figures: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return figures
