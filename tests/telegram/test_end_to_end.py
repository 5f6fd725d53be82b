"""End to end, as `readout run` runs: bot.app.serve with Telegram configured against the fake
Bot API, a fake ministry feed on loopback, the real pipeline, outbox and dispatcher. People
subscribe by writing to the bot; a new statement appears on the feed; the alert reaches the
chats whose subscriptions match (a private chat, a forum topic) and no other; /latest lists it;
hostile feed text arrives literally."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import Running, serve
from bot.clock import FakeClock
from bot.config import (
    Config,
    ConsoleConfig,
    DatabaseConfig,
    HttpConfig,
    SourceConfig,
    TelegramConfig,
)
from tests.conftest import sample
from tests.fakes.feed_server import FeedServer, Item, Route, article_html, rss
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import VirtualTime

ANI = sample("in-jp-dm-call-2020-12-ani")
RAA = sample("jp-ph-raa-2024-mofa")
# Markup as *text* in the feed's title (escaped once in the feed): after parsing, the title
# reads "RAA <script>alert(1)</script> & <b>signed</b> <tg-spoiler>x</tg-spoiler>".
HOSTILE_TITLE = (
    "RAA &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;signed&lt;/b&gt; "
    "&lt;tg-spoiler&gt;x&lt;/tg-spoiler&gt;"
)
SHOWN_TITLE = "RAA <script>alert(1)</script> & <b>signed</b> <tg-spoiler>x</tg-spoiler>"


async def test_subscribe_feed_alert_latest(
    tmp_path: Path, fake: FakeTelegram, feed_server: FeedServer
) -> None:
    config = Config(
        database=DatabaseConfig(url=f"sqlite:///{tmp_path / 'readout.db'}"),
        http=HttpConfig(allow_private=True, timeout=5),
        sources=[SourceConfig(id="mod", name="Ministry", url=feed_server.url("/rss"))],
        telegram=TelegramConfig(token=fake.token, api_base_url=fake.api_url),
        console=ConsoleConfig(enabled="off"),
    )
    feed_server.set("/rss", Route(rss([])))
    time = VirtualTime()
    fake.limits.now = time.now
    # The injected clock stands a day ahead, so the scheduler's own first poll (due within
    # seconds of "now") never races the polls this test makes itself.
    clock = FakeClock(datetime.now(UTC) + timedelta(days=1))
    stop = asyncio.Event()
    got: asyncio.Future[Running] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(config, stop, clock=clock, ready=got.set_result))
    try:
        running = await asyncio.wait_for(asyncio.shield(got), 30)
        await running.pipeline.poll("mod")  # the first poll records what is there: nothing

        alice, bob, desk = fake.user(1), fake.user(2), fake.user(3)
        dm_alice, dm_bob = fake.chat(1), fake.chat(2)
        forum = fake.chat(-1001000000010, "supergroup", "Desk", is_forum=True)
        fake.set_member(forum["id"], 3, "administrator")

        async def say(chat: dict, user: dict, text: str, **kw: object) -> str:
            time.advance(3)
            before = len(fake.sent_to(chat["id"]))
            await fake.message(chat, user, text, **kw)  # type: ignore[arg-type]
            return (await fake.wait_sent(chat["id"], before + 1))[before].plain

        assert (await say(dm_alice, alice, "/subscribe India Japan")).startswith("Subscribed")
        assert (await say(dm_bob, bob, "/subscribe Philippines China")).startswith("Subscribed")
        assert (await say(forum, desk, "/subscribe Japan", thread_id=5)).startswith("Subscribed")

        feed_server.set(
            "/ani.html",
            Route(article_html(str(ANI["title"]), str(ANI["text"])), content_type="text/html"),
        )
        feed_server.set(
            "/raa.html",
            Route(article_html(HOSTILE_TITLE, str(RAA["text"])), content_type="text/html"),
        )
        feed_server.set(
            "/rss",
            Route(
                rss(
                    [
                        Item(
                            "ani",
                            str(ANI["title"]),
                            feed_server.url("/ani.html"),
                            "Teaser",
                            published=datetime(2020, 12, 22, 9, tzinfo=UTC),
                        ),
                        Item("raa", HOSTILE_TITLE, feed_server.url("/raa.html"), "Teaser"),
                    ]
                )
            ),
        )
        time.advance(3)
        result = await running.pipeline.poll("mod")
        assert result.new == 2
        # The dispatcher delivers on its own: India–Japan to Alice and the desk's topic,
        # Japan–Philippines to the topic only, nothing to Bob (Philippines + China).
        await fake.wait_for(lambda: len(fake.sent_to(forum["id"])) >= 3)
        (alert,) = (await fake.wait_sent(1, 2))[1:]
        assert alert.text.startswith("<b>") and "2020-12-22 · Ministry" in alert.plain
        assert "Malabar" in alert.plain and alert.link_preview_options == {"is_disabled": True}
        assert [label for label, _ in alert.buttons] == ["Quote", "Unsubscribe"]
        topic = fake.sent_to(forum["id"])[1:]
        assert {s.thread_id for s in topic} == {5}
        assert any("Malabar" in s.plain for s in topic)
        (hostile,) = [s for s in topic if "RAA" in s.plain]
        assert SHOWN_TITLE in hostile.plain  # accepted by the strict fake, shown literally
        assert {e["type"] for e in hostile.entities} <= {"bold", "italic", "text_link"}
        assert len(fake.sent_to(2)) == 1  # Bob: only the reply to his /subscribe

        latest = await say(dm_alice, alice, "/latest India Japan")
        assert latest.startswith("Statements 1–1 for India + Japan, newest first:")
        assert "2020-12-22 · Ministry" in latest
        assert await running.store.queue_depth() == {"sent": 3}
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
