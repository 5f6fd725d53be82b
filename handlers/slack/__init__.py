"""Slack: the same subscriptions, lookups and alerts in Slack channels (issue 5).

This package is the only importer of slack_bolt and slack_sdk. It owns both directions:

    platform.py   SlackPlatform: the Web API client (alerts out: chat.postMessage, chat.update)
                  and the bolt AsyncApp's connection (Socket Mode, or HTTP with signatures)
    commands.py   slash commands and button clicks → handlers.core.handle → respond
    blocks.py     Alert / Reply → Block Kit, every untrusted string escaped, limits respected
    errors.py     slack_sdk exceptions → bot.errors (RateLimited, ChatGone, Rejected, Retryable)

It never touches the store directly (commands go through handle()) and never decides when to
retry a delivery (the dispatcher does). `create` is what the composition root (bot.app) calls
when `slack.bot_token` is set.
"""

from __future__ import annotations

from bot.config import Config
from handlers.core import Services
from handlers.slack.platform import SlackPlatform


def create(config: Config, services: Services) -> SlackPlatform:
    return SlackPlatform(config.slack, services)


__all__ = ["SlackPlatform", "create"]
