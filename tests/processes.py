"""Real `readout run` processes for tests: start one with a config, read its log as it goes,
stop it with SIGTERM or kill it with SIGKILL. Nothing here is mocked; the processes talk to the
fake servers of tests/fakes over loopback."""

from __future__ import annotations

import asyncio
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bot.clock import SystemClock
from bot.models import Chat, Subscription
from bot.store import open_store
from tests.fakes.telegram_api import FakeTelegram


@dataclass
class Readout:
    proc: asyncio.subprocess.Process
    log: list[str] = field(default_factory=list)
    _reader: asyncio.Task[None] | None = None
    _lines: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            async with self._lines:
                self.log.append(line.decode())
                self._lines.notify_all()
        async with self._lines:
            self._lines.notify_all()

    async def wait_log(self, needle: str, within: float = 60) -> None:
        """Until a log line contains `needle` (fails with the log if the process ends)."""
        try:
            async with asyncio.timeout(within), self._lines:
                while not any(needle in line for line in self.log):
                    if self.proc.returncode is not None or (self._reader and self._reader.done()):
                        raise AssertionError(f"ended before {needle!r}:\n" + self.text())
                    await self._lines.wait()
        except TimeoutError:
            raise AssertionError(f"no {needle!r} within {within}s:\n" + self.text()) from None

    def text(self) -> str:
        return "".join(self.log)

    async def stop(self, within: float = 30) -> int:
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(within):
            code = await self.proc.wait()
        if self._reader:
            await self._reader
        return code

    async def kill(self) -> None:
        if self.proc.returncode is None:
            self.proc.kill()
        await self.proc.wait()
        if self._reader:
            await self._reader


async def start_readout(config: Path, env: dict[str, str] | None = None, *options: str) -> Readout:
    """Start `readout [options] run --config CONFIG` with only PATH and `env` set."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *options,
        "run",
        "--config",
        str(config),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
    )
    r = Readout(proc)
    r._reader = asyncio.create_task(r._read())
    return r


async def telegram_subscribers(
    db: str, fake: FakeTelegram, first_id: int, n: int, countries: tuple[str, ...]
) -> list[int]:
    """n private Telegram chats, known to the fake and subscribed in the store at `db`, as if
    each had sent /subscribe before the processes under test start."""
    store = await open_store(db)
    now = SystemClock().now()
    ids = [first_id + i for i in range(n)]
    try:
        for chat_id in ids:
            fake.chat(chat_id)
            chat = await store.ensure_chat(Chat("telegram", str(chat_id), "private"), now)
            await store.add_subscription(
                Subscription(chat_id=chat.id or 0, countries=countries), now
            )
    finally:
        await store.close()
    return ids
