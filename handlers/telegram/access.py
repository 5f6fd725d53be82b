"""Who may change a Telegram chat's subscriptions: the platform's verdict for Request.may_manage.

Owns the rules, and the Bot API look-ups behind them:

    private chat                         the person themself
    group / supergroup                   chat administrators (getChatMember: creator or
                                         administrator); an anonymous admin writes as the group
                                         itself (sender_chat.id == chat.id) and counts as one
    channel, command posted in it        its administrators: nobody else can post there
    channel, from elsewhere              `/subscribe @channel …` (or its -100… id): the person
                                         and the bot must both be administrators there

Bot admins (config `admins`) are let through by handlers.core.handle, not here. Reads no
store; never decides what a command does.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from telegram import Bot, ChatMemberAdministrator, Message
from telegram import Chat as TgChat
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.models import Chat

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ADMIN = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
# A public channel's @username (5-32 characters) or a channel's numeric id.
CHANNEL_REF = re.compile(r"^(@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{5,16})$")


def chat_of(chat: TgChat) -> Chat:
    """The core's Chat for a Telegram chat (not yet stored)."""
    return Chat(
        platform=PLATFORM,
        address=str(chat.id),
        kind=str(chat.type),
        title=chat.title or chat.username or chat.effective_name,
    )


async def is_admin(bot: Bot, chat_id: int | str, user_id: int) -> bool:
    """Specs: https://core.telegram.org/bots/api#getchatmember"""
    member = await bot.get_chat_member(chat_id, user_id)
    return member.status in ADMIN


async def may_manage(bot: Bot, message: Message) -> bool:
    """May the author of this command change this chat's subscriptions? Raises TelegramError
    when the check itself fails."""
    chat = message.chat
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True  # the person themself; in a channel only its admins can post
    if message.sender_chat is not None:
        # An anonymous admin posts as the group itself; anyone else posting as a chat (a
        # linked channel, a channel persona) cannot be checked and is not an admin here.
        return message.sender_chat.id == chat.id
    if message.from_user is None:
        return False
    return await is_admin(bot, chat.id, message.from_user.id)


def channel_ref(args: str) -> tuple[str, str] | None:
    """('@name' or '-100…', the remaining args) when args start with a channel reference."""
    head, _, rest = args.strip().partition(" ")
    return (head, rest.strip()) if CHANNEL_REF.match(head) else None


@dataclass(frozen=True, slots=True)
class Refusal:
    text: str


async def channel_target(bot: Bot, ref: str, user_id: int | None) -> Chat | Refusal:
    """The channel `ref` names, when both the bot and the user administer it."""
    target: int | str = int(ref) if ref.lstrip("-").isdigit() else ref
    try:
        found = await bot.get_chat(target)  # Specs: https://core.telegram.org/bots/api#getchat
    except (BadRequest, Forbidden):
        return Refusal(f"I can't see {ref}. Add me to the channel as an administrator first.")
    if found.type != ChatType.CHANNEL:
        return Refusal(f"{ref} is not a channel; send the command inside that chat instead.")
    name = found.title or ref
    if user_id is None:
        return Refusal(
            f"Send this from a private chat with me, so I can check you administer {name}."
        )
    try:
        me = await bot.get_chat_member(found.id, bot.id)
        can_post = isinstance(me, ChatMemberAdministrator) and me.can_post_messages is not False
        if not can_post:
            return Refusal(f"Make me an administrator of {name}, allowed to post messages, first.")
        if not await is_admin(bot, found.id, user_id):
            return Refusal(f"Only the administrators of {name} can change its subscriptions.")
    except TelegramError as e:
        log.warning("telegram: checking admins of %s failed: %s", ref, e)
        return Refusal(f"I could not check the administrators of {name}; please try again.")
    return Chat(PLATFORM, str(found.id), "channel", found.title)
