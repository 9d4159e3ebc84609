"""The trained model that the tests starting the bot run (the `trained_model` fixture).

BOT_TEST_MODEL runs them against another model (e.g. one trained into /tmp while
models/ is being rebuilt); `make test` uses the project's model.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.settings import PROJECT_ROOT

MODEL = Path(os.environ.get("BOT_TEST_MODEL", PROJECT_ROOT / "models/screening.tar.gz"))
