"""Telegram updates in: commands, button presses, the bot's own membership, group migrations.

Owns turning an update into a platform-neutral Request, running it through
handlers.core.handle, and sending the rendered Reply back where it came from (the same chat,
the same forum topic). Commands are typed (`/latest India Japan`, `/latest@readout_bot …` in a
group) or pressed (an inline button's callback data is a command line). Also keeps the store's
chats in step with Telegram: the bot removed / blocked → deactivate_chat; re-added → ensure_chat;
a group upgraded to a supergroup → move_chat. The command functions themselves live in
handlers/ and never see a Telegram object.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from telegram import Bot, CallbackQuery, ChatMemberAdministrator, ChatMemberRestricted, Update
from telegram import Chat as TgChat
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.models import Chat
from handlers.core import Button, Command, Reply, Request, Services, find_command, handle
from handlers.telegram import access
from handlers.telegram.render import clip, keyboard, render_reply
from handlers.telegram.send import send_parts

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
# Commands that act on "this chat's subscriptions" and so may name a channel instead.
CHANNEL_COMMANDS = {"subscribe", "unsubscribe", "subscriptions", "digest"}
_START_PAYLOAD = re.compile(r"^(quote)_(\d{1,12})$")  # t.me/<bot>?start=quote_42
NOT_ALLOWED = "Only the chat's administrators can change its subscriptions."


def parse_command(text: str, bot_username: str | None) -> tuple[str, str, bool] | None:
    """'/latest@bot India Japan' -> ('latest', 'India Japan', True): the name, the args, and
    whether the bot was named. None when the command is addressed to another bot."""
    head, _, args = text.strip().partition(" ")
    if "\n" in head:  # "/latest\nIndia" — the first line break ends the name too
        head, _, more = head.partition("\n")
        args = f"{more} {args}".strip()
    name, at, target = head[1:].partition("@")
    if at and bot_username and target.lower() != bot_username.lower():
        return None
    return name.lower(), args.strip(), bool(at)


def _start_payload(name: str, args: str) -> tuple[str, str]:
    """A deep link's /start payload is a command in disguise: 'quote_42' -> quote 42."""
    m = _START_PAYLOAD.match(args) if name == "start" else None
    return (m.group(1), m.group(2)) if m else (name, args)


def _thread(message: object) -> int | None:
    """The forum topic a message is in (replies go there too), else None."""
    if getattr(message, "is_topic_message", False):
        return getattr(message, "message_thread_id", None)
    return None


class Updates:
    """The update handlers PTB calls; each is a short async function."""

    def __init__(self, services: Services, commands: Sequence[Command]) -> None:
        self._svc = services
        self._commands = commands

    async def on_command(self, update: Update, context: Context) -> None:
        """A typed command, in any chat or channel."""
        msg, bot = update.effective_message, context.bot
        if msg is None or not msg.text or msg.is_automatic_forward:
            return  # (a linked channel's post copied into its discussion group is no command)
        parsed = parse_command(msg.text, bot.username)
        if parsed is None:
            return  # addressed to another bot in the same group
        name, args, named = parsed
        name, args = _start_payload(name, args)
        command = find_command(self._commands, name)
        if command is None and msg.chat.type != ChatType.PRIVATE and not named:
            return  # in a group, an unknown bare /command is most likely another bot's
        thread = _thread(msg)
        # An anonymous admin's messages come "from" a shared placeholder account; the chat it
        # writes as (sender_chat) is who they are.
        sender = msg.from_user.id if msg.from_user and msg.sender_chat is None else None
        req = Request(
            chat=access.chat_of(msg.chat),
            user=str(sender if sender is not None else (msg.sender_chat or msg.chat).id),
            args=args,
            thread_id=str(thread) if thread is not None else None,
            may_manage=False,
            user_name=(msg.from_user.username or msg.from_user.full_name)
            if msg.from_user and sender is not None
            else None,
        )
        try:
            if command is not None and command.manages:
                req = replace(req, may_manage=await access.may_manage(bot, msg))
            reply = await self._run(bot, command, name, req, sender)
        except TelegramError as e:
            log.warning("telegram: checking rights in %s failed: %s", msg.chat.id, e)
            reply = Reply(
                "I could not check your rights in this chat; please try again.", error=True
            )
        group = msg.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
        await self._reply(bot, msg.chat.id, reply, thread, msg.message_id if group else None)

    async def on_callback(self, update: Update, context: Context) -> None:
        """An inline button pressed: run its command line as the presser.
        Specs: https://core.telegram.org/bots/api#answercallbackquery"""
        query, bot = update.callback_query, context.bot
        if query is None:
            return
        if not query.data or query.message is None:
            await _answer(query)
            return
        chat = query.message.chat
        name, _, args = query.data.partition(" ")
        command = find_command(self._commands, name)
        thread = _thread(query.message)
        req = Request(
            chat=access.chat_of(chat),
            user=str(query.from_user.id),
            args=args,
            thread_id=str(thread) if thread is not None else None,
            may_manage=chat.type == ChatType.PRIVATE,
            user_name=query.from_user.username or query.from_user.full_name,
        )
        try:
            if chat.type != ChatType.PRIVATE and (
                chat.type == ChatType.CHANNEL or (command is not None and command.manages)
            ):
                admin = await access.is_admin(bot, chat.id, query.from_user.id)
                if chat.type == ChatType.CHANNEL and not admin:
                    # Channel readers must not make the bot post into the channel: the
                    # evidence opens in a private chat with the bot instead.
                    if name == "quote" and args.isdigit() and bot.username:
                        await _answer(query, url=f"https://t.me/{bot.username}?start=quote_{args}")
                    else:
                        await _answer(query, NOT_ALLOWED, show_alert=True)
                    return
                req = replace(req, may_manage=admin)
            reply = await self._run(bot, command, name, req, query.from_user.id)
        except TelegramError as e:
            log.warning("telegram: checking rights in %s failed: %s", chat.id, e)
            reply = Reply(
                "I could not check your rights in this chat; please try again.", error=True
            )
        if reply.error:
            await _answer(query, clip(reply.text, 190), show_alert=True)
            return
        await _answer(query)
        await self._reply(bot, chat.id, reply, thread, None)

    async def _run(
        self, bot: Bot, command: Command | None, name: str, req: Request, user_id: int | None
    ) -> Reply:
        """handle(), after pointing a channel-naming command at that channel."""
        ref = access.channel_ref(req.args) if command and command.name in CHANNEL_COMMANDS else None
        if ref is None:
            return await handle(self._commands, name, req, self._svc)
        target = await access.channel_target(bot, ref[0], user_id)
        if isinstance(target, access.Refusal):
            return Reply(target.text, error=True)
        reply = await handle(
            self._commands,
            name,
            replace(req, chat=target, args=ref[1], thread_id=None, may_manage=True),
            self._svc,
        )
        return _for_channel(reply, target)

    async def _reply(
        self, bot: Bot, chat_id: int, reply: Reply, thread: int | None, reply_to: int | None
    ) -> None:
        try:
            await send_parts(
                bot,
                chat_id,
                render_reply(reply),
                thread_id=thread,
                markup=keyboard(reply.buttons),
                reply_to=reply_to,
                wait_first=True,
            )
        except Exception as e:  # a reply that cannot be sent is logged; the person may retry
            log.warning("telegram: reply to chat %s not sent: %s", chat_id, e)

    async def on_my_chat_member(self, update: Update, context: Context) -> None:
        """The bot's own status changed: removed or blocked → stop sending there; added back
        → resume. Specs: https://core.telegram.org/bots/api#chatmemberupdated"""
        change = update.my_chat_member
        if change is None:
            return
        chat, new = change.chat, change.new_chat_member
        stored = await self._svc.store.find_chat(access.PLATFORM, str(chat.id))
        if stored is None or stored.id is None:
            return  # nothing was ever subscribed there: nothing to keep in step
        if _gone(chat, new):
            if stored.active:
                reason = f"bot {new.status} in {chat.type} chat (my_chat_member)"
                cancelled = await self._svc.store.deactivate_chat(stored.id, reason)
                log.info(
                    "telegram: chat %s deactivated: %s; %d queued cancelled",
                    chat.id,
                    reason,
                    cancelled,
                )
        elif not stored.active:
            await self._svc.store.ensure_chat(access.chat_of(chat), self._svc.clock.now())
            log.info("telegram: chat %s reactivated: bot is %s again", chat.id, new.status)

    async def on_migrate(self, update: Update, context: Context) -> None:
        """A group became a supergroup with a new id: its subscriptions move with it.
        Specs: https://core.telegram.org/bots/api#message (migrate_to_chat_id)"""
        msg = update.effective_message
        if msg is None:
            return
        if msg.migrate_to_chat_id:
            old, new = msg.chat.id, msg.migrate_to_chat_id
        elif msg.migrate_from_chat_id:
            old, new = msg.migrate_from_chat_id, msg.chat.id
        else:
            return
        stored = await self._svc.store.find_chat(access.PLATFORM, str(old))
        if stored is not None and stored.id is not None:
            await self._svc.store.move_chat(stored.id, str(new))
            log.info("telegram: group %s migrated to supergroup %s; chat moved", old, new)

    async def on_error(self, update: object, context: Context) -> None:
        """Anything a handler did not expect: logged with the update's chat, never shown."""
        chat = getattr(getattr(update, "effective_chat", None), "id", None)
        log.error("telegram: error handling an update in chat %s", chat, exc_info=context.error)


async def _answer(query: CallbackQuery, text: str | None = None, **kw: Any) -> None:
    """Answer a button press (the client shows a spinner until then). A press answered too
    late fails; the reply is still worth sending. Specs:
    https://core.telegram.org/bots/api#answercallbackquery"""
    try:
        await query.answer(text, **kw)
    except TelegramError as e:
        log.info("telegram: could not answer a button press: %s", e)


def _gone(chat: TgChat, member: object) -> bool:
    """Can the bot no longer post in this chat?"""
    status = getattr(member, "status", None)
    if status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return True
    if chat.type == ChatType.CHANNEL:
        return not (
            isinstance(member, ChatMemberAdministrator) and member.can_post_messages is not False
        )
    return isinstance(member, ChatMemberRestricted) and not member.can_send_messages


def _for_channel(reply: Reply, channel: Chat) -> Reply:
    """A reply about a channel, shown elsewhere: say which channel, and make its buttons act
    on the channel too (their command lines name it)."""
    buttons = tuple(
        Button(b.label, _name_channel(b.action, channel.address), b.url)
        for b in reply.buttons
        if b.url or (find_command_name(b.action) in CHANNEL_COMMANDS)
    )
    return replace(
        reply, text=f"Channel {channel.title or channel.address}: {reply.text}", buttons=buttons
    )


def find_command_name(action: str) -> str:
    return action.partition(" ")[0]


def _name_channel(action: str, address: str) -> str:
    name, _, args = action.partition(" ")
    return f"{name} {address} {args}".strip()
