"""The composition root: build every part from the Config, run them together, stop cleanly.

`serve(config, stop)` is what `readout run` calls. It opens the store (migrating it), syncs the
configured sources, builds the fetcher, pipeline, scheduler, dispatcher and the platforms, and
runs them in one event loop until `stop` is set (SIGTERM / Ctrl-C). Nothing is global: each
part gets what it needs passed in here. Platform modules are imported only when configured, so
the core never loads a chat SDK.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.delivery.daily import DigestJob
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.protocol import ChatPlatform, Platform
from bot.models import Subscription
from bot.ops.metrics import Metrics
from bot.ops.server import OpsServer
from bot.pipeline import Pipeline
from bot.replicas import LeaseKeeper
from bot.scheduler import SourceScheduler
from bot.sources.check import source_checker
from bot.sources.fetch import Fetcher
from bot.store import Store, open_store
from handlers.core import Services
from handlers.ratelimit import command_limiter

log = logging.getLogger(__name__)


def replica_name() -> str:
    """This process's name in leases: host, pid and a random part (pids repeat in containers)."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@dataclass
class Running:
    """Handles on the running parts, for `status` and for tests."""

    store: Store
    pipeline: Pipeline
    scheduler: SourceScheduler
    dispatcher: Dispatcher
    platforms: dict[str, Platform] = field(default_factory=dict)
    ops: OpsServer | None = None  # /metrics and /healthz, when ops.port is set


def console_wanted(config: Config) -> bool:
    if config.console.enabled == "on":
        return True
    if config.console.enabled == "off":
        return False
    return not (config.telegram.token or config.slack.bot_token)


async def _console_subscription(store: Store, config: Config, clock: Clock) -> None:
    """The terminal is a chat like any other; its filter comes from `console.countries`."""
    from handlers.console import console_chat

    chat = await store.ensure_chat(console_chat(), clock.now())
    assert chat.id is not None
    await store.remove_subscriptions(chat.id, None)
    await store.add_subscription(
        Subscription(chat_id=chat.id, countries=tuple(config.console.countries)), clock.now()
    )


async def _start_ops(
    config: Config,
    metrics: Metrics,
    store: Store,
    scheduler: SourceScheduler,
    platforms: dict[str, Platform],
) -> OpsServer | None:
    """The /metrics and /healthz endpoint, unless ops.port is 0 or null. A port already taken
    is logged and skipped: polling and delivery matter more than being watched."""
    if not config.ops.port:
        return None
    ops = OpsServer(
        metrics,
        store,
        lambda: scheduler.running,
        platforms,
        listen=config.ops.listen,
        port=config.ops.port,
    )
    try:
        await ops.start()
    except OSError as e:
        log.error("ops endpoint not started on %s: %s", ops.url, e.strerror or e)
        return None
    return ops


def _compete_for_leases(
    leases: LeaseKeeper, platforms: dict[str, Platform], chat_platforms: list[ChatPlatform]
) -> None:
    """The leases this replica competes for: sending for each platform token, and (Telegram
    in polling mode) taking updates, which only one process at a time may do."""
    update_leases = {
        lease: p for p in chat_platforms if (lease := getattr(p, "updates_lease", None))
    }
    for p in update_leases.values():
        p.defer_updates()  # type: ignore[attr-defined]

    async def changed(name: str, held: bool) -> None:
        if name in update_leases:
            await update_leases[name].take_updates(held)  # type: ignore[attr-defined]

    leases.want([f"send:{name}" for name in platforms] + list(update_leases), changed)


async def serve(
    config: Config,
    stop: asyncio.Event,
    clock: Clock | None = None,
    ready: Callable[[Running], None] | None = None,
) -> None:
    clock = clock or SystemClock()
    store = await open_store(config.database.url)
    metrics = Metrics()  # its own registry: nothing global
    fetcher = Fetcher(config.http, metrics=metrics)
    gazetteer = load_gazetteer()
    platforms: dict[str, Platform] = {}
    chat_platforms: list[ChatPlatform] = []
    if console_wanted(config):
        from handlers.console import ConsolePlatform

        platforms["console"] = ConsolePlatform()
        await _console_subscription(store, config, clock)
        log.info("no chat platform configured: alerts go to the console")
    replica = replica_name()
    # What it competes for is known once every platform is built (_compete_for_leases).
    leases = LeaseKeeper(store, clock, replica, ttl_s=config.replicas.lease)
    dispatcher = Dispatcher(
        store,
        platforms,
        clock,
        config.delivery,
        gazetteer,
        owner=replica,
        may_send=lambda name: leases.holds(f"send:{name}"),
        metrics=metrics,
    )
    pipeline = Pipeline(
        store,
        fetcher,
        clock,
        config.scheduler,
        on_queued=dispatcher.wake,
        owner=replica,
        metrics=metrics,
    )
    scheduler = SourceScheduler(pipeline, clock, config.scheduler.jitter)

    async def schedule(source_id: str) -> None:
        source = await store.get_source(source_id)
        if source is not None and source.enabled:
            scheduler.schedule(source)

    async def unschedule(source_id: str) -> None:
        scheduler.unschedule(source_id)

    services = Services(
        store=store,
        clock=clock,
        gazetteer=gazetteer,
        admins=frozenset(config.admins),
        check_source=source_checker(fetcher),
        schedule_source=schedule,
        unschedule_source=unschedule,
        command_limit=command_limiter(config.commands.per_chat),
    )
    if config.telegram.token:
        from handlers.telegram import create as create_telegram

        chat_platforms.append(create_telegram(config, services))
    if config.slack.bot_token:
        from handlers.slack import create as create_slack

        chat_platforms.append(create_slack(config, services))
    for chat_platform in chat_platforms:
        platforms[chat_platform.name] = chat_platform
    _compete_for_leases(leases, platforms, chat_platforms)
    ops: OpsServer | None = None
    try:
        await store.sync_sources(config.sources)
        enabled = await store.list_sources(enabled_only=True)
        for source in enabled:
            scheduler.schedule(source)
        scheduler.schedule_every_minute("digests", DigestJob(store, clock, dispatcher.wake).run)
        scheduler.start()
        for chat_platform in chat_platforms:
            await chat_platform.start()
            if getattr(chat_platform, "started", True):
                log.info("%s: taking commands", chat_platform.name)
        ops = await _start_ops(config, metrics, store, scheduler, platforms)
        log.info(
            "readout running: %d sources scheduled, platforms: %s",
            len(enabled),
            ", ".join(platforms) or "none",
        )
        await leases.renew()  # before the first claim: with one replica, it holds them all
        keep_leases = asyncio.create_task(leases.run(stop), name="leases")
        dispatch = asyncio.create_task(dispatcher.run(stop), name="dispatcher")
        if ready:
            ready(Running(store, pipeline, scheduler, dispatcher, platforms, ops))
        await stop.wait()
        log.info("stopping")
        await scheduler.stop()
        await dispatch
        await keep_leases
    finally:
        scheduler.shutdown()
        for chat_platform in reversed(chat_platforms):
            try:
                await chat_platform.stop()
            except Exception:
                log.exception("%s: error while stopping", chat_platform.name)
        if ops is not None:
            await ops.stop()
        await fetcher.aclose()
        await store.close()
        log.info("stopped")
