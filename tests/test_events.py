"""One alert per event: the same statement from several sources reaches each subscriber once,
led by the official source, the others shown as "also reported by"; a corrected release is an
update saying what changed."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.clustering import containment, find_event, shingles
from bot.store import Store
from tests.conftest import sample
from tests.fakes.feed_server import FeedServer, Item, Route, rss
from tests.fakes.platform import ScriptedPlatform
from tests.helpers import Rig, make_dispatcher, run_command, source, subscribe_chat
from tests.test_outbox import statement

ANI = str(sample("in-jp-dm-call-2020-12-ani")["text"])
PARAS = ANI.split("\n\n")
WHEN = datetime(2020, 12, 22, 9, tzinfo=UTC)


def feed(guid: str, title: str, text: str) -> Route:
    return Route(rss([Item(guid, title, None, content=text, published=WHEN)]), etag=False)


async def test_three_sources_one_alert_official_leads(
    store: Store, clock: FakeClock, feed_server: FeedServer, rig: Rig
) -> None:
    await store.sync_sources(
        [
            source("wire", feed_server.url("/wire"), name="Wire service", backfill=1),
            source(
                "mod",
                feed_server.url("/mod"),
                name="Ministry of Defence",
                official=True,
                backfill=1,
            ),
            source("paper", feed_server.url("/paper"), name="Daily paper", backfill=1),
        ]
    )
    fake = ScriptedPlatform(name="fake")
    await subscribe_chat(store, clock, "fake", "analyst", countries=("IN", "JP"))
    await subscribe_chat(store, clock, "fake", "other", countries=("KR",))
    d = make_dispatcher(store, clock, {"fake": fake})

    feed_server.set("/wire", feed("w1", "India, Japan vow to oppose coercion", ANI))
    assert (await rig.pipeline.poll("wire")).queued == 1
    await d.drain()
    # The ministry's own text: the quoted paragraphs, under its own title.
    official = "\n\n".join(PARAS[2:6])
    feed_server.set("/mod", feed("m1", "Japan-India Defence Ministers' Telephone Talk", official))
    result = await rig.pipeline.poll("mod")
    assert result.new == 1 and result.queued == 0  # no new alert: the same event
    await d.drain()
    feed_server.set("/paper", feed("p1", "India and Japan talk defence", ANI + "\n\nMore later."))
    assert (await rig.pipeline.poll("paper")).queued == 0
    await d.drain()

    assert [a for a, _, _ in fake.sent] == ["analyst"]  # one alert, to the right chat only
    assert [a for a, _ in fake.edits] == ["analyst", "analyst"]  # two updates, as edits
    final = fake.alerts[-1]
    assert final.source == "Ministry of Defence"  # the official copy leads
    assert final.also_reported == ("Wire service", "Daily paper")
    latest = await run_command(store, clock, "/latest India Japan")
    assert len(latest.items) == 1 and latest.items[0].source == "Ministry of Defence"


async def test_corrected_release_is_an_update_with_what_changed(
    store: Store, clock: FakeClock, feed_server: FeedServer, rig: Rig
) -> None:
    await store.sync_sources([source("mod", feed_server.url("/mod"), backfill=1)])
    fake = ScriptedPlatform(name="fake")
    await subscribe_chat(store, clock, "fake", "analyst", countries=("IN", "JP"))
    d = make_dispatcher(store, clock, {"fake": fake})
    first = "\n\n".join(p for p in PARAS if "Malabar" not in p)
    feed_server.set("/mod", feed("m1", "Telephone talk", first))
    await rig.pipeline.poll("mod")
    await d.drain()
    feed_server.set("/mod", feed("m1", "Telephone talk", ANI))  # same guid, corrected text
    result = await rig.pipeline.poll("mod")
    assert result.new == 0 and result.queued == 1
    await d.drain()
    assert len(fake.sent) == 1 and len(fake.edits) == 1
    note = fake.alerts[-1].update_note or ""
    assert note.startswith("Updated — new:") and "Malabar" in note
    (stmt,) = await store.latest(["IN", "JP"])
    assert "Malabar" in stmt.text
    # Polled again unchanged: nothing more.
    assert (await rig.pipeline.poll("mod")).queued == 0


async def test_different_statements_stay_apart(store: Store, clock: FakeClock) -> None:
    a = statement(clock)
    b = statement(clock, str(sample("jimex-2021-jmod")["text"]), source_id="other")
    assert containment(shingles(a.text), shingles(b.text)) < 0.1
    stored = await store.add_statement(a, "a", clock.now())
    assert stored is not None
    candidates = await store.event_candidates(["IN", "JP"], clock.now(), 3 * 86400)
    assert find_event(b, candidates) is None
    copy = statement(clock, a.text + "\n\nReported by a wire.", source_id="wire")
    assert find_event(copy, candidates) == stored.event_id
