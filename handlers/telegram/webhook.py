"""Webhook mode: a small aiohttp server that takes Telegram's update POSTs.

Owns only the HTTP edge of webhook mode: listen on `telegram.listen:port` at the path of
`telegram.webhook_url` (TLS is the reverse proxy's job), refuse every request whose
X-Telegram-Bot-Api-Secret-Token header is not our secret (403), and put each update on the PTB
Application's update queue, where the same handlers as in polling mode take it. Registering the
URL with Telegram (setWebhook) is the platform's.

This follows PTB's "custom webhook" pattern (examples/customwebhookbot) rather than
Updater.start_webhook, which would add tornado to our dependencies for the same job.
Specs: https://core.telegram.org/bots/api#setwebhook (secret_token, the header)
"""

from __future__ import annotations

import hmac
import logging
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # an update is a few kB; anything larger is not from Telegram


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


class WebhookServer:
    def __init__(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        listen: str,
        port: int,
        path: str,
        secret: str,
    ) -> None:
        self._app = app
        self._listen, self._port, self._path = listen, port, path
        self._secret = secret.encode()
        self._runner: web.AppRunner | None = None
        self.address: tuple[str, int] | None = None  # where it listens, once started

    async def start(self) -> None:
        server = web.Application(client_max_size=MAX_BODY)
        server.router.add_post(self._path, self._receive)
        self._runner = web.AppRunner(server, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._listen, self._port).start()
        host, port = self._runner.addresses[0][:2]
        self.address = (str(host), int(port))
        log.info("telegram: webhook listening on %s:%d%s", host, port, self._path)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):  # constant time: no guessing by timing
            log.warning(
                "telegram: webhook request from %s refused: wrong secret token", request.remote
            )
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            update = Update.de_json(data, self._app.bot)
        except Exception:
            log.warning("telegram: webhook request with an unreadable body ignored")
            return web.Response(status=400, text="bad update")
        await self._app.update_queue.put(update)
        return web.Response(text="ok")
