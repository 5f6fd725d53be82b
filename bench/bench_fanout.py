"""Fan-out at the platforms' limits: Readout's dispatcher against the usual alternatives.

(a) Telegram: one alert to 3,000 private chats and 100 groups through the fake Bot API
    (tests/fakes/telegram_api.py, in its own process) enforcing Telegram's limits: 30 msg/s per
    token, 1/s per chat, 20/min per group. Readout (outbox -> dispatcher -> the real
    python-telegram-bot adapter) is compared, in the same run, with python-telegram-bot's own
    AIORateLimiter sending the same messages (asyncio.gather over bot.send_message, its
    documented use). Reported: wall time against the ideal N/30 s, and 429 answers.
(b) Slack: 5 alerts to each of 60 channels through the fake Web API (1 msg/s per channel after
    a burst of 3). Readout's dispatcher against slack_sdk sending the same messages at once
    with its own retry-on-429 handler. Reported: wall time against the ideal, and 429 answers.

Prints the figures and, last, one JSON line. Usage: bench_fanout.py [--private N] [--groups N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fanout_fakes import SLACK_CHANNELS, start_fake, wait_all  # noqa: E402
from bench.fanout_fakes import stats as fake_stats  # noqa: E402

SLACK_ALERTS = 5


# -- Readout's side: the real outbox, dispatcher and platform adapters ---------------------------


async def _readout_fanout(
    platform_name: str,
    api_url: str,
    control: str,
    addresses: list[str],
    kinds: list[str],
    statements: int,
) -> dict[str, Any]:
    import httpx

    from bot.analysis import analyse
    from bot.analysis.gazetteer import load_gazetteer
    from bot.clock import SystemClock
    from bot.config import Config, DeliveryConfig
    from bot.delivery.dispatcher import Dispatcher
    from bot.models import Chat, Statement, Subscription, content_hash
    from bot.store import open_store
    from handlers.core import Services
    from tests.conftest import samples

    clock = SystemClock()
    with tempfile.TemporaryDirectory() as tmp:
        store = await open_store(f"sqlite:///{tmp}/bench.db")
        now = clock.now()
        for address, kind in zip(addresses, kinds, strict=True):
            chat = await store.ensure_chat(Chat(platform_name, address, kind), now)
            await store.add_subscription(Subscription(chat_id=chat.id or 0), now)
        services = Services(store=store, clock=clock, gazetteer=load_gazetteer())
        if platform_name == "telegram":
            from handlers.telegram import create

            config = Config.model_validate(
                {"telegram": {"token": "123456:TEST-token", "api_base_url": api_url}}
            )
        else:
            from handlers.slack import create  # type: ignore[assignment]
            from tests.fakes.slack_api import BOT_TOKEN

            config = Config.model_validate(
                {
                    "slack": {
                        "bot_token": BOT_TOKEN,
                        "signing_secret": "bench",
                        "mode": "http",
                        "port": 1,
                        "listen": "127.0.0.1",
                        "api_base_url": api_url,
                    }
                }
            )
        platform = create(config, services)
        if platform_name == "telegram":
            await platform.start()  # PTB's bot must be initialized to send
        texts = [str(s["text"]) for s in samples()][:statements]
        async with httpx.AsyncClient() as client:
            await client.post(f"{control}/reset")
            start = time.monotonic()
            for i, text in enumerate(texts):
                st = Statement(
                    "bench",
                    f"https://bench.invalid/{i}",
                    f"Statement {i}",
                    now,
                    now,
                    text,
                    analyse(text),
                    content_hash(text),
                )
                await store.add_statement(st, f"id{i}", now)
            dispatcher = Dispatcher(
                store, {platform_name: platform}, clock, DeliveryConfig(), load_gazetteer()
            )
            stop = asyncio.Event()
            task = asyncio.create_task(dispatcher.run(stop))
            stats = await wait_all(client, control, len(addresses) * len(texts), 600)
            stop.set()
            await task
        if platform_name == "telegram":
            await platform.stop()
        depth = await store.queue_depth()
        await store.close()
    return {
        "wall_s": stats["last"] - start,
        "sent": stats["sent"],
        "r429": stats["r429"],
        "outbox": depth,
    }


# -- the alternatives --------------------------------------------------------------------------


async def _ptb_fanout(api_url: str, control: str, chat_ids: list[int]) -> dict[str, Any]:
    import httpx
    from telegram.constants import ParseMode
    from telegram.error import RetryAfter
    from telegram.ext import AIORateLimiter, ApplicationBuilder

    from bot.analysis import analyse
    from bot.analysis.gazetteer import load_gazetteer
    from bot.clock import SystemClock
    from bot.delivery.render import render_alert
    from bot.models import Statement, content_hash
    from handlers.telegram.render import render_alert as to_html
    from tests.conftest import samples

    text = str(samples()[0]["text"])
    now = SystemClock().now()
    st = Statement(
        "bench",
        "https://bench.invalid/0",
        "Statement",
        now,
        now,
        text,
        analyse(text),
        content_hash(text),
        id=1,
    )
    html = to_html(render_alert(st, load_gazetteer()))[0].html
    app = (
        ApplicationBuilder()
        .token("123456:TEST-token")
        .base_url(api_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .build()
    )
    await app.initialize()
    failed = 0

    async def one(chat_id: int) -> None:
        nonlocal failed
        try:
            await app.bot.send_message(chat_id, html, parse_mode=ParseMode.HTML)
        except RetryAfter:
            failed += 1

    async with httpx.AsyncClient() as client:
        await client.post(f"{control}/reset")
        start = time.monotonic()
        await asyncio.gather(*(one(c) for c in chat_ids))
        stats = await fake_stats(client, control)
    await app.shutdown()
    return {
        "wall_s": stats["last"] - start,
        "sent": stats["sent"],
        "r429": stats["r429"],
        "gave_up": failed,
    }


async def _slack_sdk_fanout(api_url: str, control: str, channels: list[str]) -> dict[str, Any]:
    import httpx
    from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
    from slack_sdk.web.async_client import AsyncWebClient

    from tests.fakes.slack_api import BOT_TOKEN

    client = AsyncWebClient(token=BOT_TOKEN, base_url=api_url)
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=10))
    gave_up = 0

    async def one(channel: str, i: int) -> None:
        nonlocal gave_up
        try:
            await client.chat_postMessage(channel=channel, text=f"Alert {i}")
        except Exception:
            gave_up += 1

    async with httpx.AsyncClient() as c:
        await c.post(f"{control}/reset")
        start = time.monotonic()
        await asyncio.gather(*(one(ch, i) for i in range(SLACK_ALERTS) for ch in channels))
        stats = await fake_stats(c, control)
    return {
        "wall_s": stats["last"] - start,
        "sent": stats["sent"],
        "r429": stats["r429"],
        "gave_up": gave_up,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--private", type=int, default=3000)
    ap.add_argument("--groups", type=int, default=100)
    args = ap.parse_args()
    out: dict[str, Any] = {"bench": "fanout"}

    proc, api_url, control = start_fake("telegram", args.private, args.groups)
    try:
        private = [str(100_000 + i) for i in range(args.private)]
        groups = [str(-1_000_000_000 - i) for i in range(args.groups)]
        n = len(private) + len(groups)
        ideal = n / 30
        ours = asyncio.run(
            _readout_fanout(
                "telegram",
                api_url,
                control,
                private + groups,
                ["private"] * len(private) + ["supergroup"] * len(groups),
                1,
            )
        )
        ptb = asyncio.run(_ptb_fanout(api_url, control, [int(a) for a in private + groups]))
    finally:
        proc.terminate()
    print(
        f"(a) Telegram: {n} chats ({args.private} private, {args.groups} groups), "
        f"ideal at 30 msg/s: {ideal:.1f} s"
    )
    for name, r in (("Readout dispatcher", ours), ("PTB AIORateLimiter", ptb)):
        print(
            f"    {name:20s} {r['wall_s']:7.1f} s  = {ideal / r['wall_s']:.2f} of the limit, "
            f"{r['sent']} delivered, {r['r429']} answered 429"
        )
    out["telegram"] = {
        "n": n,
        "ideal_s": round(ideal, 1),
        "readout_s": round(ours["wall_s"], 1),
        "readout_of_limit": round(ideal / ours["wall_s"], 3),
        "readout_429": ours["r429"],
        "readout_delivered": ours["sent"],
        "ptb_s": round(ptb["wall_s"], 1),
        "ptb_of_limit": round(ideal / ptb["wall_s"], 3),
        "ptb_429": ptb["r429"],
        "ptb_delivered": ptb["sent"],
        "speed_ratio_readout_vs_ptb": round(ptb["wall_s"] / ours["wall_s"], 2),
    }

    proc, api_url, control = start_fake("slack")
    try:
        channels = [f"C{i:05d}" for i in range(SLACK_CHANNELS)]
        ideal = SLACK_ALERTS - 1  # 1/s per channel: the last of 5 goes out 4 s after the first
        ours = asyncio.run(
            _readout_fanout(
                "slack", api_url, control, channels, ["channel"] * len(channels), SLACK_ALERTS
            )
        )
        sdk = asyncio.run(_slack_sdk_fanout(api_url, control, channels))
    finally:
        proc.terminate()
    m = SLACK_CHANNELS * SLACK_ALERTS
    print(
        f"(b) Slack: {SLACK_ALERTS} alerts to each of {SLACK_CHANNELS} channels ({m} messages),"
        f" ideal at 1 msg/s per channel: {ideal:.1f} s"
    )
    for name, r in (("Readout dispatcher", ours), ("slack_sdk + retry", sdk)):
        print(
            f"    {name:20s} {r['wall_s']:7.1f} s, {r['sent']} delivered, {r['r429']} answered 429"
        )
    out["slack"] = {
        "messages": m,
        "ideal_s": ideal,
        "readout_s": round(ours["wall_s"], 1),
        "readout_429": ours["r429"],
        "readout_delivered": ours["sent"],
        "sdk_s": round(sdk["wall_s"], 1),
        "sdk_429": sdk["r429"],
        "sdk_delivered": sdk["sent"],
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
