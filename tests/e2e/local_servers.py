"""For the servers the end-to-end tests start themselves: free ports, waiting."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request

STARTUP_TIMEOUT_S = 60.0


def wait_until_up(process: subprocess.Popen, url: str) -> None:
    """Return once `url` answers 200; fail if `process` exits or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited during start-up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {STARTUP_TIMEOUT_S:.0f} s")
