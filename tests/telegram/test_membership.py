"""The store's chats follow Telegram: the bot blocked, kicked or removed → the chat is
deactivated and its queue cancelled at once (my_chat_member); added back → active again; a
group upgraded to a supergroup → the chat and its subscriptions move to the new id."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.store import Store
from tests.helpers import subscribe_chat
from tests.telegram.conftest import Bot
from tests.test_outbox import statement


async def active(store: Store, address: str) -> bool | None:
    chat = await store.find_chat("telegram", address)
    return None if chat is None else chat.active


async def test_blocked_and_unblocked_private_chat(bot: Bot, store: Store, clock: FakeClock) -> None:
    fake = bot.fake
    chat, user = fake.chat(401), fake.user(401)
    await bot.say(chat, user, "/subscribe India")
    await store.add_statement(statement(clock), "s1", clock.now())  # an alert is queued
    assert await store.queue_depth() == {"pending": 1}
    await bot.processed(await fake.member_update(chat, user, "member", "kicked"))
    assert await active(store, "401") is False
    assert await store.queue_depth() == {"cancelled": 1}
    await bot.processed(await fake.member_update(chat, user, "kicked", "member"))
    assert await active(store, "401") is True
    stored = await store.find_chat("telegram", "401")
    assert stored is not None and len(await store.list_subscriptions(stored.id or 0)) == 1


async def test_removed_from_a_group_and_demoted_in_a_channel(
    bot: Bot, store: Store, clock: FakeClock
) -> None:
    fake = bot.fake
    group, channel, admin = (
        fake.chat(-402, "group"),
        fake.chat(-1001000000403, "channel"),
        fake.user(4),
    )
    await subscribe_chat(store, clock, "telegram", "-402", countries=("IN",))
    await subscribe_chat(store, clock, "telegram", "-1001000000403", countries=("IN",))
    await bot.processed(await fake.member_update(group, admin, "member", "left"))
    assert await active(store, "-402") is False
    # In a channel a bot that is no longer an admin cannot post: that is gone too.
    await bot.processed(await fake.member_update(channel, admin, "administrator", "member"))
    assert await active(store, "-1001000000403") is False
    await bot.processed(await fake.member_update(channel, admin, "left", "administrator"))
    assert await active(store, "-1001000000403") is True
    # A chat nobody subscribed from is not stored just because the bot was added there.
    await bot.processed(await fake.member_update(fake.chat(-404, "group"), admin, "left", "member"))
    assert await active(store, "-404") is None


async def test_group_migrated_to_supergroup_moves_its_subscriptions(
    bot: Bot, store: Store, clock: FakeClock
) -> None:
    fake = bot.fake
    group, admin = fake.chat(-405, "group", "Desk"), fake.user(5)
    fake.set_member(-405, 5, "administrator")
    await bot.say(group, admin, "/subscribe India Japan")
    before = await store.find_chat("telegram", "-405")
    assert before is not None
    await bot.processed(await fake.migrate(group, -1001000000405))
    assert await store.find_chat("telegram", "-405") is None
    after = await store.find_chat("telegram", "-1001000000405")
    assert after is not None and after.id == before.id  # the same chat, with its subscriptions
    assert [s.countries for s in await store.list_subscriptions(after.id or 0)] == [("IN", "JP")]
    fake.set_member(-1001000000405, 5, "administrator")
    (listing,) = await bot.say(fake.chats[-1001000000405], admin, "/subscriptions")
    assert "1. India + Japan" in listing.plain
