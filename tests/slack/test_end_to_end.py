"""Readout as `readout run` builds it (bot.app.serve), Slack in HTTP mode against the fake
Slack, a fake ministry feed, the real pipeline, outbox and dispatcher: channels subscribe with
slash commands, statements arrive as Block Kit alerts in the matching channel only, and the
platform's answers (429, channel_not_found) reach the outbox as they should."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

from bot.clock import FakeClock
from bot.store import Store, schema
from tests.conftest import sample
from tests.fakes.feed_server import FeedServer, Route, rss
from tests.fakes.slack_api import FakeSlack, block_errors
from tests.helpers import source
from tests.slack.driver import Live, button, live_config, live_readout, publish

T = TypeVar("T")
ANI = sample("in-jp-dm-call-2020-12-ani")
RAA = sample("jp-ph-raa-2024-mofa")
# A feed title as HTML (titles are read as HTML): once parsed, the statement's title is
# `<!channel> India, Japan … <@U0EVIL> <http://evil.example|click>`, literally.
HOSTILE_TITLE = (
    "&lt;!channel&gt; India, Japan Defence Ministers hold talks &lt;@U0EVIL&gt; "
    "&lt;http://evil.example|click&gt;"
)


async def eventually(check: Callable[[], Awaitable[T]], within: float = 10.0) -> T:
    """Re-check a store condition until it holds, within a deadline. The dispatcher writes the
    outbox from its own task and signals no event a test could wait on, so this polls."""
    async with asyncio.timeout(within):
        while not (result := await check()):  # noqa: ASYNC110 - the store, not a flag
            await asyncio.sleep(0.05)
    return result


async def deliveries(store: Store) -> list[dict[str, Any]]:
    """The outbox rows, typed (due_at as an aware datetime)."""
    async with store._engine.connect() as conn:
        rows = await conn.execute(sa.select(schema.deliveries).order_by(schema.deliveries.c.id))
        return [dict(r._mapping) for r in rows]


@pytest.fixture
async def live(
    tmp_path: Path, fake_slack: FakeSlack, clock: FakeClock, feed_server: FeedServer
) -> AsyncIterator[Live]:
    async with live_readout(live_config(tmp_path, fake_slack), clock, fake_slack) as running:
        await running.running.store.add_source(
            source("mod", feed_server.url("/rss"), name="Ministry"), None
        )
        feed_server.set("/rss", Route(rss([])))
        first = await running.running.pipeline.poll("mod")
        assert first.outcome == "initialised"  # what is already there alerts nobody
        yield running


async def test_subscribe_alert_latest_quote_unsubscribe(
    live: Live, fake_slack: FakeSlack, feed_server: FeedServer
) -> None:
    store, slack = live.running.store, live.driver
    answer = await slack.said("/subscribe India Japan", channel="C1")
    assert answer.text.startswith("Subscribed to: India + Japan")
    await slack.said("/subscribe Philippines Japan", channel="C2", channel_name="philippines-desk")

    publish(
        feed_server,
        ("ani", HOSTILE_TITLE, str(ANI["text"])),
        ("raa", str(RAA["title"]), str(RAA["text"])),
    )
    polled = await live.running.pipeline.poll("mod")
    assert (polled.new, polled.queued) == (2, 2)
    (alert,) = await fake_slack.wait_for(lambda: fake_slack.in_channel("C1"))
    (other,) = await fake_slack.wait_for(lambda: fake_slack.in_channel("C2"))

    # The India–Japan statement in C1 only, as Block Kit; the Japan–Philippines one in C2.
    assert alert.blocks[0]["type"] == "header" and block_errors(alert.blocks) == []
    assert "Malabar" in alert.all_text and "status quo" in alert.all_text.lower()
    assert "Reciprocal Access" in other.all_text and "Reciprocal Access" not in alert.all_text
    # The feed's hostile title arrives escaped: no @channel, no mention, no forged link.
    statement_id = int(button(alert, "Quote")["value"].split()[1])
    stored = await store.get_statement(statement_id)
    assert stored is not None and stored.title is not None
    assert stored.title.startswith("<!channel> India") and "<http://evil" in stored.title
    assert "&lt;!channel&gt; India" in alert.all_text
    assert "<!channel>" not in alert.all_text and "<@U0EVIL>" not in alert.all_text
    assert "<http://evil" not in alert.all_text
    rows = await eventually(
        lambda: _sent(store),
    )
    assert sorted(r["message_id"] for r in rows) == sorted([alert.ts, other.ts])

    latest = await slack.said("/latest India Japan", channel="C1")
    assert latest.args["response_type"] == "in_channel"
    assert latest.text.startswith("Statements 1–1 for India + Japan")
    assert f"statement {statement_id}" in latest.all_text

    quoted = await slack.click(button(alert, "Quote"), channel="C1", ts=alert.ts)
    assert quoted.args["response_type"] == "in_channel"
    assert "It further said that the two ministers discussed" in quoted.all_text

    gone = await slack.click(button(alert, "Unsubscribe"), channel="C1", ts=alert.ts)
    assert gone.text.startswith("Unsubscribed from: India + Japan")
    assert gone.args["response_type"] == "ephemeral"


async def _sent(store: Store) -> list[dict[str, Any]]:
    rows = await deliveries(store)
    return rows if rows and all(r["state"] == "sent" for r in rows) else []


async def test_a_very_long_statement_stays_within_block_limits(
    live: Live, fake_slack: FakeSlack, feed_server: FeedServer
) -> None:
    await live.driver.said("/subscribe India Japan")
    areas = ", ".join(f"maritime domain awareness area {i}" for i in range(600))
    huge = (
        f"{ANI['text']}\n\nIndia and Japan agreed to deepen defence cooperation in {areas}, "
        "and they opposed any unilateral attempt to change the status quo by force."
    )
    publish(feed_server, ("long", "India and Japan " + "talks " * 200, huge))
    assert (await live.running.pipeline.poll("mod")).queued == 1
    (alert,) = await fake_slack.wait_for(lambda: fake_slack.in_channel("C1"))
    assert block_errors(alert.blocks) == [] and len(alert.blocks) <= 50
    assert len(alert.blocks[0]["text"]["text"]) <= 150
    assert all(len(b["text"]["text"]) <= 3000 for b in alert.blocks if b["type"] == "section")
    assert not [r for r in fake_slack.refused if r[2] == "invalid_blocks"]


async def test_channel_not_found_deactivates_only_that_channel(
    live: Live, fake_slack: FakeSlack, feed_server: FeedServer
) -> None:
    store = live.running.store
    await live.driver.said("/subscribe India Japan", channel="C1")
    await live.driver.said("/subscribe India Japan", channel="C3", channel_name="old-project")
    fake_slack.fail("C3", "channel_not_found")
    publish(feed_server, ("ani", str(ANI["title"]), str(ANI["text"])))
    assert (await live.running.pipeline.poll("mod")).queued == 2
    await fake_slack.wait_for(lambda: fake_slack.in_channel("C1"))

    async def c3_inactive() -> bool:
        chat = await store.find_chat("slack", "C3")
        return chat is not None and not chat.active

    await eventually(c3_inactive)
    states = {r["state"] for r in await deliveries(store)}
    assert states == {"sent", "cancelled"}
    assert fake_slack.in_channel("C3") == []


async def test_429_waits_exactly_retry_after_and_costs_no_attempt(
    live: Live, fake_slack: FakeSlack, feed_server: FeedServer, clock: FakeClock
) -> None:
    store = live.running.store
    await live.driver.said("/subscribe India Japan", channel="C1")
    fake_slack.rate_limit("C1", 7)
    publish(feed_server, ("ani", str(ANI["title"]), str(ANI["text"])))
    await live.running.pipeline.poll("mod")

    async def waiting() -> list[dict[str, Any]]:
        rows = await deliveries(store)
        return rows if rows and rows[0]["last_error"] else []

    (row,) = await eventually(waiting)
    assert row["state"] == "pending" and row["attempts"] == 0
    assert row["last_error"] == "Slack rate limit: retry after 7s"
    assert row["due_at"] == clock.now() + timedelta(seconds=7)
    assert fake_slack.in_channel("C1") == []

    clock.advance(7)  # the injected clock: exactly Retry-After later the row is due again
    live.running.dispatcher.wake()
    (alert,) = await fake_slack.wait_for(lambda: fake_slack.in_channel("C1"))
    (row,) = await eventually(lambda: _sent(store))
    assert row["message_id"] == alert.ts and row["attempts"] == 0
