"""Several `readout run` replicas as separate processes on one PostgreSQL database, with the
fake ministry and the fake Telegram Bot API: each source is polled once per interval (not once
per replica), every subscriber gets every alert exactly once, and killing the replica that
sends, mid fan-out, loses nothing: the survivors finish after its leases expire."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.analysis import analyse
from bot.clock import SystemClock
from bot.models import Statement, content_hash
from bot.store import open_store
from tests.conftest import fresh_pg_database, sample
from tests.fakes.feed_server import FeedServer, Item, Route, rss
from tests.fakes.telegram_api import FakeTelegram
from tests.processes import Readout, start_readout, telegram_subscribers

pytestmark = pytest.mark.postgres

SOURCES = ["m1", "m2", "m3", "m4"]
CHATS = 40
TEXTS = [
    "in-jp-dm-call-2020-12-ani",
    "in-jp-dmm-2019-09",
    "jimex-2021-jmod",
    "us-jp-call-2021-01-dod",
]


def config_text(db: str, fake: FakeTelegram, feeds: FeedServer) -> str:
    sources = "\n".join(
        f'  - {{id: {s}, name: "Ministry {s}", url: "{feeds.url(f"/{s}.xml")}", backfill: 1}}'
        for s in SOURCES
    )
    return f"""
database: {{url: "{db}"}}
http: {{allow_private: true}}
scheduler: {{jitter: 0s}}
delivery: {{lease: 3s}}
replicas: {{lease: 3s}}
console: {{enabled: "off"}}
telegram: {{api_base_url: "{fake.api_url}"}}
sources:
{sources}
"""


async def prepare(db: str, fake: FakeTelegram, feeds: FeedServer) -> list[int]:
    ids = await telegram_subscribers(db, fake, 7000, CHATS, ("JP",))
    for s, sid in zip(SOURCES, TEXTS, strict=True):
        text = str(sample(sid)["text"])
        feeds.set(
            f"/{s}.xml",
            Route(
                rss(
                    [
                        Item(
                            f"{s}-1",
                            f"Release of {s}",
                            None,
                            content=text + "\n\n" + text,
                            published=datetime(2021, 1, 1, tzinfo=UTC),
                        )
                    ]
                )
            ),
        )
    return ids


async def holder(db: str, replicas: list[Readout]) -> Readout:
    store = await open_store(db)
    try:
        owner = await store.lease_holder("send:telegram", SystemClock().now())
    finally:
        await store.close()
    assert owner is not None
    pid = int(owner.split("-")[-2])
    return next(r for r in replicas if r.proc.pid == pid)


@pytest.mark.parametrize("n", [2, 3])
async def test_replicas_poll_once_and_deliver_once_even_when_one_dies(
    tmp_path: Path, feed_server: FeedServer, n: int
) -> None:
    fake = FakeTelegram()
    await fake.start()
    replicas: list[Readout] = []
    async with fresh_pg_database() as db:
        try:
            ids = await prepare(db, fake, feed_server)
            config = tmp_path / "config.yaml"
            config.write_text(config_text(db, fake, feed_server))
            env = {"TELEGRAM_BOT_TOKEN": fake.token}
            replicas = [await start_readout(config, env) for _ in range(n)]
            for r in replicas:
                for s in SOURCES:  # every replica's first scheduled poll of every source ran
                    await r.wait_log(f"poll {s}: ")
            # Once per interval, not once per replica.
            assert [len(feed_server.hits(f"/{s}.xml")) for s in SOURCES] == [1, 1, 1, 1]
            # One replica at a time long-polls Telegram (a second would get 409 Conflict).
            waits = [
                asyncio.ensure_future(r.wait_log("telegram: taking updates")) for r in replicas
            ]
            await asyncio.wait(waits, timeout=30, return_when=asyncio.FIRST_COMPLETED)
            for w in waits:
                w.cancel()
            pollers = [r for r in replicas if "telegram: taking updates" in r.text()]
            assert len(pollers) == 1
            # Every subscriber gets every alert exactly once.
            await fake.wait_for(lambda: len(fake.sent) >= CHATS * len(SOURCES), within=60)
            store = await open_store(db)
            assert await store.queue_depth() == {"sent": CHATS * len(SOURCES)}
            per_chat = Counter(s.chat_id for s in fake.sent)
            assert set(per_chat) == set(ids) and set(per_chat.values()) == {len(SOURCES)}

            # A new statement; the replica that sends is killed in the middle of its fan-out.
            text = str(sample("jp-ph-raa-2024-mofa")["text"])
            now = SystemClock().now()
            late = Statement(
                "m1",
                None,
                "Japan-Philippines RAA",
                now,
                now,
                text,
                analyse(text),
                content_hash(text),
            )
            assert "JP" in late.summary.countries
            before = len(fake.sent)
            await store.add_statement(late, "late-1", now)
            await store.close()
            sender = await holder(db, replicas)
            await fake.wait_for(lambda: len(fake.sent) >= before + CHATS // 4, within=30)
            await sender.kill()
            survivors = [r for r in replicas if r is not sender]
            await fake.wait_for(
                lambda: {s.chat_id for s in fake.sent[before:]} >= set(ids), within=60
            )
            for r in survivors:
                assert await r.stop() == 0, r.text()
        finally:
            for r in replicas:
                await r.kill()
            await fake.stop()
        late_sends = Counter(s.chat_id for s in fake.sent[before:])
        assert set(late_sends) == set(ids)  # nothing lost
        assert max(late_sends.values()) <= 2  # at most the one in flight, repeated
        store = await open_store(db)
        assert await store.queue_depth() == {"sent": CHATS * (len(SOURCES) + 1)}
        await store.close()
        assert all("Traceback" not in r.text() for r in survivors)
