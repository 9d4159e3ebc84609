"""`make bench-nlu`: /model/parse latency of this bot against the stock `rasa init` bot.

With `--baseline REV` (the Makefile's NLU_BASELINE) it also times this repository's
bot at git revision REV in the same run.

Creates the stock bot in a temporary folder (`rasa init --no-prompt`, which trains
it). With a baseline it checks REV out there as a detached git worktree and trains
its model in it (`rasa train`, importing the worktree's own `bot` package); the
worktree is always removed at the end, also on errors and Ctrl-C. Then it starts each
Rasa server in turn on 127.0.0.1 with the HTTP API and no channels, endpoints or
action server, sends the same messages (bench/messages.py, at least 500) to POST
/model/parse one at a time, and prints median and p95 latency per bot and the ratios
of the p95s against the targets: no more than 1.5 times the stock bot's, and no more
than 1.1 times the baseline's (issue 15). The bots take turns in two rounds,
ours-stock-baseline then baseline-stock-ours, so load from anything else on the
machine falls on all alike. Servers are started and stopped by this script only;
nothing leaves the machine. Not a pytest test: it takes minutes.
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
from dataclasses import dataclass
from pathlib import Path

from bench.messages import benchmark_messages
from bot.settings import PROJECT_ROOT
from bot.stack import free_port

TOKEN = "bench-token"
STOCK_TARGET = 1.5
BASELINE_TARGET = 1.1
START_TIMEOUT = 600
WARM_UP = 20
# What the Makefile exports, for runs outside make too.
RASA_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
}
Targets = list[tuple[str, str, float]]  # bot name, its label, the p95 ratio target


@dataclass(frozen=True)
class Bot:
    """A model to time; its Rasa runs in `home` with `home` as PYTHONPATH, so a
    baseline worktree imports its own `bot` package."""

    name: str
    model: Path
    home: Path


def log(text: str) -> None:
    print(text, flush=True)


def rasa_env(home: Path) -> dict[str, str]:
    return {**os.environ, **RASA_ENV, "PYTHONPATH": str(home)}


def tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


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


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True
    )


@contextmanager
def worktree(rev: str, folder: Path) -> Iterator[Path]:
    """A detached git worktree of `rev` at `folder`, removed on the way out."""
    log(f"[baseline] git worktree add --detach {folder} {rev}")
    try:
        added = git("worktree", "add", "--detach", str(folder), rev)
        if added.returncode:
            raise RuntimeError(f"git worktree add failed: {added.stderr.strip()}")
        yield folder
    finally:
        if folder.exists():
            log(f"[baseline] git worktree remove --force {folder}")
            removed = git("worktree", "remove", "--force", str(folder))
            if removed.returncode:
                log(f"[baseline] could not remove it ({removed.stderr.strip()});")
                log("           `git worktree prune` clears the leftover entry")


def baseline_model(folder: Path, log_path: Path) -> Path:
    """Train the worktree's model in it with its own `bot` package; return the
    model file."""
    log(f"[baseline] rasa train in {folder} (a minute or two; log: {log_path.name})...")
    started = time.monotonic()
    command = [sys.executable, "-m", "rasa", "train"]
    with log_path.open("w") as out:
        result = subprocess.run(
            [*command, "--fixed-model-name", "screening", "--out", "models"],
            cwd=folder,
            env=rasa_env(folder),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if result.returncode:
        raise RuntimeError(
            f"training the baseline failed with code {result.returncode}:\n"
            f"{tail(log_path)}"
        )
    log(f"[baseline] trained in {time.monotonic() - started:.0f} s")
    return folder / "models" / "screening.tar.gz"


@contextmanager
def baseline_bot(rev: str | None, workdir: Path) -> Iterator[Bot | None]:
    """This bot at git revision `rev`, trained in a worktree; None without `rev`."""
    if not rev:
        yield None
        return
    with worktree(rev, workdir / "baseline") as folder:
        model = baseline_model(folder, workdir / "baseline-train.log")
        yield Bot(f"baseline ({rev})", model, folder)


@contextmanager
def rasa_server(
    bot: Bot, workdir: Path, credentials: Path | None = None
) -> Iterator[str]:
    """A Rasa server with the HTTP API for `bot`, its log in `workdir`; yields its
    base URL. No channels unless `credentials` names some (not even the console),
    and no endpoints.yml from `bot.home`: all bots alike."""
    port = free_port()
    log_path = workdir / f"{bot.name.split()[0]}-server.log"
    no_config = workdir / "empty.yml"
    no_config.write_text("{}\n")
    command = [
        sys.executable, "-m", "rasa", "run", "--enable-api", "--auth-token", TOKEN,
        "-i", "127.0.0.1", "-p", str(port), "-m", str(bot.model),
        "--credentials", str(credentials or no_config), "--endpoints", str(no_config),
    ]  # fmt: skip
    log(f"[{bot.name}] starting rasa run on port {port} (log: {log_path.name})...")
    with log_path.open("w") as out:
        process = subprocess.Popen(
            command, cwd=bot.home, env=rasa_env(bot.home),
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, process, log_path)
            yield url
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    started = time.monotonic()
    while time.monotonic() - started < START_TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server exited with code {process.returncode}:\n{tail(log_path)}"
            )
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


def measure(bot: Bot, workdir: Path, messages: list[str]) -> list[float]:
    with rasa_server(bot, workdir) as url:
        for text in messages[:WARM_UP]:
            parse(url, text)
        log(f"[{bot.name}] timing {len(messages)} messages...")
        return [parse(url, text) for text in messages]


def time_in_rounds(
    bots: list[Bot], workdir: Path, messages: list[str]
) -> dict[str, list[float]]:
    """Latencies per bot name over two rounds, in order and then reversed."""
    timings: dict[str, list[float]] = {bot.name: [] for bot in bots}
    for order in (bots, bots[::-1]):
        for bot in order:
            timings[bot.name] += measure(bot, workdir, messages)
    return timings


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[int(0.95 * (len(ordered) - 1))],
        "mean": statistics.fmean(ordered),
        "max": ordered[-1],
    }


def report(timings: dict[str, list[float]], count: int, targets: Targets) -> None:
    """The table, then the p95 ratio of ours to each bot in `targets`."""
    figures = {name: summary(latencies) for name, latencies in timings.items()}
    width = max(len(name) for name in figures)
    log(f"\n/model/parse latency, {count} messages x 2 rounds per bot (ms)")
    log(f"  {'bot':{width}} {'median':>8} {'p95':>8} {'mean':>8} {'max':>8}")
    for name, row in figures.items():
        cells = " ".join(f"{row[key]:8.1f}" for key in ("median", "p95", "mean", "max"))
        log(f"  {name:{width}} {cells}")
    for name, label, target in targets:
        ratio = figures["screening"]["p95"] / figures[name]["p95"]
        verdict = "met" if ratio <= target else "MISSED"
        line = f"screening/{label}: {ratio:.2f} (target <= {target})"
        log(f"  p95 ratio {line}: {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="this bot's model")
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument(
        "--baseline", metavar="REV", help="also time this bot at git revision REV"
    )
    args = parser.parse_args(argv)
    if args.messages < 500:
        parser.error("use at least 500 messages")
    messages = benchmark_messages(args.messages)
    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as tmp:
        timings, targets = run(args, Path(tmp), messages)
    report(timings, len(messages), targets)
    return 0


def run(
    args: argparse.Namespace, workdir: Path, messages: list[str]
) -> tuple[dict[str, list[float]], Targets]:
    """Train the other bots and time them all; the timings and the targets."""
    with baseline_bot(args.baseline, workdir) as baseline:
        stock = workdir / "stock"
        bots = [
            Bot("screening", args.model.resolve(), PROJECT_ROOT),
            Bot("stock", stock_model(stock), stock),
        ]
        targets = [("stock", "stock", STOCK_TARGET)]
        if baseline:
            bots.append(baseline)
            targets.append((baseline.name, "baseline", BASELINE_TARGET))
        return time_in_rounds(bots, workdir, messages), targets


if __name__ == "__main__":
    raise SystemExit(main())
