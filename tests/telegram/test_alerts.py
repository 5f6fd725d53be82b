"""Alerts out: what send_alert / edit_alert put on the wire, and how each Bot API refusal
reaches the dispatcher (429 exact, 403 gone, migrated, can't-parse fallback, 5xx) — through
the real PTB, the fake Bot API and, where the store is involved, the real dispatcher."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from telegram.error import NetworkError, TimedOut

from bot.analysis.gazetteer import load_gazetteer
from bot.clock import FakeClock
from bot.delivery.render import Alert, AlertPoint, render_alert
from bot.errors import ChatGone, ChatMigrated, RateLimited, Rejected, Retryable
from bot.models import Chat
from bot.store import Store
from handlers.telegram.send import delivery_error
from tests.conftest import sample
from tests.fakes.telegram_api import Fault, parse_html
from tests.helpers import make_dispatcher, subscribe_chat
from tests.telegram.conftest import Bot
from tests.test_outbox import statement

ANI = sample("in-jp-dm-call-2020-12-ani")


def alert(**kw: object) -> Alert:
    base = Alert(
        statement_id=7,
        headline="India and Japan oppose coercion",
        date="2026-03-01",
        source="Ministry of Defence",
        url="https://mod.example/7",
        countries=("India", "Japan"),
        points=(
            AlertPoint("status_quo", "Oppose unilateral change of the status quo", "They…"),
            AlertPoint("exercise", "Exercise Malabar (IN, JP)", "Malabar will…", "future"),
        ),
        regions=("Indo-Pacific",),
        subscription_id=3,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def tg(address: int | str, kind: str = "private") -> Chat:
    return Chat("telegram", str(address), kind, id=1)


async def test_alert_is_html_with_buttons_and_no_preview(bot: Bot) -> None:
    bot.fake.chat(101)
    message_id = await bot.platform.send_alert(tg(101), alert(), None)
    (sent,) = bot.fake.sent_to(101)
    assert message_id == str(sent.message_id)
    assert sent.parse_mode == "HTML" and sent.link_preview_options == {"is_disabled": True}
    assert sent.text.startswith("<b>India and Japan oppose coercion</b>\n2026-03-01 · Ministry")
    assert "• Exercise Malabar (IN, JP)<i> (planned)</i>" in sent.text
    assert "Regions: Indo-Pacific" in sent.plain
    assert {"type": "text_link", "url": "https://mod.example/7"}.items() <= next(
        e for e in sent.entities if e["type"] == "text_link"
    ).items()
    assert sent.buttons == [("Quote", "quote 7"), ("Unsubscribe", "unsubscribe #id3")]
    # no subscription behind it (e.g. a digest): no Unsubscribe button
    await bot.platform.send_alert(tg(101), alert(subscription_id=None), None)
    assert bot.fake.sent_to(101)[1].buttons == [("Quote", "quote 7")]


async def test_alert_goes_to_its_forum_topic(bot: Bot) -> None:
    bot.fake.chat(-1001000000102, "supergroup", is_forum=True)
    await bot.platform.send_alert(tg(-1001000000102, "supergroup"), alert(), "77")
    assert bot.fake.sent_to(-1001000000102)[0].thread_id == 77


async def test_alert_for_a_deleted_topic_goes_to_the_main_chat(bot: Bot) -> None:
    bot.fake.chat(-1001000000112, "supergroup", is_forum=True)
    bot.fake.fail(-1001000000112, Fault(400, "Bad Request: message thread not found"))
    await bot.platform.send_alert(tg(-1001000000112, "supergroup"), alert(), "78")
    (sent,) = bot.fake.sent_to(-1001000000112)
    assert sent.thread_id is None


HOSTILE = [
    "<script>alert(1)</script>",
    "AT&T <b>bold</b> &amp; &lt;i&gt; &#60;b&#62;",
    '</a><a href="javascript:alert(1)">click</a>',
    "<tg-spoiler>hidden</tg-spoiler> <span class=tg-spoiler>x</span>",
    "a < b > c & d; ' \" `",
    "emoji 🇮🇳🇯🇵 and RTL \u202eevil",
]


async def test_hostile_feed_text_is_shown_literally(bot: Bot) -> None:
    bot.fake.chat(103)
    hostile = alert(
        headline=HOSTILE[0],
        title=HOSTILE[1],
        source=HOSTILE[4],
        points=tuple(AlertPoint("concern", h, h) for h in HOSTILE),
        regions=(HOSTILE[3],),
        also_reported=(HOSTILE[2],),
        url='https://mod.example/?q="><b>x</b>&a=1',
    )
    await bot.platform.send_alert(tg(103), hostile, None)
    (sent,) = bot.fake.sent_to(103)  # the strict fake accepted it: valid HTML
    for h in HOSTILE:
        assert h in sent.plain  # shown as written, not interpreted
    # The only entities are the ones we made: bold headline, italic title, the one link.
    kinds = sorted(e["type"] for e in sent.entities)
    assert kinds == ["bold", "italic", "text_link"]
    (link,) = [e for e in sent.entities if e["type"] == "text_link"]
    assert link["url"] == 'https://mod.example/?q="><b>x</b>&a=1'
    # A link that is not http(s) is never made clickable.
    await bot.platform.send_alert(tg(103), alert(url="javascript:alert(1)"), None)
    assert not [e for e in bot.fake.sent_to(103)[1].entities if e["type"] == "text_link"]


async def test_a_10000_character_statement_splits_at_bullets(bot: Bot, clock: FakeClock) -> None:
    # A statement of 10,000 characters whose key points are long, hostile sentences.
    long_points = tuple(
        AlertPoint("concern", f"Point {i}: " + ("Ships & <aircraft> near Ayungin. " * 20), "e")
        for i in range(8)
    )
    text = " ".join(p.line for p in long_points)
    text += " x" * ((10_000 - len(text)) // 2)
    assert len(text) >= 9_999
    stmt = replace(statement(clock, text), id=9, title="Long <statement>")
    big = replace(render_alert(stmt, load_gazetteer()), points=long_points, subscription_id=5)
    bot.fake.chat(104)
    first = await bot.platform.send_alert(tg(104), big, None)
    parts = bot.fake.sent_to(104)
    assert len(parts) >= 2 and first == str(parts[0].message_id)
    for part in parts:
        assert len(part.text.encode("utf-16-le")) // 2 <= 4096  # even the HTML source fits
        plain, _ = parse_html(part.text)  # each part is valid on its own
        assert plain == part.plain
    # Every bullet is whole, in exactly one part, in order; buttons only under the last part.
    seen = []
    for p in long_points:
        (where,) = [i for i, part in enumerate(parts) if p.line.strip() in part.plain]
        seen.append(where)
    assert seen == sorted(seen)
    assert [bool(p.buttons) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert parts[0].plain.startswith(big.headline)
    assert parts[-1].plain.rstrip().endswith("statement 9")


async def test_flood_limits_surface_as_rate_limited_with_exact_retry_after(bot: Bot) -> None:
    fake = bot.fake
    fake.chat(105)
    fake.fail(105, Fault.flood(7))
    with pytest.raises(RateLimited) as e:
        await bot.platform.send_alert(tg(105), alert(), None)
    assert e.value.retry_after == 7.0
    # The fake's own limits: a chat takes a burst of 3, then 1/s (the virtual clock is still).
    for _ in range(3):
        await bot.platform.send_alert(tg(105), alert(), None)
    with pytest.raises(RateLimited) as e:
        await bot.platform.send_alert(tg(105), alert(), None)
    assert fake.rejected[-1][1:] == (429, "Too Many Requests: retry after 1")
    assert e.value.retry_after == 1.0
    # A group takes 20 a minute.
    group = fake.chat(-106, "group")
    for _ in range(20):
        bot.time.advance(1.5)
        await bot.platform.send_alert(tg(-106, "group"), alert(), None)
    bot.time.advance(1.5)
    with pytest.raises(RateLimited) as e:
        await bot.platform.send_alert(tg(group["id"], "group"), alert(), None)
    assert e.value.retry_after == 30.0  # the first of the 20 leaves the window 30 s from now
    # The whole token takes 30 a second, across chats.
    bot.time.advance(60)
    for i in range(30):
        fake.chat(1000 + i)
        await bot.platform.send_alert(tg(1000 + i), alert(), None)
    fake.chat(1030)
    with pytest.raises(RateLimited) as e:
        await bot.platform.send_alert(tg(1030), alert(), None)
    assert e.value.retry_after == 1.0


async def test_later_parts_wait_out_a_flood_instead_of_resending(bot: Bot) -> None:
    """Once the first part is out, a 429 on the next is waited out (really: 1 s), so that the
    dispatcher never resends parts a chat already has."""
    bot.fake.chat(107)
    bot.fake.limits.now = time.monotonic  # real time: the platform's wait must really pass
    bot.fake.limits.chat_burst = 1
    big = alert(points=tuple(AlertPoint("concern", "x" * 990, "e") for _ in range(5)))
    first = await bot.platform.send_alert(tg(107), big, None)
    parts = bot.fake.sent_to(107)
    assert len(parts) == 2 and first == str(parts[0].message_id)
    assert [r for r in bot.fake.rejected if r[1] == 429] == [
        ("sendMessage", 429, "Too Many Requests: retry after 1")
    ]


async def test_platform_errors_map_to_what_the_dispatcher_does(bot: Bot) -> None:
    fake = bot.fake
    cases: list[tuple[Fault, type[Exception]]] = [
        (Fault.blocked(), ChatGone),
        (Fault.kicked(), ChatGone),
        (Fault(403, "Forbidden: bot is not a member of the channel chat"), ChatGone),
        (Fault(403, "Forbidden: user is deactivated"), ChatGone),
        (Fault.chat_not_found(), ChatGone),
        (Fault.server_error(), Retryable),
        (Fault(502, "Bad Gateway"), Retryable),
        (Fault(400, "Bad Request: wrong parameter action in request"), Rejected),
    ]
    for i, (fault, expected) in enumerate(cases):
        fake.chat(200 + i)
        fake.fail(200 + i, fault)
        with pytest.raises(expected):
            await bot.platform.send_alert(tg(200 + i), alert(), None)
    fake.chat(-300, "group")
    fake.fail(-300, Fault.migrated(-1001000000300))
    with pytest.raises(ChatMigrated) as e:
        await bot.platform.send_alert(tg(-300, "group"), alert(), None)
    assert e.value.new_address == "-1001000000300"
    assert isinstance(delivery_error(TimedOut()), Retryable)
    assert isinstance(delivery_error(NetworkError("connection reset")), Retryable)


async def test_cant_parse_entities_falls_back_to_plain_text_once(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    fake = bot.fake
    fake.chat(108)
    fake.fail(108, Fault.cant_parse())
    with caplog.at_level(logging.ERROR, logger="handlers.telegram"):
        await bot.platform.send_alert(tg(108), alert(), None)
    (sent,) = fake.sent_to(108)
    assert sent.parse_mode is None
    assert sent.text.startswith("India and Japan oppose coercion\n2026-03-01 · Ministry")
    assert "Read the statement: https://mod.example/7" in sent.text
    assert sent.buttons  # the buttons survive
    assert any("could not parse our HTML" in r.message for r in caplog.records)
    # Once only: when the plain text fails too, the message is rejected, not retried forever.
    fake.fail(108, Fault.cant_parse())
    fake.fail(108, Fault.cant_parse())
    with pytest.raises(Rejected):
        await bot.platform.send_alert(tg(108), alert(), None)
    assert [m for m, _ in fake.calls if m == "sendMessage"].__len__() == 4


async def test_edit_alert_rewrites_the_first_message(bot: Bot) -> None:
    bot.fake.chat(109)
    message_id = await bot.platform.send_alert(tg(109), alert(), None)
    await bot.platform.edit_alert(tg(109), message_id, alert(also_reported=("ANI", "PTI")))
    (sent,) = bot.fake.sent_to(109)
    assert sent.edits == 1 and "Also reported by: ANI, PTI" in sent.plain
    await bot.platform.edit_alert(tg(109), message_id, alert(also_reported=("ANI", "PTI")))
    assert sent.edits == 1  # "message is not modified" is not an error
    with pytest.raises(Rejected):
        await bot.platform.edit_alert(tg(109), "999", alert())


async def test_dispatcher_deactivates_a_blocked_chat_and_moves_a_migrated_group(
    bot: Bot, store: Store, clock: FakeClock
) -> None:
    fake = bot.fake
    fake.chat(110)
    fake.chat(-111, "group")
    fake.chat(112)
    blocked = await subscribe_chat(store, clock, "telegram", "110", countries=("IN",))
    group = await subscribe_chat(store, clock, "telegram", "-111", countries=("IN",))
    await subscribe_chat(store, clock, "telegram", "112", countries=("CN",))  # not matching
    fake.fail(110, Fault.blocked())
    fake.fail(-111, Fault.migrated(-1001000000111))
    fake.chat(-1001000000111, "supergroup")
    await store.add_statement(
        replace(statement(clock), published=datetime(2026, 3, 1, tzinfo=UTC)), "s1", clock.now()
    )
    dispatcher = make_dispatcher(store, clock, {"telegram": bot.platform})
    await dispatcher.drain()
    assert blocked.id is not None and group.id is not None
    gone = await store.get_chat(blocked.id)
    assert gone is not None and not gone.active
    moved = await store.get_chat(group.id)
    assert moved is not None and moved.address == "-1001000000111" and moved.active
    (alert_msg,) = fake.sent_to(-1001000000111)  # moved, then retried at once
    assert "Oppose" in alert_msg.plain or alert_msg.plain
    assert fake.sent_to(112) == [] and fake.sent_to(110) == []
    assert await store.queue_depth() == {"sent": 1, "cancelled": 1}
