"""Commands over the real PTB and the fake Bot API: who may subscribe where (private chats,
group admins, anonymous admins, channels, channels from a private chat), forum topics, @bot
suffixes, unknown commands, and that no reply ever carries a traceback."""

from __future__ import annotations

import sqlalchemy as sa

from tests.fakes.telegram_api import FakeTelegram, Sent
from tests.telegram.conftest import ADMIN_ID, Bot

ANONYMOUS = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


async def subs_of(bot: Bot, address: int) -> list[tuple[str, ...]]:
    chat = await bot.store.find_chat("telegram", str(address))
    if chat is None or chat.id is None:
        return []
    return [s.countries for s in await bot.store.list_subscriptions(chat.id)]


def well_formed(sent: Sent) -> None:
    """What every message of ours must be: HTML, previews off."""
    assert sent.parse_mode == "HTML"
    assert sent.link_preview_options == {"is_disabled": True}
    assert "Traceback" not in sent.plain


async def test_private_chat_subscribes_and_lists(bot: Bot) -> None:
    chat, user = bot.fake.chat(11), bot.fake.user(11)
    (reply,) = await bot.say(chat, user, "/subscribe India Japan")
    well_formed(reply)
    assert reply.plain.startswith("Subscribed to: India + Japan.")
    assert reply.buttons and reply.buttons[0][0] == "Unsubscribe"
    assert await subs_of(bot, 11) == [("IN", "JP")]
    (listing,) = await bot.say(chat, user, "/list")  # the alias
    assert "1. India + Japan" in listing.plain
    (usage,) = await bot.say(chat, user, "/subscribe")
    assert "Usage: /subscribe <countries…>" in usage.plain  # escaped "<…>" shown literally


async def test_unknown_commands_and_other_bots(bot: Bot) -> None:
    fake = bot.fake
    chat, user = fake.chat(12), fake.user(12)
    (hint,) = await bot.say(chat, user, "/frobnicate now")
    assert hint.plain == "Unknown command /frobnicate. Try /help for the list."
    group = fake.chat(-500, "group", "Analysts")
    fake.set_member(-500, 12, "administrator")
    # A bare unknown command in a group may be another bot's: no answer. Addressed to us, or
    # a command of ours addressed to another bot, behave as expected.
    assert await bot.say(group, user, "/frobnicate") == []
    assert await bot.say(group, user, "/latest@other_bot India") == []
    (ours,) = await bot.say(group, user, "/frobnicate@readout_test_bot")
    assert ours.plain.startswith("Unknown command /frobnicate")
    (suffixed,) = await bot.say(group, user, "/subscribe@Readout_Test_Bot Japan")
    assert suffixed.plain.startswith("Subscribed to: Japan")
    assert len(fake.sent_to(-500)) == 2  # nothing for the first two


async def test_group_only_admins_change_subscriptions(bot: Bot) -> None:
    fake = bot.fake
    group = fake.chat(-600, "group", "Desk")
    member, admin, owner = fake.user(21), fake.user(22), fake.user(23)
    fake.set_member(-600, 22, "administrator")
    fake.set_member(-600, 23, "creator")
    (refused,) = await bot.say(group, member, "/subscribe India")
    assert refused.plain == "Only the chat's administrators can change its subscriptions."
    assert refused.reply_to is not None  # in a group, the answer quotes the command
    assert await subs_of(bot, -600) == []
    (looked_up,) = await bot.say(group, member, "/latest India")  # reading is for everyone
    assert "No statements found" in looked_up.plain
    (ok,) = await bot.say(group, admin, "/subscribe India")
    assert ok.plain.startswith("Subscribed to: India")
    (ok2,) = await bot.say(group, owner, "/subscribe Japan")
    assert ok2.plain.startswith("Subscribed to: Japan")
    # An anonymous admin writes as the group itself.
    (anon,) = await bot.say(group, ANONYMOUS, "/subscribe Australia", sender_chat=group)
    assert anon.plain.startswith("Subscribed to: Australia")
    # Someone posting as another chat (a channel persona) is not an admin here.
    persona = fake.chat(-100777, "channel", "Persona")
    (nope,) = await bot.say(group, ANONYMOUS, "/subscribe China", sender_chat=persona)
    assert nope.plain.startswith("Only the chat's administrators")
    # A bot admin (config `admins`) may, though not a chat admin.
    (boss,) = await bot.say(group, fake.user(ADMIN_ID), "/subscribe Vietnam")
    assert boss.plain.startswith("Subscribed to: Vietnam")
    assert await subs_of(bot, -600) == [("IN",), ("JP",), ("AU",), ("VN",)]
    # Only the commands that change something look the user up.
    looked = [p["user_id"] for m, p in fake.calls if m == "getChatMember"]
    assert 21 in looked and looked.count(21) == 1


async def test_forum_topic_subscription_and_replies_stay_in_the_topic(bot: Bot) -> None:
    fake = bot.fake
    forum = fake.chat(-1009001, "supergroup", "Desk", is_forum=True)
    admin = fake.user(31)
    fake.set_member(-1009001, 31, "administrator")
    (reply,) = await bot.say(forum, admin, "/subscribe Philippines China", thread_id=77)
    assert reply.thread_id == 77
    chat = await bot.store.find_chat("telegram", "-1009001")
    assert chat is not None and chat.id is not None and chat.kind == "supergroup"
    (sub,) = await bot.store.list_subscriptions(chat.id)
    assert sub.thread_id == "77"


async def test_commands_posted_in_a_channel(bot: Bot) -> None:
    fake = bot.fake
    channel = fake.chat(-1001000002000, "channel", "Watch")
    fake.set_member(-1001000002000, fake.bot_id, "administrator")
    await fake.channel_post(channel, "/subscribe Japan Philippines")
    (reply,) = await fake.wait_sent(-1001000002000)
    assert reply.plain.startswith("Subscribed to: Japan + Philippines")
    assert await subs_of(bot, -1001000002000) == [("JP", "PH")]
    assert not [c for c in fake.calls if c[0] == "getChatMember"]  # a post there is an admin's


async def test_channel_subscribed_from_a_private_chat(bot: Bot) -> None:
    fake = bot.fake
    fake.chat(-1001000003000, "channel", "Indo-Pacific <Watch>", username="ipwatch")
    dm, user = fake.chat(41), fake.user(41)
    (not_seen,) = await bot.say(dm, user, "/subscribe @nosuchchannel India")
    assert not_seen.plain.startswith("I can't see @nosuchchannel")
    (bot_not_admin,) = await bot.say(dm, user, "/subscribe @ipwatch India Japan")
    assert bot_not_admin.plain.startswith("Make me an administrator of Indo-Pacific <Watch>")
    fake.set_member(-1001000003000, fake.bot_id, "administrator")
    (user_not_admin,) = await bot.say(dm, user, "/subscribe @ipwatch India Japan")
    assert user_not_admin.plain.startswith("Only the administrators of Indo-Pacific <Watch>")
    assert await subs_of(bot, -1001000003000) == []
    fake.set_member(-1001000003000, 41, "administrator")
    (ok,) = await bot.say(dm, user, "/subscribe @ipwatch India Japan")
    well_formed(ok)
    assert ok.plain.startswith("Channel Indo-Pacific <Watch>: Subscribed to: India + Japan")
    assert "&lt;Watch&gt;" in ok.text  # the channel's title is escaped like any other string
    assert await subs_of(bot, -1001000003000) == [("IN", "JP")]
    assert await subs_of(bot, 41) == []  # nothing on the private chat itself
    stored = await bot.store.find_chat("telegram", "-1001000003000")
    assert stored is not None and stored.kind == "channel"
    (button,) = ok.buttons
    assert button == (
        "Unsubscribe",
        f"unsubscribe -1001000003000 #id{(await sub_ids(bot, -1001000003000))[0]}",
    )
    (listing,) = await bot.say(
        dm, user, "/subscriptions -1001000003000"
    )  # the numeric id works too
    assert "1. India + Japan" in listing.plain
    (gone,) = await bot.press(ok, user, button[1])
    assert "Unsubscribed from: India + Japan" in gone.plain
    assert await subs_of(bot, -1001000003000) == []


async def sub_ids(bot: Bot, address: int) -> list[int]:
    chat = await bot.store.find_chat("telegram", str(address))
    assert chat is not None and chat.id is not None
    return [s.id or 0 for s in await bot.store.list_subscriptions(chat.id)]


async def test_a_failing_command_apologises_without_a_traceback(bot: Bot) -> None:
    chat, user = bot.fake.chat(51), bot.fake.user(51)
    await bot.say(chat, user, "/subscribe India")
    async with bot.store._engine.begin() as conn:  # a real database fault
        await conn.execute(sa.text("DROP TABLE subscriptions"))
    (sorry,) = await bot.say(chat, user, "/subscriptions")
    assert sorry.plain.startswith("Sorry, something went wrong on our side.")
    assert "Traceback" not in sorry.plain and "sqlite" not in sorry.plain.lower()


async def test_help_lists_every_command(bot: Bot, fake: FakeTelegram) -> None:
    (reply,) = await bot.say(fake.chat(61), fake.user(61), "/help")
    for name in ("subscribe", "unsubscribe", "latest", "search", "quote", "sources", "digest"):
        assert f"/{name}" in reply.plain
