"""Inline buttons: Quote, Unsubscribe and More run their command lines through the command core
as the person who pressed them, and every press is answered. Group buttons that change
something are for admins; channel readers get the evidence in a private chat instead."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.models import Chat
from bot.store import Store
from tests.telegram.conftest import Bot
from tests.telegram.test_alerts import alert
from tests.test_outbox import statement


async def stored_statement(store: Store, clock: FakeClock, n: int = 0) -> int:
    text = statement(clock).text + f" Statement number {n}."
    stmt = replace(
        statement(clock, text),
        url=f"https://mod.example/{n}",
        published=datetime(2026, 2, 1, tzinfo=UTC) + timedelta(days=n),
    )
    stored = await store.add_statement(stmt, f"s{n}", clock.now())
    assert stored is not None
    return stored.statement_id


async def test_quote_and_unsubscribe_under_an_alert(
    bot: Bot, store: Store, clock: FakeClock
) -> None:
    fake = bot.fake
    chat, user = fake.chat(301), fake.user(301)
    await bot.say(chat, user, "/subscribe India Japan")
    stored_chat = await store.find_chat("telegram", "301")
    assert stored_chat is not None and stored_chat.id is not None
    (sub,) = await store.list_subscriptions(stored_chat.id)
    sid = await stored_statement(store, clock)
    await bot.platform.send_alert(
        Chat("telegram", "301", "private"), alert(statement_id=sid, subscription_id=sub.id), None
    )
    alert_msg = fake.sent_to(301)[-1]
    quotes = await bot.press(alert_msg, user, f"quote {sid}")
    assert quotes[0].plain.startswith("Evidence for “")  # long evidence: two messages
    assert all("<blockquote>" in q.text for q in quotes)
    assert "oppose" in quotes[0].plain.lower()
    assert fake.answers[-1] == {"callback_query_id": "q1"}  # answered, no toast
    (done,) = await bot.press(alert_msg, user, f"unsubscribe #id{sub.id}")
    assert done.plain.startswith("Unsubscribed from: India + Japan")
    assert await store.list_subscriptions(sub.chat_id) == []
    (again,) = await bot.press(alert_msg, user, f"unsubscribe #id{sub.id}")
    assert again.plain == "This chat has no subscriptions."
    # An error reply to a press is a toast for the presser, not a message in the chat.
    await bot.platform.send_alert(
        Chat("telegram", "301", "private"), alert(statement_id=9999), None
    )
    assert await bot.press(fake.sent_to(301)[-1], user, "quote 9999") == []
    assert fake.answers[-1]["text"] == "No statement 9999."
    assert fake.answers[-1]["show_alert"] is True


async def test_more_pages_through_latest(bot: Bot, store: Store, clock: FakeClock) -> None:
    fake = bot.fake
    for n in range(7):
        await stored_statement(store, clock, n)
    chat, user = fake.chat(302), fake.user(302)
    (page1,) = await bot.say(chat, user, "/latest India Japan")
    assert page1.plain.startswith("Statements 1–5 for India + Japan, newest first:")
    assert page1.plain.count("statement ") == 5 and "2026-02-07" in page1.plain
    (more,) = [d for label, d in page1.buttons if label == "More"]
    assert more == "latest @5 India Japan"
    (page2,) = await bot.press(page1, user, more)
    assert page2.plain.startswith("Statements 6–7 for India + Japan")
    assert "2026-02-01" in page2.plain and not page2.buttons


async def test_group_buttons_that_change_things_are_for_admins(
    bot: Bot, store: Store, clock: FakeClock
) -> None:
    fake = bot.fake
    group = fake.chat(-303, "group", "Desk")
    admin, member = fake.user(31), fake.user(32)
    fake.set_member(-303, 31, "administrator")
    (ok,) = await bot.say(group, admin, "/subscribe India")
    (_, unsubscribe) = ok.buttons[0]
    await bot.press(ok, member, unsubscribe)
    assert fake.answers[-1]["show_alert"] is True
    assert "administrators" in fake.answers[-1]["text"]
    assert len(fake.sent_to(-303)) == 1  # the refusal is a toast, not a post in the group
    chat = await store.find_chat("telegram", "-303")
    assert chat is not None and len(await store.list_subscriptions(chat.id or 0)) == 1
    (done,) = await bot.press(ok, admin, unsubscribe)
    assert done.plain.startswith("Unsubscribed from: India")


async def test_channel_readers_get_quotes_in_a_private_chat(
    bot: Bot, store: Store, clock: FakeClock
) -> None:
    fake = bot.fake
    fake.chat(-1001000000304, "channel", "Watch")
    fake.set_member(-1001000000304, fake.bot_id, "administrator")
    sid = await stored_statement(store, clock)
    channel = Chat("telegram", "-1001000000304", "channel")
    await bot.platform.send_alert(channel, alert(statement_id=sid, subscription_id=None), None)
    (posted,) = fake.sent_to(-1001000000304)
    reader = fake.user(33)
    await bot.press(posted, reader, f"quote {sid}")
    assert fake.answers[-1]["url"] == f"https://t.me/readout_test_bot?start=quote_{sid}"
    assert len(fake.sent_to(-1001000000304)) == 1  # nothing posted into the channel
    # The deep link opens the private chat with "/start quote_<id>".
    quotes = await bot.say(fake.chat(33), reader, f"/start quote_{sid}")
    assert quotes[0].plain.startswith("Evidence for “")
