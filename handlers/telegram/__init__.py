"""Telegram: commands in, alerts out, through python-telegram-bot. The only importer of PTB.

The core offers `create(config, services)` a Config and the command Services and gets back a
ChatPlatform (bot.delivery.protocol); it never imports this package unless telegram.token is
set. What lives where:

    platform.py   the PTB Application's lifecycle (polling or webhook) and send_alert/edit_alert
    updates.py    updates in: commands, button presses, membership changes, migrations
    access.py     who may change a chat's subscriptions (admins, anonymous admins, channels)
    render.py     Telegram HTML for alerts and replies, split under 4096 UTF-16 units
    send.py       sendMessage with fallbacks, and PTB errors -> bot.errors
    webhook.py    the webhook's HTTP server, checking the secret token

Command functions (handlers/*.py) stay platform-neutral; the store is touched only through
Services and only for chat bookkeeping (deactivate, reactivate, move).
"""

from __future__ import annotations

from bot.config import Config
from handlers import COMMANDS
from handlers.core import Services
from handlers.telegram.platform import TelegramPlatform


def create(config: Config, services: Services) -> TelegramPlatform:
    """The Telegram platform for `config.telegram`; start() connects it."""
    return TelegramPlatform(config.telegram, services, COMMANDS)


__all__ = ["TelegramPlatform", "create"]
