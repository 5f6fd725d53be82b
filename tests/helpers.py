"""Building real Readout parts for tests (no mocks): pipeline, dispatcher, command services."""

from __future__ import annotations

from dataclasses import dataclass

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import FakeClock
from bot.config import DeliveryConfig, HttpConfig, SchedulerConfig, SourceConfig
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.protocol import Platform
from bot.models import Chat, Subscription
from bot.pipeline import Pipeline
from bot.sources.fetch import Fetcher
from bot.store import Store
from handlers import COMMANDS
from handlers.core import Reply, Request, Services, handle


def source(sid: str, url: str, **kw: object) -> SourceConfig:
    return SourceConfig(id=sid, name=kw.pop("name", sid.title()), url=url, **kw)  # type: ignore[arg-type]


@dataclass
class Rig:
    store: Store
    clock: FakeClock
    fetcher: Fetcher
    pipeline: Pipeline

    async def close(self) -> None:
        await self.fetcher.aclose()


def make_rig(store: Store, clock: FakeClock, **http: object) -> Rig:
    fetcher = Fetcher(HttpConfig(allow_private=True, timeout=3, **http))  # type: ignore[arg-type]
    pipeline = Pipeline(store, fetcher, clock, SchedulerConfig())
    return Rig(store, clock, fetcher, pipeline)


def make_dispatcher(
    store: Store,
    clock: FakeClock,
    platforms: dict[str, Platform],
    owner: str | None = None,
    **settings: object,
) -> Dispatcher:
    return Dispatcher(
        store,
        platforms,
        clock,
        DeliveryConfig(**settings),
        load_gazetteer(),
        owner=owner,  # type: ignore[arg-type]
    )


async def subscribe_chat(
    store: Store,
    clock: FakeClock,
    platform: str,
    address: str,
    countries: tuple[str, ...] = (),
    keywords: tuple[str, ...] = (),
) -> Chat:
    chat = await store.ensure_chat(Chat(platform, address, "private"), clock.now())
    assert chat.id is not None
    await store.add_subscription(
        Subscription(chat_id=chat.id, countries=countries, keywords=keywords), clock.now()
    )
    return chat


async def run_command(
    store: Store, clock: FakeClock, line: str, chat: Chat | None = None, **req: object
) -> Reply:
    svc = Services(
        store=store, clock=clock, gazetteer=load_gazetteer(), admins=frozenset({"console:admin"})
    )
    name, _, args = line.lstrip("/").partition(" ")
    chat = chat or Chat("console", "c1", "private")
    return await handle(COMMANDS, name, Request(chat, str(req.pop("user", "u1")), args, **req), svc)  # type: ignore[arg-type]
