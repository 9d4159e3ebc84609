"""`make bench-nlu`: /model/parse latency of this bot against the stock `rasa init` bot.

Creates the stock bot in a temporary folder (`rasa init --no-prompt`, which trains
it), then starts each Rasa server in turn on 127.0.0.1 with the HTTP API, sends the
same messages (bench/messages.py, at least 500) to POST /model/parse one at a time,
and prints median and p95 latency for both and the ratio of the p95s against the
target (no more than 1.5 times the stock bot's). The two bots take turns in two
rounds, ours-stock then stock-ours, so load from anything else on the machine falls
on both alike. Servers are started and stopped by this script only; nothing leaves
the machine. Not a pytest test: it takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.messages import benchmark_messages
from bot.stack import free_port

TOKEN = "bench-token"
TARGET_RATIO = 1.5
START_TIMEOUT = 600
WARM_UP = 20


def log(text: str) -> None:
    print(text, flush=True)


def stock_model(folder: Path) -> Path:
    """Create and train the stock `rasa init` bot in `folder`; return its model
    file."""
    log(f"[stock] rasa init --no-prompt in {folder} (trains the stock model)...")
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)  # `rasa init` wants it to exist
    command = [sys.executable, "-m", "rasa", "init", "--no-prompt"]
    subprocess.run(
        [*command, "--init-dir", str(folder)],
        cwd=folder.parent,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    log(f"[stock] trained in {time.monotonic() - started:.0f} s")
    return max((folder / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)


@contextmanager
def rasa_server(name: str, model: Path, workdir: Path) -> Iterator[str]:
    """A Rasa server with the HTTP API for `model`; yields its base URL."""
    port = free_port()
    log_file = (workdir / f"{name}-server.log").open("w")
    command = [
        sys.executable, "-m", "rasa", "run", "--enable-api", "--auth-token", TOKEN,
        "-i", "127.0.0.1", "-p", str(port), "-m", str(model),
    ]  # fmt: skip
    log(f"[{name}] starting rasa run on port {port} (log: {log_file.name})...")
    process = subprocess.Popen(
        command, cwd=workdir, stdout=log_file, stderr=subprocess.STDOUT, env=os.environ
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    started = time.monotonic()
    while time.monotonic() - started < START_TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/status?token={TOKEN}", timeout=5):
                log(f"          up after {time.monotonic() - started:.0f} s")
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    raise RuntimeError(f"the server did not start within {START_TIMEOUT} s")


def parse(url: str, text: str) -> float:
    """One POST /model/parse; its latency in milliseconds."""
    request = urllib.request.Request(
        f"{url}/model/parse?token={TOKEN}",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def measure(name: str, model: Path, workdir: Path, messages: list[str]) -> list[float]:
    with rasa_server(name, model, workdir) as url:
        for text in messages[:WARM_UP]:
            parse(url, text)
        log(f"[{name}] timing {len(messages)} messages...")
        return [parse(url, text) for text in messages]


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[int(0.95 * (len(ordered) - 1))],
        "mean": statistics.fmean(ordered),
        "max": ordered[-1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="this bot's model")
    parser.add_argument("--messages", type=int, default=600)
    args = parser.parse_args(argv)
    if args.messages < 500:
        parser.error("use at least 500 messages")
    messages = benchmark_messages(args.messages)
    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as tmp:
        workdir = Path(tmp)
        models = {
            "screening": args.model.resolve(),
            "stock": stock_model(workdir / "stock"),
        }
        timings: dict[str, list[float]] = {name: [] for name in models}
        for order in (("screening", "stock"), ("stock", "screening")):
            for name in order:
                timings[name] += measure(name, models[name], workdir, messages)
        ours, theirs = summary(timings["screening"]), summary(timings["stock"])
    log(f"\n/model/parse latency, {len(messages)} messages x 2 rounds per bot (ms)")
    log(f"  {'bot':10} {'median':>8} {'p95':>8} {'mean':>8} {'max':>8}")
    for name, figures in (("screening", ours), ("stock", theirs)):
        row = " ".join(
            f"{figures[key]:8.1f}" for key in ("median", "p95", "mean", "max")
        )
        log(f"  {name:10} {row}")
    ratio = ours["p95"] / theirs["p95"]
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    log(f"  p95 ratio screening/stock: {ratio:.2f}")
    log(f"  target <= {TARGET_RATIO}: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
