"""A TCP proxy the fault tests put between the bot and PostgreSQL, and can cut.

Stopping the machine's PostgreSQL would break every other test using it, so the
bot's DATABASE_URL points at this proxy instead. `cut()` does to the bot what a
stopped server does: every open connection drops and new ones are refused.
`restore()` accepts connections again, as a restarted server does.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator

from bot.stack import free_port

CHUNK_BYTES = 65536


class TcpProxy:
    """Forwards 127.0.0.1:`port` to 127.0.0.1:`target_port` in a background thread."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.AbstractServer | None = None
        self._links: set[asyncio.StreamWriter] = set()

    def start(self) -> None:
        self._thread.start()
        self.restore()

    def stop(self) -> None:
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def cut(self) -> None:
        """Drop every connection and refuse new ones."""
        self._call(self._cut())

    def restore(self) -> None:
        """Accept connections again."""
        self._call(self._listen())

    def _call(self, coroutine) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(
                self._link, "127.0.0.1", self.port, reuse_address=True
            )

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    async def _link(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        try:
            server_in, server_out = await asyncio.open_connection(
                "127.0.0.1", self.target_port
            )
        except OSError:
            client_out.transport.abort()
            return
        self._links.update((client_out, server_out))
        await asyncio.gather(_pipe(client_in, server_out), _pipe(server_in, client_out))
        self._links.difference_update((client_out, server_out))


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await source.read(CHUNK_BYTES):
            sink.write(data)
            await sink.drain()
    sink.transport.abort()


@contextlib.contextmanager
def proxy_to(target_port: int) -> Iterator[TcpProxy]:
    proxy = TcpProxy(target_port)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
