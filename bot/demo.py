"""`readout demo`: the real pipeline, offline, on bundled real statements.

A loopback "ministry" (bot.demofeed) serves a feed. The demo subscribes the terminal to India +
Japan with the same /subscribe command the chat platforms use, polls once (what is already in
the feed is recorded, not alerted), lets the ministry publish the rest, polls again (new
statements are read, analysed, stored with their outbox rows in one transaction, and the
dispatcher prints the alerts), polls a third time (304: nothing re-read), and finally answers
`/latest India Japan` with the same command code Telegram and Slack use. Temporary SQLite
database; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import SystemClock
from bot.config import Config, HttpConfig, SchedulerConfig, SourceConfig
from bot.delivery.dispatcher import Dispatcher
from bot.demofeed import DemoFeed, load_samples
from bot.pipeline import Pipeline
from bot.sources.fetch import Fetcher
from bot.store import open_store
from handlers import COMMANDS
from handlers.console import ConsolePlatform, console_chat
from handlers.core import Request, Services, handle

# What the ministry had already published before Readout first looked: recorded, not alerted.
ALREADY_THERE = ("cn-mfa-renai-2024-03", "us-ph-call-2022-state", "ts23-raaf-planning")


async def run_demo(console: Console | None = None) -> int:
    console = console or Console()
    clock = SystemClock()
    samples = load_samples()
    before = [s for s in samples if s.id in ALREADY_THERE]
    # The India–Japan call comes last, as the newest release of the day.
    after = sorted(
        (s for s in samples if s.id not in ALREADY_THERE),
        key=lambda s: s.id.startswith("in-jp-dm-call"),
    )
    feed = DemoFeed(samples)
    url = await feed.start()
    with tempfile.TemporaryDirectory(prefix="readout-demo-") as tmp:
        store = await open_store(f"sqlite:///{Path(tmp) / 'demo.db'}")
        config = Config(
            http=HttpConfig(allow_private=True, timeout=10),
            sources=[
                SourceConfig.model_validate(
                    {
                        "id": "demo-ministry",
                        "name": "Demo ministry (loopback)",
                        "url": url,
                        "kind": "rss",
                        "interval": "10m",
                        "official": True,
                    }
                )
            ],
        )
        fetcher = Fetcher(config.http)
        gazetteer = load_gazetteer()
        platform = ConsolePlatform(console)
        dispatcher = Dispatcher(store, {"console": platform}, clock, config.delivery, gazetteer)
        pipeline = Pipeline(store, fetcher, clock, SchedulerConfig(), on_queued=dispatcher.wake)
        svc = Services(store=store, clock=clock, gazetteer=gazetteer)
        try:
            await store.sync_sources(config.sources)

            async def command(line: str) -> None:
                name, _, args = line.lstrip("/").partition(" ")
                reply = await handle(COMMANDS, name, Request(console_chat(), "demo", args), svc)
                platform.print_reply(line, reply)

            console.print(Rule("Readout demo — offline, real statements, real pipeline"))
            console.print(f"Loopback feed: {url} ({len(samples)} real statements bundled)")
            await command("/subscribe India Japan")

            feed.publish(before)
            first = await pipeline.poll("demo-ministry")
            console.print(
                f"\n[bold]Poll 1[/]: {len(before)} statements already in the feed are recorded "
                f"as seen, without alerts ({first.outcome}). Only what appears later is news."
            )

            feed.publish(after)
            console.print(
                f"\nThe ministry publishes {len(after)} statements "
                "(half with full text in the feed, half as teasers whose page is read)."
            )
            second = await pipeline.poll("demo-ministry")
            console.print(
                f"[bold]Poll 2[/]: {second.new} new statements read, analysed and stored; "
                f"{second.queued} alert(s) queued for the India + Japan subscription.\n"
            )
            sent = await dispatcher.drain()
            third = await pipeline.poll("demo-ministry")
            console.print(
                f"\n[bold]Poll 3[/]: {third.outcome.replace('_', ' ')} (HTTP 304): nothing "
                f"fetched or parsed again. {sent} alert(s) delivered.\n"
            )
            await command("/latest India Japan")
            console.print(Rule())
            ok = second.new == len(after) and sent >= 1
            return 0 if ok else 1
        finally:
            await fetcher.aclose()
            await store.close()
            await feed.stop()


def main() -> int:
    return asyncio.run(run_demo())
