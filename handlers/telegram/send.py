"""Sending rendered parts through the Bot API, and reading its errors.

Owns the one translation of python-telegram-bot's exceptions into the core's delivery errors
(bot.errors), which tell the dispatcher what to do:

    RetryAfter (429)                          -> RateLimited(retry_after), exactly as told
    ChatMigrated (400 + migrate_to_chat_id)   -> ChatMigrated(new id)
    Forbidden (403: blocked, kicked, not a member, deactivated)
    BadRequest "chat not found" and kin       -> ChatGone
    BadRequest "can't parse entities"         -> resent ONCE as plain text, logged as a bug
    BadRequest "message thread not found"     -> resent once outside the (deleted) topic
    other BadRequest                          -> Rejected
    TimedOut, NetworkError, 5xx, anything else -> Retryable

Also owns the wait policy inside a multi-part message: once the first part is out, a 429 on a
later part is waited out here (the dispatcher would otherwise resend the parts already
delivered). Knows nothing of the store or of commands.
"""

from __future__ import annotations

import asyncio
import logging
import re
import warnings
from collections.abc import Sequence
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.error import ChatMigrated as TgChatMigrated
from telegram.warnings import PTBDeprecationWarning

from bot.errors import ChatGone, ChatMigrated, DeliveryError, RateLimited, Rejected, Retryable
from handlers.telegram.render import Part

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# The longest flood wait served inline between the parts of one message; longer ones go back
# to the dispatcher (or, for a command reply, give up: the person will ask again).
MAX_INLINE_WAIT = 30.0
_GONE = re.compile(
    r"chat not found|group chat was deactivated|user is deactivated|peer_id_invalid|"
    r"not enough rights to send|need administrator rights in the channel|bot is not a member",
    re.IGNORECASE,
)
_CANT_PARSE = re.compile(r"can't parse entities", re.IGNORECASE)
_NO_THREAD = re.compile(r"message thread not found|topic_deleted|topic_closed", re.IGNORECASE)
_NOT_MODIFIED = re.compile(r"message is not modified", re.IGNORECASE)


def retry_seconds(e: RetryAfter) -> float:
    """RetryAfter.retry_after as seconds. PTB 22 warns that the int will become a timedelta;
    either is read here, without the warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = e.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def delivery_error(e: TelegramError) -> DeliveryError:
    """What the dispatcher should do about a Bot API error."""
    if isinstance(e, RetryAfter):
        return RateLimited(retry_seconds(e), detail=e.message)
    if isinstance(e, TgChatMigrated):
        return ChatMigrated(str(e.new_chat_id))
    if isinstance(e, Forbidden):
        return ChatGone(e.message)
    if isinstance(e, BadRequest):
        return ChatGone(e.message) if _GONE.search(e.message) else Rejected(e.message)
    return Retryable(f"{type(e).__name__}: {e.message}")


def is_not_modified(e: TelegramError) -> bool:
    return isinstance(e, BadRequest) and bool(_NOT_MODIFIED.search(e.message))


async def send_parts(
    bot: Bot,
    chat_id: int | str,
    parts: Sequence[Part],
    *,
    thread_id: int | None = None,
    markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
    wait_first: bool = False,
) -> list[Message]:
    """Send parts in order (buttons under the last); the messages sent. Raises a
    DeliveryError. A 429 on the first part is raised (the dispatcher waits and retries the
    whole alert) unless `wait_first`, as for a command reply; on later parts it is waited out."""
    sent: list[Message] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        for flood_waits in range(3):
            try:
                msg = await _send_one(
                    bot,
                    chat_id,
                    part,
                    thread_id=thread_id,
                    markup=markup if last else None,
                    reply_to=reply_to if i == 0 else None,
                )
            except RetryAfter as e:
                wait = retry_seconds(e)
                if (i == 0 and not wait_first) or wait > MAX_INLINE_WAIT or flood_waits == 2:
                    raise delivery_error(e) from e
                log.info("telegram: flood wait %.0fs inside a %d-part message", wait, len(parts))
                await asyncio.sleep(wait)  # exactly what Telegram asked for, then the same part
            except _NoThread:
                thread_id = None  # the topic was deleted: the rest goes to the chat itself
            except TelegramError as e:
                raise delivery_error(e) from e
            else:
                sent.append(msg)
                break
        else:  # three tries went on flood waits and a vanished topic: let the outbox retry
            raise Retryable(f"part {i + 1} of {len(parts)} not sent after three tries")
    return sent


class _NoThread(Exception):
    pass


async def _send_one(
    bot: Bot,
    chat_id: int | str,
    part: Part,
    *,
    thread_id: int | None,
    markup: InlineKeyboardMarkup | None,
    reply_to: int | None,
) -> Message:
    """One message. Specs: https://core.telegram.org/bots/api#sendmessage"""
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    try:
        return await bot.send_message(
            chat_id,
            part.html,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            message_thread_id=thread_id,
            reply_markup=markup,
            reply_parameters=reply,
        )
    except BadRequest as e:
        if thread_id is not None and _NO_THREAD.search(e.message):
            log.warning(
                "telegram: chat %s: topic %s is gone; sending outside it", chat_id, thread_id
            )
            raise _NoThread from e
        if not _CANT_PARSE.search(e.message):
            raise
        # Every string is escaped and every tag closed by render.py, so this is our bug: say
        # so loudly, and deliver the same words without markup rather than nothing.
        log.error(
            "telegram: Bot API could not parse our HTML (a bug in handlers/telegram/render.py): "
            "%s; resending to chat %s as plain text",
            e.message,
            chat_id,
        )
    return await bot.send_message(
        chat_id,
        part.plain,
        parse_mode=None,
        link_preview_options=NO_PREVIEW,
        message_thread_id=thread_id,
        reply_markup=markup,
        reply_parameters=reply,
    )
