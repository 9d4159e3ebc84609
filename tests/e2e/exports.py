"""Stored screenings as the end-to-end tests read them: exported as staff would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from bot.settings import PROJECT_ROOT


def exported(database_url: str, *options: str) -> list[dict[str, Any]]:
    """`python -m bot export --format jsonl *options` on `database_url`, parsed."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "export", "--format", "jsonl", *options],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database_url,
             "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"export failed: {done.stderr[-2000:]}"
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
