"""The bot as several Rasa servers that share their stores: Rasa's own scale-out.

Every replica runs the same model against the same action server, keeps
conversations in the same SQL tracker store (PostgreSQL: each turn reads the
tracker from the database and appends its new events there) and takes a
per-conversation ticket lock in the same Redis lock store, so two turns of one
conversation never run at once, whichever replicas they reach. Used by
`make bench --replicas` (bench/load.py) and tests/scaleout/.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from bot.stack import LocalStack, Ports


def redis_lock_store(url: str, key_prefix: str) -> dict[str, object]:
    """endpoints.yml's `lock_store:` section for the Redis at `url`
    (redis://host:port/db); `key_prefix` (letters and digits) keeps its keys apart."""
    if not key_prefix.isalnum():
        raise ValueError("Rasa ignores a Redis key prefix that is not alphanumeric")
    parts = urllib.parse.urlsplit(url)
    return {
        "type": "redis",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "db": int(parts.path.strip("/") or 0),
        "key_prefix": key_prefix,
    }


def delete_locks(url: str, key_prefix: str) -> int:
    """Remove the lock store's keys under `key_prefix`; how many there were."""
    import redis  # Rasa's own dependency; imported here, where it is needed

    client = redis.Redis.from_url(url, socket_timeout=5)
    try:
        keys = list(client.scan_iter(match=f"{key_prefix}:*"))
        if keys:
            client.delete(*keys)
        return len(keys)
    finally:
        client.close()


def replica_stack(
    *,
    model: Path,
    api_token: str,
    workdir: Path,
    ports: Ports,
    database_url: str,
    redis_url: str,
    key_prefix: str,
) -> LocalStack:
    """A stack of 1 + len(ports.rasa_replicas) Rasa servers (no web chat) sharing
    `database_url` and the Redis lock store at `redis_url`."""
    return LocalStack(
        model=model,
        api_token=api_token,
        workdir=workdir,
        ports=ports,
        env={"DATABASE_URL": database_url},
        lock_store=redis_lock_store(redis_url, key_prefix),
    )
