"""The Telegram platform: a python-telegram-bot Application run inside Readout's event loop.

Owns the Application's lifecycle, in the steps Application.run_polling's docstring lists but
without handing it the loop (the scheduler, the dispatcher and Slack share it):

    start:  initialize (getMe) → setMyCommands (a failure is logged, not fatal)
            → polling: updater.start_polling → start
            → webhook: start → our aiohttp server → setWebhook(url, secret_token)
    stop:   updater.stop / server.stop → stop → shutdown

and the core's ChatPlatform protocol: send_alert / edit_alert, with PTB's errors turned into
bot.errors by send.py. Updates are handled concurrently across chats and in order within a chat
(`PerChatOrder`). What an update means is updates.py's; how things look is render.py's.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Sequence
from typing import Any

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot.config import TelegramConfig
from bot.delivery.render import Alert
from bot.errors import ConfigError
from bot.models import Chat
from handlers.core import Command, Services
from handlers.telegram.render import alert_buttons, keyboard, render_alert
from handlers.telegram.send import NO_PREVIEW, delivery_error, is_not_modified, send_parts
from handlers.telegram.updates import Updates
from handlers.telegram.webhook import WebhookServer, webhook_path

log = logging.getLogger(__name__)

# The updates Readout acts on. Specs: https://core.telegram.org/bots/api#getupdates
ALLOWED_UPDATES = ["message", "channel_post", "callback_query", "my_chat_member"]
MAX_CONCURRENT_UPDATES = 32


def file_url(api_base_url: str) -> str:
    """The file download base next to an API base: …/bot -> …/file/bot."""
    base = api_base_url.rstrip("/")
    root = base[: -len("/bot")] if base.endswith("/bot") else base
    return f"{root}/file/bot"


# Loggers that may write a URL with the token in it (PTB logs its API URL at DEBUG; httpx logs
# every request's URL at INFO). The token is a password: it must never reach a log.
TOKEN_LOGGERS = (
    "telegram",
    "telegram.Bot",
    "telegram.ext",
    "telegram.ext.ExtBot",
    "telegram.ext.Updater",
    "httpx",
)


class RedactToken(logging.Filter):
    """Replaces the bot token in a log record's message with "<token>"."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        return True


def hide_token(token: str) -> None:
    for name in TOKEN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactToken) and f.token == token for f in logger.filters):
            logger.addFilter(RedactToken(token))


class PerChatOrder(BaseUpdateProcessor):
    """Updates of different chats run concurrently; those of one chat, one at a time and in
    the order they arrived (a quick /subscribe then /subscriptions must see the first)."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = getattr(update, "effective_chat", None)
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if not self._waiting[chat.id]:  # keep memory bounded by the chats in flight
                del self._waiting[chat.id], self._locks[chat.id]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


class TelegramPlatform:
    name = "telegram"

    def __init__(
        self, config: TelegramConfig, services: Services, commands: Sequence[Command]
    ) -> None:
        if not config.token:
            raise ConfigError("telegram.token: required to run the Telegram platform")
        if config.mode == "webhook" and not config.webhook_url:
            raise ConfigError("telegram.webhook_url: required when telegram.mode is webhook")
        self._config = config
        self._commands = commands
        hide_token(config.token)  # before build(), which logs the API URL
        builder = (
            ApplicationBuilder()
            .token(config.token)
            .base_url(config.api_base_url)
            .base_file_url(file_url(config.api_base_url))
            .concurrent_updates(PerChatOrder(MAX_CONCURRENT_UPDATES))
            .job_queue(None)  # APScheduler is ours (bot/scheduler.py); PTB needs no jobs
        )
        if config.mode == "webhook":
            builder = builder.updater(None)  # updates arrive through WebhookServer
        self.app: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        self._updates = Updates(services, commands)
        self._register()
        self._webhook: WebhookServer | None = None
        # With several replicas, one long-polls at a time (Telegram answers a second poller
        # with 409 Conflict): the composition root defers polling to a lease when it says so.
        self.updates_lease: str | None = "updates:telegram" if config.mode == "polling" else None
        self._poll_now = True

    def _register(self) -> None:
        u, app = self._updates, self.app
        commands = filters.COMMAND & (filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST)
        app.add_handler(MessageHandler(commands, u.on_command))
        app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, u.on_migrate))
        app.add_handler(CallbackQueryHandler(u.on_callback))
        app.add_handler(ChatMemberHandler(u.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_error_handler(u.on_error)

    @property
    def connected(self) -> bool:
        """For /healthz: signed in and running (polling or not: another replica may poll)."""
        return bool(self.app.running)

    @property
    def webhook_address(self) -> tuple[str, int] | None:
        return self._webhook.address if self._webhook else None

    async def start(self) -> None:
        try:
            await self._start()
        except BaseException:
            await self.stop()  # release what was opened (HTTP clients, the webhook port)
            raise

    async def _start(self) -> None:
        try:
            await self.app.initialize()  # getMe: checks the token, learns our @username
        except InvalidToken:
            # PTB's message quotes the token; ours must not (it goes to logs and stderr).
            raise ConfigError(
                f"telegram.token: the Bot API at {self._config.api_base_url} refused it"
            ) from None
        log.info("telegram: signed in as @%s", self.app.bot.username)
        await self._set_commands()
        if self._config.mode == "webhook":
            await self._start_webhook()
        else:
            await self.app.start()
            if self._poll_now:
                await self.take_updates(True)

    def defer_updates(self) -> None:
        """Do not long-poll at start; wait for take_updates(True) (the lease holder's)."""
        self._poll_now = False

    async def take_updates(self, on: bool) -> None:
        """Start or stop long polling (polling mode only): this replica holds, or lost, the
        updates lease. Specs: https://core.telegram.org/bots/api#getupdates"""
        updater = self.app.updater
        if updater is None:
            return
        if on and not updater.running:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
            log.info("telegram: taking updates (long polling)")
        elif not on and updater.running:
            await updater.stop()
            log.info("telegram: another replica takes the updates now")

    async def _start_webhook(self) -> None:
        cfg = self._config
        assert cfg.webhook_url is not None
        secret = cfg.secret_token
        if not secret:
            # Without a secret anyone who finds the URL could post forged updates (say, an
            # "admin" subscribing a channel). One made up per run works for one replica.
            secret = secrets.token_urlsafe(32)
            log.warning(
                "telegram: no telegram.secret_token set; using a random one for this run "
                "(set one when several replicas share the webhook)"
            )
        await self.app.start()
        self._webhook = WebhookServer(
            self.app, cfg.listen, cfg.port, webhook_path(cfg.webhook_url), secret
        )
        await self._webhook.start()
        # Specs: https://core.telegram.org/bots/api#setwebhook
        await self.app.bot.set_webhook(
            cfg.webhook_url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )

    async def _set_commands(self) -> None:
        """The command menu, from the command table. Specs:
        https://core.telegram.org/bots/api#setmycommands"""
        menu = [BotCommand(c.name, (c.summary or c.usage)[:256]) for c in self._commands]
        try:
            await self.app.bot.set_my_commands(menu)
        except TelegramError as e:
            log.error("telegram: setMyCommands failed (the menu may be stale): %s", e)

    async def stop(self) -> None:
        if self._webhook is not None:
            await self._webhook.stop()
            self._webhook = None
        updater = self.app.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        await self.app.bot.shutdown()  # after a failed initialize, app.shutdown skips this

    async def send_alert(self, chat: Chat, alert: Alert, thread_id: str | None) -> str:
        """Specs: https://core.telegram.org/bots/api#sendmessage"""
        sent = await send_parts(
            self.app.bot,
            _chat_id(chat),
            render_alert(alert),
            thread_id=int(thread_id) if thread_id and thread_id.isdigit() else None,
            markup=keyboard(alert_buttons(alert)),
        )
        return str(sent[0].message_id)

    async def edit_alert(self, chat: Chat, message_id: str, alert: Alert) -> None:
        """Rewrite the first message of a sent alert. Specs:
        https://core.telegram.org/bots/api#editmessagetext"""
        parts = render_alert(alert)
        markup = keyboard(alert_buttons(alert)) if len(parts) == 1 else None
        bot, where = self.app.bot, _chat_id(chat)
        try:
            try:
                await bot.edit_message_text(
                    parts[0].html,
                    chat_id=where,
                    message_id=int(message_id),
                    parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW,
                    reply_markup=markup,
                )
            except BadRequest as e:
                if "parse entities" not in e.message.lower():
                    raise
                log.error("telegram: Bot API could not parse our HTML (a bug): %s", e.message)
                await bot.edit_message_text(
                    parts[0].plain, chat_id=where, message_id=int(message_id), reply_markup=markup
                )
        except TelegramError as e:
            if is_not_modified(e):
                return
            raise delivery_error(e) from e


def _chat_id(chat: Chat) -> int | str:
    return int(chat.address) if chat.address.lstrip("-").isdigit() else chat.address


__all__ = ["ALLOWED_UPDATES", "TelegramPlatform"]
