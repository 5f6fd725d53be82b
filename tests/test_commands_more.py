"""/sources, /addsource, /removesource, /quote and /digest through the command core, with the
real source checker against the fake ministry."""

from __future__ import annotations

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import FakeClock
from bot.config import HttpConfig
from bot.models import Chat
from bot.sources.check import source_checker
from bot.sources.fetch import Fetcher
from bot.store import Store
from handlers import COMMANDS
from handlers.core import Reply, Request, Services, handle
from tests.fakes.feed_server import FeedServer, Item, Route, rss
from tests.helpers import run_command, source
from tests.test_outbox import statement

ADMIN = Chat("console", "admin-chat", "private")


async def admin_command(
    store: Store,
    clock: FakeClock,
    fetcher: Fetcher,
    line: str,
    user: str = "admin",
    scheduled: list[str] | None = None,
) -> Reply:
    async def schedule(source_id: str) -> None:
        (scheduled if scheduled is not None else []).append(source_id)

    svc = Services(
        store=store,
        clock=clock,
        gazetteer=load_gazetteer(),
        admins=frozenset({"console:admin"}),
        check_source=source_checker(fetcher),
        schedule_source=schedule,
        unschedule_source=schedule,
    )
    name, _, args = line.lstrip("/").partition(" ")
    return await handle(COMMANDS, name, Request(ADMIN, user, args), svc)


async def test_addsource_checks_then_saves_and_schedules(
    store: Store, clock: FakeClock, feed_server: FeedServer
) -> None:
    fetcher = Fetcher(HttpConfig(allow_private=True, timeout=3))
    feed_server.set("/rss.xml", Route(rss([Item("1", "t", "https://m.example/1")])))
    feed_server.set(
        "/page.html", Route("<html><body>No feed</body></html>", content_type="text/html")
    )
    scheduled: list[str] = []
    refused = await admin_command(
        store, clock, fetcher, "/addsource " + feed_server.url("/rss.xml"), user="stranger"
    )
    assert refused.error and "admins" in refused.text
    bad = await admin_command(store, clock, fetcher, "/addsource " + feed_server.url("/page.html"))
    assert bad.error and bad.text.startswith("Not added: not a")
    gone = await admin_command(store, clock, fetcher, "/addsource " + feed_server.url("/404"))
    assert gone.error and "HTTP 404" in gone.text
    meta = await admin_command(store, clock, fetcher, "/addsource http://169.254.169.254/latest/")
    assert meta.error and "link-local" in meta.text
    ok = await admin_command(
        store,
        clock,
        fetcher,
        "/addsource " + feed_server.url("/rss.xml") + " Test ministry",
        scheduled=scheduled,
    )
    assert not ok.error, ok.text
    (added,) = await store.list_sources()
    assert added.name == "Test ministry" and added.origin == "chat" and scheduled == [added.id]
    assert "Test ministry" in (await run_command(store, clock, "/sources")).text
    removed = await admin_command(store, clock, fetcher, f"/removesource {added.id}")
    assert "Removed" in removed.text
    assert "unknown" not in removed.text
    nope = await admin_command(store, clock, fetcher, "/removesource nope")
    assert nope.error
    await fetcher.aclose()


async def test_addsource_list_page_with_selector(
    store: Store, clock: FakeClock, feed_server: FeedServer
) -> None:
    fetcher = Fetcher(HttpConfig(allow_private=True, timeout=3))
    feed_server.set(
        "/news",
        Route(
            "<html><body><ul><li><a href='/n/1'>One</a></li></ul></body></html>",
            content_type="text/html",
        ),
    )
    none = await admin_command(
        store, clock, fetcher, f"/addsource {feed_server.url('/news')} selector:table a"
    )
    assert none.error and "matches no links" in none.text
    ok = await admin_command(
        store, clock, fetcher, f"/addsource {feed_server.url('/news')} News selector:ul li a"
    )
    assert not ok.error, ok.text
    (added,) = await store.list_sources()
    assert (added.kind, added.selector) == ("html", "ul li a")
    await fetcher.aclose()


async def test_sources_shows_health(store: Store, clock: FakeClock) -> None:
    await store.sync_sources(
        [source("good", "https://a.example/rss"), source("bad", "https://b.example/rss")]
    )
    await store.record_poll("good", now=clock.now(), next_due=clock.now())
    await store.record_poll("bad", now=clock.now(), next_due=clock.now(), error="HTTP 503 from x")
    clock.advance(600)
    text = (await run_command(store, clock, "/sources")).text
    assert "2 sources, 1 failing" in text
    assert "✓ good — Good: last success 10m ago" in text
    assert "✗ bad — Bad: failing (1 in a row, last success never): HTTP 503" in text


async def test_quote_gives_the_evidence(store: Store, clock: FakeClock) -> None:
    stored = await store.add_statement(statement(clock), "i1", clock.now())
    assert stored is not None
    reply = await run_command(store, clock, f"/quote {stored.statement_id}")
    assert reply.quotes and any("Malabar" in evidence for _, evidence in reply.quotes)
    assert all(evidence in str(statement(clock).text) for _, evidence in reply.quotes)
    assert (await run_command(store, clock, "/quote 999")).error
    assert (await run_command(store, clock, "/quote abc")).error


async def test_digest_switches_mode(store: Store, clock: FakeClock) -> None:
    assert (await run_command(store, clock, "/digest 08:00")).error  # nothing to switch yet
    await run_command(store, clock, "/subscribe India Japan")
    for bad in ("/digest 25:00", "/digest 8", "/digest 08:00 Mars/Olympus", "/digest"):
        assert (await run_command(store, clock, bad)).error, bad
    ok = await run_command(store, clock, "/digest 7:30 Asia/Tokyo")
    assert "Daily digest at 07:30 Asia/Tokyo" in ok.text
    chat = await store.find_chat("console", "c1")
    assert chat is not None
    (sub,) = await store.list_subscriptions(chat.id or 0)
    assert (sub.mode, sub.digest_time, sub.timezone) == ("digest", "07:30", "Asia/Tokyo")
    assert (
        "daily digest at 07:30 Asia/Tokyo"
        in (await run_command(store, clock, "/subscriptions")).text
    )
    await run_command(store, clock, "/digest off")
    (sub,) = await store.list_subscriptions(chat.id or 0)
    assert sub.mode == "push"
