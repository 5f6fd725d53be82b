"""Crash safety: a real `readout run` killed with SIGKILL in the middle of a fan-out, then
restarted, loses no alert and repeats at most one per chat (the one in flight)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bot.store import open_store
from tests.conftest import sample
from tests.fakes.feed_server import FeedServer, Item, Route, rss
from tests.fakes.telegram_api import FakeTelegram
from tests.processes import start_readout, telegram_subscribers

CHATS = 60


async def test_sigkill_mid_fan_out_loses_nothing(tmp_path: Path, feed_server: FeedServer):
    fake = FakeTelegram()
    await fake.start()
    db = f"sqlite:///{tmp_path}/readout.db"
    ids = await telegram_subscribers(db, fake, 5000, CHATS, ("IN",))
    text = str(sample("in-jp-dm-call-2020-12-ani")["text"])
    feed_server.set(
        "/feed.xml",
        Route(
            rss(
                [
                    Item(
                        "ani-1",
                        "India, Japan vow to oppose coercion",
                        None,
                        content=text,
                        published=datetime(2020, 12, 22, 9, tzinfo=UTC),
                    )
                ]
            )
        ),
    )
    config = tmp_path / "config.yaml"
    config.write_text(f"""
database: {{url: "{db}"}}
http: {{allow_private: true}}
scheduler: {{jitter: 0s}}
delivery: {{lease: 3s}}
replicas: {{lease: 3s}}
console: {{enabled: "off"}}
telegram: {{api_base_url: "{fake.api_url}"}}
sources:
  - {{id: m, name: Ministry, url: "{feed_server.url("/feed.xml")}", backfill: 1}}
""")
    env = {"TELEGRAM_BOT_TOKEN": fake.token}
    try:
        first = await start_readout(config, env)
        await fake.wait_for(lambda: len(fake.sent) >= CHATS // 3, within=60)
        await first.kill()  # SIGKILL: no cleanup, leases left behind
        killed_at = len(fake.sent)
        assert killed_at < CHATS, "the fan-out finished before the kill; nothing was tested"
        second = await start_readout(config, env)
        await fake.wait_for(lambda: {s.chat_id for s in fake.sent} >= set(ids), within=60)
        assert await second.stop() == 0, second.text()
    finally:
        await fake.stop()
    received = Counter(s.chat_id for s in fake.sent)
    assert set(received) == set(ids)  # nothing lost
    assert max(received.values()) <= 2  # at most one repeat per chat
    repeats = sum(n - 1 for n in received.values())
    assert repeats <= 5, (killed_at, received)  # only what was in flight (1 in practice)
    store = await open_store(db)
    assert await store.queue_depth() == {"sent": CHATS}
    await store.close()
