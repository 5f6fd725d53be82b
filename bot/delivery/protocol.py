"""The small protocol a chat platform offers the core. The dispatcher knows only this.

A platform sends an alert to a chat and returns the platform's message id; it may edit one it
sent. When it cannot, it raises one of the DeliveryError subclasses of bot.errors, which say
what to do: RateLimited (wait, no attempt lost), Retryable (back off), ChatMigrated (move the
chat, retry), ChatGone (deactivate the chat), Rejected (give up on this message). Any other
exception is treated as Retryable and logged as a bug in the platform module.
"""

from __future__ import annotations

from typing import Protocol

from bot.delivery.render import Alert
from bot.models import Chat


class Platform(Protocol):
    name: str  # the `chats.platform` value this platform serves: telegram, slack, console

    async def send_alert(self, chat: Chat, alert: Alert, thread_id: str | None) -> str:
        """Deliver `alert` to `chat` (in `thread_id` when given); return the message id."""
        ...

    async def edit_alert(self, chat: Chat, message_id: str, alert: Alert) -> None:
        """Replace a sent alert's content (e.g. to add "also reported by")."""
        ...


class ChatPlatform(Platform, Protocol):
    """A platform people also talk to: it takes commands between start() and stop().

    Each platform module in handlers/ offers `create(config, services) -> ChatPlatform`; the
    composition root (bot.app) imports it only when the platform is configured."""

    async def start(self) -> None:
        """Begin taking commands (long polling, Socket Mode, or a webhook server)."""
        ...

    async def stop(self) -> None:
        """Stop taking commands and release connections."""
        ...
