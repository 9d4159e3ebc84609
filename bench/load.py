"""`make bench`: the bot under many conversations at once, against the stock bot.

Starts this bot as `make run` does (bot/stack.py: database migration, action server,
Rasa server; a fresh SQLite database in a temporary folder unless --database-url)
and the stock `rasa init` bot (created and trained in a temporary folder, as `make
bench-nlu` does), then holds simulated conversations with each over Rasa's REST
channel (bench/client.py, bench/conversations.py) at each concurrency level. The
two bots take turns, round by round, so that a change in the machine's load falls
on both. Prints per-turn latency p50/p95/p99, throughput, errors and each Rasa
process's peak resident memory, and the ratios against the targets. With
--replicas N this bot runs as N Rasa servers sharing a PostgreSQL tracker store
(--database-url) and a Redis lock store (--redis-url), each conversation's turns
spread across them. Everything listens on 127.0.0.1. Not a pytest test: it takes
minutes, and its figures depend on the machine's load, which it prints.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.client import Run, run_conversations
from bench.conversations import (
    Dialogue,
    PatientDialogue,
    ResponseIndex,
    ScriptedDialogue,
    patients,
    stock_conversations,
)
from bench.figures import Figures
from bench.memory import PeakSampler, child_serving
from bench.nlu_latency import Bot as ServedModel
from bench.nlu_latency import log, rasa_server, stock_model
from bench.replicas import delete_locks, redis_lock_store
from bot.settings import PROJECT_ROOT
from bot.stack import LocalStack, Ports, free_port

MODEL = PROJECT_ROOT / "models" / "screening.tar.gz"
LEVELS = (1, 20)
ROUNDS = 3
WARM_UP_CONVERSATIONS = 4
# Targets of issue 8, at every concurrency level.
MAX_P95_RATIO = 1.0  # p95 turn latency: this bot / stock bot
MIN_THROUGHPUT_RATIO = 1.0  # turns per second: this bot / stock bot
MAX_SINGLE_MEDIAN_MS = 100.0  # median turn latency with one conversation at a time
MAX_PEAK_MB = 1500.0  # Rasa process peak resident memory

ASKED = {
    "screening": (
        "simulated patients: a greeting, consent, a story in their own words, then "
        "every question the bot asks (numbered checklists answered 'none', '1', "
        "'1 and 3', 'not sure'..., age, onset when asked) until the outcome; some "
        "reveal an emergency in the story, decline, or ask 'are you a bot?' midway"
    ),
    "stock": (
        "the stock bot's own chats: greet, how are you (great / sad), did that help "
        "(yes / no), goodbye, sometimes 'are you a bot?' first"
    ),
}


@dataclass(frozen=True)
class Bot:
    """A running bot: its Rasa servers, their processes, its kind of conversation."""

    name: str
    urls: list[str]
    pids: list[int]
    dialogues: Callable[[int], list[Dialogue]]


@dataclass(frozen=True)
class Level:
    """One concurrency level: each bot's figures and Rasa peak memory (MB)."""

    figures: dict[str, Figures]
    peak_mb: dict[str, float]
    load_before: float  # 1-minute load average
    load_after: float


def conversations_per_round(concurrency: int, override: int | None) -> int:
    """Two per simulated visitor, at least ten."""
    return override or max(10, 2 * concurrency)


async def measure(
    bots: list[Bot], levels: Sequence[int], rounds: int, count: int | None
) -> dict[int, Level]:
    run_id = secrets.token_hex(4)
    for bot in bots:
        log(f"[{bot.name}] warming up with {WARM_UP_CONVERSATIONS} conversations...")
        await converse(bot, WARM_UP_CONVERSATIONS, 2, f"warm-{run_id}")
    results = {}
    for concurrency in levels:
        total = conversations_per_round(concurrency, count)
        log(
            f"{rounds} rounds of {total} conversations per bot, "
            f"{concurrency} at a time..."
        )
        runs: dict[str, list[Run]] = {bot.name: [] for bot in bots}
        peaks = dict.fromkeys(runs, 0.0)
        load_before = os.getloadavg()[0]
        for number in range(rounds):
            for bot in bots:
                async with PeakSampler(bot.pids) as sampler:
                    prefix = f"c{concurrency}-r{number}-{run_id}"
                    runs[bot.name].append(
                        await converse(bot, total, concurrency, prefix)
                    )
                peaks[bot.name] = max(peaks[bot.name], sampler.peak_mb)
        figures = {name: Figures.of(bot_runs) for name, bot_runs in runs.items()}
        results[concurrency] = Level(figures, peaks, load_before, os.getloadavg()[0])
    return results


async def converse(bot: Bot, count: int, concurrency: int, prefix: str) -> Run:
    return await run_conversations(
        bot.urls,
        bot.dialogues(count),
        concurrency=concurrency,
        sender_prefix=f"{bot.name}-{prefix}",
    )


def screening_dialogues(responses: ResponseIndex, count: int) -> list[Dialogue]:
    return [PatientDialogue(patient, responses) for patient in patients(count)]


def stock_dialogues(count: int) -> list[Dialogue]:
    return [ScriptedDialogue(chat) for chat in stock_conversations(count)]


@contextmanager
def screening_bot(args: argparse.Namespace, workdir: Path) -> Iterator[Bot]:
    """This bot as `make run` starts it, or as replicas sharing their stores."""
    replicas = tuple(free_port() for _ in range(args.replicas - 1))
    ports = Ports(free_port(), free_port(), free_port(), free_port(), replicas)
    key_prefix = f"bench{secrets.token_hex(4)}"
    database_url = args.database_url or f"sqlite:///{workdir / 'screening.db'}"
    stack = LocalStack(
        model=args.model.resolve(),
        api_token=secrets.token_urlsafe(16),
        workdir=workdir,
        ports=ports,
        env={"DATABASE_URL": database_url},
        lock_store=redis_lock_store(args.redis_url, key_prefix) if replicas else None,
    )
    log(
        f"[screening] starting {args.replicas} Rasa server(s) and the action server "
        f"(logs: {stack.log_dir})..."
    )
    started = time.monotonic()
    try:
        stack.start(webchat=False)
        log(f"            up after {time.monotonic() - started:.0f} s")
        responses = ResponseIndex.of_server(stack.rasa_url, stack.api_token)
        yield Bot(
            "screening",
            stack.rasa_urls,
            [child_serving(port) for port in (ports.rasa, *ports.rasa_replicas)],
            partial(screening_dialogues, responses),
        )
    finally:
        stack.stop()
        if replicas:
            delete_locks(args.redis_url, key_prefix)


@contextmanager
def stock_bot(folder: Path) -> Iterator[Bot]:
    """The stock bot, trained in `folder` if it has no model yet. Its server runs
    in that folder, whose credentials.yml turns the REST channel on."""
    served = ServedModel("stock", trained_stock_model(folder), folder)
    with rasa_server(served, folder, folder / "credentials.yml") as url:
        pid = child_serving(int(url.rsplit(":", 1)[1]))
        yield Bot("stock", [url], [pid], stock_dialogues)


def trained_stock_model(folder: Path) -> Path:
    models = sorted(
        (folder / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime
    )
    if models:
        log(f"[stock] reusing {models[-1]}")
        return models[-1]
    return stock_model(folder)


# ---- the report ----------------------------------------------------------------------


def report(results: dict[int, Level], replicas: int) -> None:
    log("\nWhat each bot is asked")
    for name, asked in ASKED.items():
        log(f"  {name}: {asked}")
    for concurrency, level in results.items():
        log(
            f"\n{concurrency} conversation(s) at a time (load average "
            f"{level.load_before:.1f} -> {level.load_after:.1f})"
        )
        log(
            f"  {'bot':10} {'conv':>5} {'ended':>5} {'turns':>6} {'errors':>6} "
            f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'turns/s':>8} {'peak MB':>8}"
        )
        for name, f in level.figures.items():
            log(
                f"  {name:10} {f.conversations:5d} {f.finished:5d} {f.turns:6d} "
                f"{f.errors:6d} {f.p50_ms:8.1f} {f.p95_ms:8.1f} {f.p99_ms:8.1f} "
                f"{f.turns_per_s:8.1f} {level.peak_mb[name]:8.0f}"
            )
    log(f"\nTargets (this bot on {replicas} Rasa server(s), the stock bot on one)")
    for concurrency, level in results.items():
        for line in verdicts(concurrency, level):
            log(f"  {line}")


def verdicts(concurrency: int, level: Level) -> list[str]:
    ours, theirs = level.figures["screening"], level.figures["stock"]
    p95_ratio = ours.p95_ms / theirs.p95_ms
    throughput_ratio = ours.turns_per_s / theirs.turns_per_s
    peak = level.peak_mb["screening"]
    checks = [
        (f"p95 ratio {p95_ratio:.2f} (<= {MAX_P95_RATIO})", p95_ratio <= MAX_P95_RATIO),
        (
            f"throughput ratio {throughput_ratio:.2f} (>= {MIN_THROUGHPUT_RATIO})",
            throughput_ratio >= MIN_THROUGHPUT_RATIO,
        ),
        (f"errors {ours.errors} (0)", ours.errors == 0),
        (f"peak memory {peak:.0f} MB (<= {MAX_PEAK_MB:.0f})", peak <= MAX_PEAK_MB),
    ]
    if concurrency == 1:
        median = ours.p50_ms
        checks.append(
            (
                f"median {median:.0f} ms (< {MAX_SINGLE_MEDIAN_MS:.0f})",
                median < MAX_SINGLE_MEDIAN_MS,
            )
        )
    return [
        f"c={concurrency:<3} {text}: {'met' if ok else 'MISSED'}" for text, ok in checks
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL, help="this bot's model")
    parser.add_argument(
        "--levels", type=int, nargs="+", default=list(LEVELS),
        help="conversations at a time (default: 1 20)",
    )  # fmt: skip
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS,
        help=f"rounds per level and bot, the bots taking turns (default: {ROUNDS})",
    )  # fmt: skip
    parser.add_argument(
        "--conversations", type=int,
        help="conversations per round (default: two per simulated visitor, "
        "at least ten)",
    )  # fmt: skip
    parser.add_argument(
        "--stock-dir", type=Path,
        help="a `rasa init` folder to reuse (its model is trained if missing)",
    )  # fmt: skip
    parser.add_argument("--replicas", type=int, default=1, help="Rasa servers")
    parser.add_argument(
        "--database-url", help="the tracker store (default: a fresh SQLite file); "
        "PostgreSQL for --replicas above 1",
    )  # fmt: skip
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args(argv)
    if args.replicas > 1 and not (args.database_url or "").startswith("postgresql"):
        parser.error("--replicas above 1 needs --database-url postgresql://...")
    log(f"load average (1, 5, 15 min) at start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        workdir = Path(tmp) / "screening"
        workdir.mkdir()
        stock_folder = (args.stock_dir or Path(tmp) / "stock").resolve()
        with stock_bot(stock_folder) as stock, screening_bot(args, workdir) as ours:
            results = asyncio.run(
                measure([ours, stock], args.levels, args.rounds, args.conversations)
            )
    report(results, args.replicas)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
