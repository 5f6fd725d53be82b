"""End to end without chat platforms: the fake ministry on loopback, the real pipeline, the
outbox and the dispatcher, and the console channel's output as a subscriber sees it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from rich.console import Console

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import FakeClock
from bot.delivery.render import render_alert
from bot.store import Store
from handlers.console import ConsolePlatform
from tests.conftest import sample
from tests.fakes.feed_server import FeedServer, Item, Route, article_html, rss
from tests.helpers import Rig, make_dispatcher, run_command, source, subscribe_chat

ANI = sample("in-jp-dm-call-2020-12-ani")
RAA = sample("jp-ph-raa-2024-mofa")


async def test_feed_to_console_alert_and_latest(
    store: Store, clock: FakeClock, feed_server: FeedServer, rig: Rig
) -> None:
    out = io.StringIO()
    console = ConsolePlatform(Console(file=out, width=120, color_system=None))
    dispatcher = make_dispatcher(store, clock, {"console": console})
    await store.sync_sources([source("mod", feed_server.url("/rss"), name="Ministry")])
    await subscribe_chat(store, clock, "console", "console", countries=("IN", "JP"))
    feed_server.set("/rss", Route(rss([])))
    await rig.pipeline.poll("mod")

    hostile_title = "RAA <b>signed</b> [bold red]x[/] & more"
    feed_server.set(
        "/ani.html",
        Route(article_html(str(ANI["title"]), str(ANI["text"])), content_type="text/html"),
    )
    feed_server.set(
        "/raa.html", Route(article_html(hostile_title, str(RAA["text"])), content_type="text/html")
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
                    Item("raa", hostile_title, feed_server.url("/raa.html"), "Teaser"),
                ]
            )
        ),
    )
    result = await rig.pipeline.poll("mod")
    assert (result.new, result.queued) == (2, 1)  # only the India–Japan one matches
    assert await dispatcher.drain() == 1
    text = out.getvalue()
    assert "2020-12-22 · Ministry" in text
    assert "Malabar" in text
    assert "status quo" in text.lower()
    assert "“It further said that the two ministers discussed" in text  # the evidence
    assert feed_server.url("/ani.html") in text
    assert "Reciprocal Access" not in text  # the Japan–Philippines one went to nobody here

    reply = await run_command(
        store, clock, "/latest India Japan", chat=(await store.find_chat("console", "console"))
    )
    assert len(reply.items) == 1 and reply.items[0].date == "2020-12-22"
    (raa,) = await store.search(["Reciprocal"])
    out.seek(0)
    out.truncate(0)
    chat = await store.find_chat("console", "console")
    assert chat is not None
    await console.send_alert(chat, render_alert(raa, load_gazetteer()), None)
    assert hostile_title in out.getvalue()  # printed literally, not as console markup
