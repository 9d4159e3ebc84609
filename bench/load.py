"""`make bench`: the bot under many conversations at once, against the stock bot.

Starts this bot as `make run` does (bot/stack.py: database migration, action server,
Rasa server; a fresh SQLite database in a temporary folder unless --database-url),
holds simulated conversations with it over Rasa's REST channel at each concurrency
level (bench/client.py, bench/conversations.py), then does the same with the stock
bot (created and trained by `rasa init`, as `make bench-nlu` does), one bot at a
time. Prints per-turn latency p50/p95/p99, throughput, errors and the Rasa process's
peak resident memory for both, and the ratios against the targets. With
--replicas N it runs N Rasa servers sharing a PostgreSQL tracker store
(--database-url) and a Redis lock store (--redis-url), each conversation's turns
spread across them. Everything listens on 127.0.0.1. Not a pytest test: it takes
minutes and its figures depend on the machine's load, which it prints.
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

from bench.client import run_conversations
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
from bench.nlu_latency import free_port, log, rasa_server, stock_model
from bench.replicas import delete_locks, redis_lock_store
from bot.settings import PROJECT_ROOT
from bot.stack import LocalStack, Ports

MODEL = PROJECT_ROOT / "models" / "screening.tar.gz"
LEVELS = (1, 20)
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
class Level:
    """One bot at one concurrency level."""

    figures: Figures
    peak_mb: float
    load_before: float
    load_after: float


def conversations_at(concurrency: int, override: int | None) -> int:
    """Enough conversations for stable percentiles: three per simulated visitor,
    at least 20."""
    return override or max(20, 3 * concurrency)


async def measure(
    name: str,
    urls: Sequence[str],
    pids: list[int],
    dialogues: Callable[[int], list[Dialogue]],
    levels: Sequence[int],
    count: int | None,
) -> dict[int, Level]:
    run_id = secrets.token_hex(4)
    log(f"[{name}] warming up with {WARM_UP_CONVERSATIONS} conversations...")
    await run_conversations(
        urls,
        dialogues(WARM_UP_CONVERSATIONS),
        concurrency=2,
        sender_prefix=f"{name}-warm-{run_id}",
    )
    results = {}
    for concurrency in levels:
        total = conversations_at(concurrency, count)
        log(f"[{name}] {total} conversations, {concurrency} at a time...")
        load_before = os.getloadavg()[0]
        async with PeakSampler(pids) as sampler:
            run = await run_conversations(
                urls,
                dialogues(total),
                concurrency=concurrency,
                sender_prefix=f"{name}-c{concurrency}-{run_id}",
            )
        results[concurrency] = Level(
            Figures.of(run), sampler.peak_mb, load_before, os.getloadavg()[0]
        )
    return results


def screening_dialogues(responses: ResponseIndex, count: int) -> list[Dialogue]:
    return [PatientDialogue(patient, responses) for patient in patients(count)]


def stock_dialogues(count: int) -> list[Dialogue]:
    return [ScriptedDialogue(chat) for chat in stock_conversations(count)]


@contextmanager
def screening_bot(args: argparse.Namespace, workdir: Path) -> Iterator[LocalStack]:
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
        yield stack
    finally:
        stack.stop()
        if replicas:
            delete_locks(args.redis_url, key_prefix)


def measure_screening(args: argparse.Namespace, workdir: Path) -> dict[int, Level]:
    workdir.mkdir()
    with screening_bot(args, workdir) as stack:
        ports = [stack.ports.rasa, *stack.ports.rasa_replicas]
        pids = [child_serving(port) for port in ports]
        responses = ResponseIndex.of_server(stack.rasa_url, stack.api_token)
        return asyncio.run(
            measure(
                "screening",
                stack.rasa_urls,
                pids,
                partial(screening_dialogues, responses),
                args.levels,
                args.conversations,
            )
        )


def measure_stock(
    args: argparse.Namespace, model: Path, folder: Path
) -> dict[int, Level]:
    # In the stock project's folder: its credentials.yml turns the REST channel on.
    with rasa_server("stock", model, folder) as url:
        pid = child_serving(int(url.rsplit(":", 1)[1]))
        return asyncio.run(
            measure(
                "stock", [url], [pid], stock_dialogues, args.levels, args.conversations
            )
        )


def trained_stock_model(folder: Path) -> Path:
    """The stock bot's model in `folder`, created and trained there if missing."""
    models = sorted(
        (folder / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime
    )
    if models:
        log(f"[stock] reusing {models[-1]}")
        return models[-1]
    folder.mkdir(parents=True, exist_ok=True)  # `rasa init` wants it to exist
    return stock_model(folder)


# ---- the report ----------------------------------------------------------------------


def report(ours: dict[int, Level], theirs: dict[int, Level], replicas: int) -> None:
    log("\nWhat each bot is asked")
    for name, asked in ASKED.items():
        log(f"  {name}: {asked}")
    header = (
        f"  {'bot':10} {'conv':>5} {'ended':>5} {'turns':>6} {'errors':>6} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'turns/s':>8} {'peak MB':>8}"
    )
    for concurrency in ours:
        log(f"\n{concurrency} conversation(s) at a time")
        log(header)
        for name, level in (
            ("screening", ours[concurrency]),
            ("stock", theirs[concurrency]),
        ):
            f = level.figures
            log(
                f"  {name:10} {f.conversations:5d} {f.finished:5d} {f.turns:6d} "
                f"{f.errors:6d} {f.p50_ms:8.1f} {f.p95_ms:8.1f} {f.p99_ms:8.1f} "
                f"{f.turns_per_s:8.1f} {level.peak_mb:8.0f}"
            )
        loads = [ours[concurrency], theirs[concurrency]]
        log(
            "  load average (1 min) during the runs: "
            + ", ".join(f"{x.load_before:.1f} -> {x.load_after:.1f}" for x in loads)
        )
    log(f"\nTargets (screening bot with {replicas} Rasa server(s))")
    for concurrency in ours:
        for line in verdicts(concurrency, ours[concurrency], theirs[concurrency]):
            log(f"  {line}")


def verdicts(concurrency: int, ours: Level, theirs: Level) -> list[str]:
    p95_ratio = ours.figures.p95_ms / theirs.figures.p95_ms
    throughput_ratio = ours.figures.turns_per_s / theirs.figures.turns_per_s
    checks = [
        (f"p95 ratio {p95_ratio:.2f} (<= {MAX_P95_RATIO})", p95_ratio <= MAX_P95_RATIO),
        (
            f"throughput ratio {throughput_ratio:.2f} (>= {MIN_THROUGHPUT_RATIO})",
            throughput_ratio >= MIN_THROUGHPUT_RATIO,
        ),
        (f"errors {ours.figures.errors} (0)", ours.figures.errors == 0),
        (
            f"peak memory {ours.peak_mb:.0f} MB (<= {MAX_PEAK_MB:.0f})",
            ours.peak_mb <= MAX_PEAK_MB,
        ),
    ]
    if concurrency == 1:
        median = ours.figures.p50_ms
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
        help="conversations at a time, one run each (default: 1 20)",
    )  # fmt: skip
    parser.add_argument(
        "--conversations", type=int, help="conversations per run (default: 3 per "
        "simulated visitor, at least 20)",
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
        stock_folder = args.stock_dir or Path(tmp) / "stock"
        stock = trained_stock_model(stock_folder.resolve())
        ours = measure_screening(args, Path(tmp) / "screening")
        theirs = measure_stock(args, stock, stock_folder.resolve())
    report(ours, theirs, args.replicas)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
