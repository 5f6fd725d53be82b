"""Fixtures for the Telegram tests: the fake Bot API on loopback and the real platform
(handlers.telegram, real PTB, real store) long-polling it, plus a small harness to talk to the
bot as a person would and wait until the platform has finished with each update."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import FakeClock
from bot.config import Config, TelegramConfig
from bot.store import Store
from handlers.core import Services
from handlers.telegram import TelegramPlatform, create
from tests.fakes.telegram_api import FakeTelegram, Sent

ADMIN_ID = 900  # a bot admin (config `admins`)
PAUSE = 3.0  # seconds a person takes between two messages (virtual)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """PTB 22 warns, from inside RetryAfter's constructor, that retry_after will become a
    timedelta; with filterwarnings=error that would turn every 429 into a crash in PTB's own
    code. Only that warning is silenced (handlers/telegram/send.py reads either type)."""
    for item in items:
        if "tests/telegram/" in str(item.path).replace("\\", "/"):
            item.add_marker(
                pytest.mark.filterwarnings(
                    "ignore:.*`retry_after`.*:telegram.warnings.PTBDeprecationWarning"
                )
            )


@dataclass
class VirtualTime:
    """The fake's flood limits read this clock: conversational tests move it on by a human
    pause per message, rate-limit tests keep it still to make a burst."""

    t: float = 1000.0

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


def services(store: Store, clock: FakeClock) -> Services:
    return Services(
        store=store,
        clock=clock,
        gazetteer=load_gazetteer(),
        admins=frozenset({f"telegram:{ADMIN_ID}"}),
    )


def config(fake: FakeTelegram, **telegram: Any) -> Config:
    return Config(telegram=TelegramConfig(token=fake.token, api_base_url=fake.api_url, **telegram))


@dataclass
class Bot:
    """The running platform and the fake it talks to, with a person's view of the chat."""

    fake: FakeTelegram
    platform: TelegramPlatform
    store: Store
    time: VirtualTime = field(default_factory=VirtualTime)
    done: set[int] = field(default_factory=set)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def watch(self) -> None:
        """Learn when the platform has finished with an update: a handler in a later group
        runs after ours (PTB's public API; nothing of Readout is patched)."""

        async def finished(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            async with self._changed:
                self.done.add(update.update_id)
                self._changed.notify_all()

        self.platform.app.add_handler(TypeHandler(Update, finished), group=99)

    async def processed(self, update_id: int, within: float = 10.0) -> None:
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: update_id in self.done)

    async def say(
        self, chat: dict[str, Any], user: dict[str, Any] | None, text: str, **kw: Any
    ) -> list[Sent]:
        """Write `text` in `chat`; once the platform is done with it, what it sent there."""
        self.time.advance(PAUSE)
        before = len(self.fake.sent_to(chat["id"]))
        await self.processed(await self.fake.message(chat, user, text, **kw))
        return self.fake.sent_to(chat["id"])[before:]

    async def press(self, sent: Sent, user: dict[str, Any], data: str) -> list[Sent]:
        """Press a button under `sent`; once the platform is done, what it sent there."""
        self.time.advance(PAUSE)
        before = len(self.fake.sent_to(sent.chat_id))
        await self.processed(await self.fake.press(sent, user, data))
        return self.fake.sent_to(sent.chat_id)[before:]


@pytest.fixture
async def bot(fake: FakeTelegram, store: Store, clock: FakeClock) -> AsyncIterator[Bot]:
    platform = create(config(fake), services(store, clock))
    harness = Bot(fake, platform, store)
    fake.limits.now = harness.time.now
    harness.watch()
    await platform.start()
    try:
        yield harness
    finally:
        await platform.stop()
