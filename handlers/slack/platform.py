"""The Slack platform object: alerts out through the Web API, commands in through bolt.

Owns the AsyncWebClient, the bolt AsyncApp and its connection — Socket Mode (default, app-level
token) or HTTP mode (an aiohttp server on `slack.listen:slack.port`, path /slack/events, with
Slack's request signatures checked by bolt) — and their start / stop in Readout's event loop.
Implements the core's ChatPlatform protocol.
Specs: https://api.slack.com/apis/socket-mode and
https://api.slack.com/authentication/verifying-requests-from-slack Rendering is blocks.py's, error meaning errors.py's,
command handling commands.py's; this module never reads the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import SlackConfig
from bot.delivery.render import Alert
from bot.models import Chat
from handlers.core import Services
from handlers.slack.blocks import alert_message
from handlers.slack.commands import CommandRunner, ManagePolicy, register
from handlers.slack.errors import delivery_error

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # the Request URL for slash commands and interactivity
CONNECT_WAIT = 15.0  # seconds start() waits for Socket Mode before leaving it to connect alone


class _NoTokenWarning(logging.Filter):
    """AsyncApp reads SLACK_BOT_TOKEN from the environment even when given a client, then
    warns that the token "will be unused". Readout passes the client on purpose (base_url,
    no SDK retries), and the token in the environment is the one the client already holds."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def bolt_logger() -> logging.Logger:
    """The logger bolt and its Socket Mode client write to (ours, so the filter is local)."""
    logger = logging.getLogger("handlers.slack.bolt")
    if not any(isinstance(f, _NoTokenWarning) for f in logger.filters):
        logger.addFilter(_NoTokenWarning())
    return logger


class SlackPlatform:
    """Slack for Readout: `send_alert` / `edit_alert` for the dispatcher, `start` / `stop`
    for the composition root."""

    name = "slack"

    def __init__(self, config: SlackConfig, services: Services) -> None:
        self._config = config
        # retry_handlers=[]: slack_sdk must not retry on its own (its default retries a dropped
        # connection, which can post an alert twice); the dispatcher decides when to retry.
        self.client = AsyncWebClient(
            token=config.bot_token,
            base_url=config.api_base_url,
            timeout=20,
            retry_handlers=[],
        )
        self.app = AsyncApp(
            client=self.client,
            # Checked on every HTTP request (bad signature or timestamp older than 5 minutes:
            # 401); Socket Mode requests come over the authenticated websocket instead.
            signing_secret=config.signing_secret or "",
            logger=bolt_logger(),
        )
        policy = ManagePolicy(config.manage, self.client)
        register(self.app, CommandRunner(services, policy, self.client))
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._connecting: asyncio.Task[None] | None = None
        self.connect_wait = CONNECT_WAIT
        self.port: int | None = None  # the bound port in HTTP mode, once started
        self.started = False

    # -- alerts out ------------------------------------------------------------------------

    async def send_alert(self, chat: Chat, alert: Alert, thread_id: str | None) -> str:
        """Post the alert to the channel; the message ts is its id.
        Specs: https://api.slack.com/methods/chat.postMessage"""
        text, blocks = alert_message(alert)
        resp = await self._call(
            f"chat.postMessage to {chat.address}",
            self.client.chat_postMessage(
                channel=chat.address,
                text=text,
                blocks=blocks,
                thread_ts=thread_id,
                # The alert says what matters; an unfurled preview of the page would bury it.
                unfurl_links=False,
                unfurl_media=False,
            ),
        )
        return str(resp["ts"])

    async def edit_alert(self, chat: Chat, message_id: str, alert: Alert) -> None:
        """Replace a sent alert. Specs: https://api.slack.com/methods/chat.update"""
        text, blocks = alert_message(alert)
        await self._call(
            f"chat.update of {message_id} in {chat.address}",
            self.client.chat_update(channel=chat.address, ts=message_id, text=text, blocks=blocks),
        )

    async def _call(self, where: str, call: Any) -> Any:
        try:
            return await call
        except Exception as e:
            mapped = delivery_error(e, where)
            if mapped is None:
                raise
            raise mapped from e

    # -- commands in -----------------------------------------------------------------------

    async def start(self) -> None:
        """Begin taking commands. A missing credential is logged in one line and leaves
        commands off (alerts still go out with the bot token); it never raises."""
        if self._config.mode == "http":
            await self._start_http()
        else:
            await self._start_socket()

    async def _start_http(self) -> None:
        if not self._config.signing_secret:
            log.error(
                "slack: NOT taking commands: http mode needs the signing secret "
                "(slack.signing_secret or SLACK_SIGNING_SECRET / SLACK_SIGNING_SECRET_FILE)"
            )
            return
        runner = web.AppRunner(
            self.app.web_app(path=EVENTS_PATH, port=self._config.port),
            access_log=None,
            shutdown_timeout=1.0,
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self._config.listen, self._config.port)
            await site.start()
        except OSError as e:
            await runner.cleanup()
            log.error(
                "slack: NOT taking commands: cannot listen on %s:%d: %s",
                self._config.listen,
                self._config.port,
                e.strerror or e,
            )
            return
        self._runner = runner
        self.port = runner.addresses[0][1]
        self.started = True
        log.info(
            "slack: http mode, Request URL path %s on %s:%d",
            EVENTS_PATH,
            self._config.listen,
            self.port,
        )

    async def _start_socket(self) -> None:
        token = self._config.app_token
        if not token:
            log.error(
                "slack: NOT taking commands: socket mode needs the app-level token "
                "(slack.app_token or SLACK_APP_TOKEN / SLACK_APP_TOKEN_FILE, scope "
                "connections:write), or set slack.mode: http"
            )
            return
        # Ask for a websocket URL ourselves first: a wrong token then gets one clear log line
        # instead of the SDK's endless retry loop with tracebacks.
        # Specs: https://api.slack.com/methods/apps.connections.open
        try:
            opened = await self.client.apps_connections_open(app_token=token)
        except SlackApiError as e:
            code = e.response.get("error") if isinstance(e.response.data, dict) else None
            log.error(
                "slack: NOT taking commands: apps.connections.open refused the app token (%s)",
                code or f"HTTP {e.response.status_code}",
            )
            return
        except Exception as e:  # network: the SDK's own reconnect loop will keep trying
            log.warning("slack: apps.connections.open failed (%s); connecting anyway", e)
            opened = None
        handler = AsyncSocketModeHandler(self.app, token, web_client=self.client)
        if opened is not None:
            handler.client.wss_uri = opened["url"]
        self._socket = handler
        self.started = True
        connect = handler.connect_async()  # type: ignore[no-untyped-call]
        self._connecting = asyncio.create_task(connect, name="slack-socket-mode")
        # Readout must start even while Slack is unreachable (alerts queue meanwhile).
        done, _ = await asyncio.wait({self._connecting}, timeout=self.connect_wait)
        if not done:
            log.warning("slack: Socket Mode not connected yet; it keeps trying in the background")
        else:
            log.info("slack: Socket Mode connected")

    @property
    def connected(self) -> bool:
        """For /healthz: started, and (Socket Mode) the websocket's first connection made."""
        if not self.started:
            return False
        task = self._connecting
        if self._socket is None or task is None:
            return True  # HTTP mode: our server listens
        return task.done() and not task.cancelled() and task.exception() is None

    async def stop(self) -> None:
        """Stop taking commands and release the connection or the listening socket."""
        if self._connecting is not None:
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connecting
            self._connecting = None
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.started = False
