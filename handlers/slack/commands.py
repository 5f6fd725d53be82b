"""Slack in: slash commands and button clicks become `Request`s for `handlers.core.handle`.

Owns the bolt listeners, the mapping of a slash-command payload / block action to a Request
(chat = the channel, user = the Slack user id), who may change a channel's subscriptions
(`slack.manage`), and answering through the payload's response_url. Knows no command: every
command line goes to `handle`, which owns the command table, the admin check and the apologies.

Every listener acks first (Slack wants an answer within 3 s) and only then runs the command and
responds: in the channel for replies a team wants to see (`Reply.visibility == "public"`),
ephemerally for errors and confirmations.
Specs: https://api.slack.com/interactivity/slash-commands#responding_to_commands and
https://api.slack.com/interactivity/handling#message_responses
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, Literal

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.models import Chat
from handlers import COMMANDS
from handlers.core import Reply, Request, Services, find_command, handle
from handlers.slack.blocks import ACTION_COMMAND, ACTION_LINK, reply_message
from handlers.slack.errors import error_code

log = logging.getLogger(__name__)

PLATFORM = "slack"
UMBRELLA = "readout"  # /readout <subcommand> …, for workspaces where short names collide
PREFIX = "readout-"  # /readout-search: a renamed command (Slack reserves /search) still works

Respond = Callable[..., Awaitable[Any]]


# Command names Slack keeps for itself, and what Readout's manifest declares instead.
RENAMED = {"search": f"{PREFIX}search"}
_RENAMED = re.compile(r"(?<![\w/-])/(" + "|".join(RENAMED) + r")\b")


def slack_names(text: str) -> str:
    """Readout's own texts name commands as the core knows them; in Slack, `/search` is
    Slack's search box, so point to `/readout-search` instead."""
    return _RENAMED.sub(lambda m: "/" + RENAMED[m.group(1)], text)


def unescape(text: str) -> str:
    """Slack sends `&`, `<`, `>` in a command's text as entities; give the user's own text
    back (the reply escapes whatever it echoes)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def route(command: str, text: str) -> tuple[str, str]:
    """(command name, arguments) for `/latest India`, `/readout latest India`,
    `/readout-latest India`; a bare `/readout` is help."""
    name = command.strip().lstrip("/").lower()
    args = unescape(text).strip()
    if name == UMBRELLA:
        sub, _, args = args.partition(" ")
        return (sub.lstrip("/").lower() or "help"), args.strip()
    return name.removeprefix(PREFIX), args


class ManagePolicy:
    """May this user change the channel's subscriptions? `anyone` who can run a command in the
    channel (Slack only lets its members), or with `admins` only workspace admins and owners
    (users.info, cached for a few minutes). The bot's own `admins` are always allowed; handle()
    checks those. Specs: https://api.slack.com/methods/users.info"""

    TTL = 300.0

    def __init__(self, mode: Literal["anyone", "admins"], client: AsyncWebClient) -> None:
        self.mode = mode
        self._client = client
        self._cache: dict[str, tuple[bool, float]] = {}

    async def may_manage(self, user_id: str) -> bool:
        if self.mode == "anyone":
            return True
        hit = self._cache.get(user_id)
        if hit is not None and hit[1] > time.monotonic():
            return hit[0]
        try:
            resp = await self._client.users_info(user=user_id)
        except SlackApiError as e:
            # Fail closed: without an answer we cannot tell an admin from anyone else.
            log.warning("slack: users.info for %s failed (%s); treating as non-admin", user_id, e)
            return False
        user = resp.get("user") or {}
        allowed = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        self._cache[user_id] = (allowed, time.monotonic() + self.TTL)
        return allowed


async def reach_hint(client: AsyncWebClient, channel_id: str) -> str | None:
    """Why alerts could not reach this conversation, or None when they can (or we cannot
    tell). A slash command works anywhere, but the bot can post only where it may: public
    channels (chat:write.public), and private channels and group DMs it was invited to.
    Specs: https://api.slack.com/methods/conversations.info"""
    try:
        resp = await client.conversations_info(channel=channel_id)
    except SlackApiError as e:
        if error_code(e) == "channel_not_found":  # private, and the bot is not in it
            return INVITE_HINT
        return None  # e.g. missing_scope: no reason to worry the user
    except Exception:
        return None
    channel = resp.get("channel") or {}
    if channel.get("is_archived"):
        return "This channel is archived, so alerts cannot be posted here."
    private = channel.get("is_private") or channel.get("is_group") or channel.get("is_mpim")
    if private and not channel.get("is_member"):
        return INVITE_HINT
    return None


INVITE_HINT = (
    "I am not in this conversation, so alerts cannot be posted here yet: "
    "invite me with /invite @Readout (or subscribe from a channel I am in)."
)


class CommandRunner:
    """Runs one command line for one user in one channel and responds."""

    def __init__(self, services: Services, policy: ManagePolicy, client: AsyncWebClient) -> None:
        self._services = services
        self._policy = policy
        self._client = client

    async def run(
        self,
        name: str,
        args: str,
        channel_id: str,
        channel_name: str | None,
        user_id: str,
        user_name: str | None,
    ) -> Reply:
        if not channel_id or not user_id:
            return Reply("Run Readout's commands in a channel or a direct message.", error=True)
        command = find_command(COMMANDS, name)
        # users.info only when the command changes subscriptions and the policy needs it.
        may_manage = True
        if command is not None and command.manages:
            may_manage = await self._policy.may_manage(user_id)
        req = Request(
            chat=Chat(PLATFORM, channel_id, "channel", channel_name),
            user=user_id,
            args=args,
            may_manage=may_manage,
            user_name=user_name,
        )
        reply = await handle(COMMANDS, name, req, self._services)
        if command is not None and command.name == "subscribe" and not reply.error:
            hint = await reach_hint(self._client, channel_id)
            if hint:
                reply = replace(reply, text=f"{reply.text}\n\n{hint}")
        return reply

    async def respond(self, respond: Respond, reply: Reply, where: str) -> None:
        text, blocks = reply_message(replace(reply, text=slack_names(reply.text)))
        public = reply.visibility == "public" and not reply.error
        try:
            await respond(
                text=text,
                blocks=blocks,
                response_type="in_channel" if public else "ephemeral",
                replace_original=False,
                unfurl_links=False,
                unfurl_media=False,
            )
        except Exception as e:  # network or an expired response_url: nothing left to tell
            log.warning("slack: could not answer %s: %s: %s", where, type(e).__name__, e)


def register(app: AsyncApp, runner: CommandRunner) -> None:
    """Attach the listeners: every slash command (one matcher: unknown names get handle's
    hint), command buttons, and link buttons (acked only)."""

    @app.command(re.compile(r"^/[\w.-]+$"))
    async def on_command(ack: Any, command: dict[str, Any], respond: Respond) -> None:
        await ack()
        name, args = route(str(command.get("command", "")), str(command.get("text") or ""))
        channel_id = str(command.get("channel_id", ""))
        user_id = str(command.get("user_id", ""))
        reply = await runner.run(
            name, args, channel_id, command.get("channel_name"), user_id, command.get("user_name")
        )
        await runner.respond(respond, reply, f"/{name} in {channel_id}")

    @app.action(re.compile(f"^{ACTION_LINK}"))
    async def on_link(ack: Any) -> None:
        await ack()  # the browser opens the URL; Slack only wants to hear we got the click

    @app.action(re.compile(f"^{ACTION_COMMAND}"))
    async def on_button(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        await ack()
        name, _, args = str(action.get("value") or "").partition(" ")
        channel = body.get("channel") or {}
        channel_id = str(channel.get("id") or (body.get("container") or {}).get("channel_id", ""))
        user = body.get("user") or {}
        user_id = str(user.get("id", ""))
        reply = await runner.run(
            name, args, channel_id, channel.get("name"), user_id, user.get("username")
        )
        await runner.respond(respond, reply, f"button {name} in {channel_id}")
