"""Slack side by side with Telegram in one `readout run` (bot.app.serve): one store, one
dispatcher, both platforms started. A statement matching a Telegram chat and a Slack channel
reaches each exactly once, and a second poll sends nothing more."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.config import Config
from tests.conftest import sample
from tests.fakes.feed_server import FeedServer, Route, rss
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import FakeTelegram
from tests.helpers import source, subscribe_chat
from tests.slack.driver import live_config, live_readout, publish

pytestmark = pytest.mark.filterwarnings(
    # PTB 22 warns from inside its own RetryAfter about a future type change (see
    # tests/telegram/conftest.py); nothing here is rate limited, but keep the same rule.
    "ignore:.*`retry_after`.*:telegram.warnings.PTBDeprecationWarning"
)
ANI = sample("in-jp-dm-call-2020-12-ani")
GROUP = -1001234567890


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    server.chat(GROUP, "supergroup", "Indo-Pacific desk")
    await server.start()
    yield server
    await server.stop()


async def test_one_statement_reaches_a_telegram_chat_and_a_slack_channel_once(
    tmp_path: Path,
    fake_slack: FakeSlack,
    fake_telegram: FakeTelegram,
    feed_server: FeedServer,
    clock: FakeClock,
) -> None:
    slack_only = live_config(tmp_path, fake_slack)
    config = Config.model_validate(
        {
            **slack_only.model_dump(),
            "telegram": {"token": fake_telegram.token, "api_base_url": fake_telegram.api_url},
        }
    )
    async with live_readout(config, clock, fake_slack) as live:
        assert set(live.running.platforms) == {"telegram", "slack"}
        store = live.running.store
        await subscribe_chat(store, clock, "telegram", str(GROUP), countries=("IN", "JP"))
        await live.driver.said("/subscribe India Japan", channel="C1")

        await store.add_source(source("mod", feed_server.url("/rss"), name="Ministry"), None)
        feed_server.set("/rss", Route(rss([])))
        await live.running.pipeline.poll("mod")
        publish(feed_server, ("ani", str(ANI["title"]), str(ANI["text"])))
        assert (await live.running.pipeline.poll("mod")).queued == 2

        (slack_alert,) = await fake_slack.wait_for(lambda: fake_slack.in_channel("C1"))
        (telegram_alert,) = await fake_telegram.wait_sent(GROUP)
        assert "Malabar" in slack_alert.all_text and "Malabar" in telegram_alert.plain
        # Nothing new on the next poll; the dispatcher has nothing left for either platform.
        assert (await live.running.pipeline.poll("mod")).queued == 0
        assert await live.running.dispatcher.drain() == 0
        assert len(fake_slack.in_channel("C1")) == 1
        assert len(fake_telegram.sent_to(GROUP)) == 1
