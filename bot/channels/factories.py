"""Parts of a channel a deployment (or a test) swaps by configuration.

A setting such as TWILIO_OPT_OUT_STORE or TWILIO_SENDER names the zero-argument
factory of the part by its dotted path, e.g. `bot.channels.sms_capture.file_sender`,
so a part can be replaced in a `rasa run` process that no test code can reach into.
"""

from __future__ import annotations

import importlib
from typing import Any


def build_from_path(factory_path: str, setting: str) -> Any:
    """Call the zero-argument factory at dotted `factory_path`.

    A path that does not resolve raises ImportError naming the `setting` and the path,
    so a typo fails at start-up rather than at the first message.
    """
    module_name, _, attribute = factory_path.rpartition(".")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise ImportError(f"{setting} {factory_path!r}: {error}") from error
    return factory()
