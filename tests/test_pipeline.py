"""The poll cycle against the fake ministry: first poll, news, 304, backoff, identity."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.store import Store
from tests.conftest import sample
from tests.fakes.feed_server import FeedServer, Item, Route, article_html, rss
from tests.helpers import Rig, source, subscribe_chat

ANI = sample("in-jp-dm-call-2020-12-ani")
JIMEX = sample("jimex-2021-jmod")


def ani_item(server: FeedServer) -> Item:
    return Item(
        "ani-1",
        str(ANI["title"]),
        server.url("/ani.html"),
        "India and Japan …",
        published=datetime(2020, 12, 22, 9, tzinfo=UTC),
    )


async def test_first_poll_records_without_alerting_then_news_alerts(
    store: Store, clock: FakeClock, feed_server: FeedServer, rig: Rig
) -> None:
    await store.sync_sources([source("m", feed_server.url("/feed.xml"))])
    chat = await subscribe_chat(store, clock, "console", "c", countries=("IN", "JP"))
    old = Item("old-1", "An older release", feed_server.url("/old.html"), "x" * 900)
    feed_server.set("/feed.xml", Route(rss([old])))

    first = await rig.pipeline.poll("m")
    assert first.outcome == "initialised" and first.new == 0
    assert await store.count_statements() == 0
    assert feed_server.hits("/old.html") == []  # nothing read for what was already there

    feed_server.set(
        "/ani.html",
        Route(article_html(str(ANI["title"]), str(ANI["text"])), content_type="text/html"),
    )
    feed_server.set("/feed.xml", Route(rss([ani_item(feed_server), old])))
    second = await rig.pipeline.poll("m")
    assert (second.outcome, second.new, second.queued) == ("ok", 1, 1)
    assert len(feed_server.hits("/ani.html")) == 1  # a teaser: the page was read
    (stmt,) = await store.latest(["IN", "JP"])
    assert "status quo by coercion" in stmt.text
    assert stmt.published == datetime(2020, 12, 22, 9, tzinfo=UTC)
    assert any(k.attributes.get("name") == "Malabar" for k in stmt.summary.key_points)
    rows = await store.claim_due("t", clock.now(), 60, 10)
    assert [(r.chat_id, r.statement_id) for r in rows] == [(chat.id, stmt.id)]


async def test_unchanged_feed_answered_304_does_nothing(
    store: Store, clock: FakeClock, feed_server: FeedServer, rig: Rig
) -> None:
    await store.sync_sources([source("m", feed_server.url("/feed.xml"), backfill=1)])
    item = Item("j-1", "JIMEX", None, content=str(JIMEX["text"]) * 2)
    feed_server.set("/feed.xml", Route(rss([item])))
    assert (await rig.pipeline.poll("m")).new == 1  # backfill: the newest one is news
    again = await rig.pipeline.poll("m")
    assert again.outcome == "not_modified"
    assert [h.status for h in feed_server.hits("/feed.xml")] == [200, 304]
    assert await store.count_statements() == 1
    state = await store.get_source("m")
    assert state is not None and state.etag and state.last_success_at == clock.now()


async def test_same_identity_never_twice_even_redated(
    store: Store, clock: FakeClock, feed_server: FeedServer, rig: Rig
) -> None:
    await store.sync_sources([source("m", feed_server.url("/feed.xml"), backfill=5)])
    body = str(JIMEX["text"]) * 2
    feed_server.set("/feed.xml", Route(rss([Item("j-1", "JIMEX", None, content=body)]), etag=False))
    assert (await rig.pipeline.poll("m")).new == 1
    redated = Item(
        "j-1",
        "JIMEX (updated date)",
        None,
        content=body,
        published=datetime(2031, 1, 1, tzinfo=UTC),
    )
    dup_link = Item(None, "Same link twice", "https://m.example/a?utm_source=x", content=body)
    dup_link2 = Item(None, "Same link twice", "https://m.example/a", content=body)
    feed_server.set("/feed.xml", Route(rss([redated, dup_link, dup_link2]), etag=False))
    result = await rig.pipeline.poll("m")
    assert result.new == 1  # only the link-identified item, once
    assert await store.count_statements() == 2


async def test_failures_back_off_and_one_broken_source_does_not_stop_others(
    store: Store, clock: FakeClock, feed_server: FeedServer, rig: Rig
) -> None:
    await store.sync_sources(
        [
            source("broken", feed_server.url("/broken.xml"), interval="10m"),
            source("fine", feed_server.url("/fine.xml"), interval="10m"),
        ]
    )
    feed_server.set("/broken.xml", Route(status=503))
    feed_server.set("/fine.xml", Route(rss([])))
    r = await rig.pipeline.poll("broken")
    assert r.outcome == "error" and "HTTP 503" in (r.error or "")
    assert (await rig.pipeline.poll("fine")).outcome == "initialised"
    state = await store.get_source("broken")
    assert state is not None and state.failures == 1 and state.last_error
    assert state.next_due is not None
    wait = (state.next_due - clock.now()).total_seconds()
    assert 0.9 * 300 <= wait <= 1.1 * 300  # a blip is retried after 5 minutes, with jitter

    # Polled again before it is due: skipped without a request.
    before = len(feed_server.hits("/broken.xml"))
    assert (await rig.pipeline.poll("broken")).outcome == "skipped"
    assert len(feed_server.hits("/broken.xml")) == before
    clock.advance(wait + 1)
    await rig.pipeline.poll("broken")
    state = await store.get_source("broken")
    assert state is not None and state.failures == 2
    assert state.next_due is not None
    assert (state.next_due - clock.now()).total_seconds() >= 0.9 * 600  # then doubled

    feed_server.set("/broken.xml", Route(rss([])))
    clock.advance(3 * 3600)
    assert (await rig.pipeline.poll("broken")).outcome == "initialised"
    state = await store.get_source("broken")
    assert state is not None and state.failures == 0 and state.last_error is None


async def test_malformed_feed_is_logged_as_the_sources_error(
    store: Store, clock: FakeClock, feed_server: FeedServer, rig: Rig
) -> None:
    await store.sync_sources([source("m", feed_server.url("/feed.xml"))])
    feed_server.set(
        "/feed.xml", Route("<html><body>Maintenance</body></html>", content_type="text/html")
    )
    result = await rig.pipeline.poll("m")
    assert result.outcome == "error"
    state = await store.get_source("m")
    assert state is not None and "feed" in (state.last_error or "")


async def test_unreadable_page_falls_back_to_description_or_waits(
    store: Store, clock: FakeClock, feed_server: FeedServer, rig: Rig
) -> None:
    await store.sync_sources([source("m", feed_server.url("/feed.xml"), backfill=5)])
    with_teaser = Item("a", "Teaser", feed_server.url("/missing-a.html"), "Japan and India met.")
    no_teaser = Item("b", "No teaser", feed_server.url("/missing-b.html"), "")
    feed_server.set("/feed.xml", Route(rss([with_teaser, no_teaser]), etag=False))
    result = await rig.pipeline.poll("m")
    assert result.new == 1  # the teaser stands in; the other is retried next poll
    feed_server.set(
        "/missing-b.html", Route(article_html("B", str(ANI["text"])), content_type="text/html")
    )
    assert (await rig.pipeline.poll("m")).new == 1


def test_backoff_starts_small_doubles_and_is_capped() -> None:
    import itertools
    import random

    from bot.pipeline import backoff_delay

    rnd = random.Random(3)
    waits = [backoff_delay(3600, n, 6 * 3600, rnd) for n in range(1, 10)]
    assert 270 <= waits[0] <= 330  # an hourly source's blip: retried after ~5 minutes
    early = waits[:6]  # before the cap
    assert all(0.9 * 2 * a / 1.1 <= b for a, b in itertools.pairwise(early))
    assert max(waits) <= 6 * 3600 * 1.1  # never beyond scheduler.max_backoff (+ jitter)
    assert 54 <= backoff_delay(60, 1, 6 * 3600, rnd) <= 66  # a 1-minute source: its interval
