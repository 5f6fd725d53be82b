"""The operator's HTTP endpoint: `/metrics` (Prometheus text format) and `/healthz`.

Started by the composition root (bot.app) on `ops.listen`:`ops.port` (127.0.0.1:9464 by
default; port 0 or null: not started). It reads; it changes nothing.

/healthz answers 200 with JSON when every check passes, else 503 naming what failed:
    store       the store answers a query (within 3 s)
    scheduler   the poll scheduler is running
    platforms   every configured platform is connected (a platform may say so with a
                `connected` attribute; one without it counts as connected)
/metrics reads the outbox depth from the store at scrape time, then renders every metric.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web

from bot.ops.metrics import CONTENT_TYPE, Metrics
from bot.store import Store

log = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 3.0


class OpsServer:
    def __init__(
        self,
        metrics: Metrics,
        store: Store,
        scheduler_running: Callable[[], bool],
        platforms: Mapping[str, object],
        listen: str = "127.0.0.1",
        port: int = 9464,
    ) -> None:
        self._metrics = metrics
        self._store = store
        self._scheduler_running = scheduler_running
        self._platforms = platforms
        self._listen = listen
        self._port = port
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self._listen}:{self._port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics_page)
        app.router.add_get("/healthz", self._healthz)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._listen, self._port).start()
        log.info("ops endpoint at %s (/metrics, /healthz)", self.url)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def health(self) -> tuple[bool, dict[str, Any]]:
        """(healthy, the JSON body): each check with "ok" or why it failed."""
        checks: dict[str, Any] = {}
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_S):
                await self._store.ping()
            checks["store"] = "ok"
        except Exception as e:
            checks["store"] = f"unreachable: {type(e).__name__}"
        checks["scheduler"] = "ok" if self._scheduler_running() else "not running"
        platforms = {
            name: "connected" if getattr(p, "connected", True) else "disconnected"
            for name, p in self._platforms.items()
        }
        checks["platforms"] = platforms
        failed = [k for k in ("store", "scheduler") if checks[k] != "ok"] + [
            f"platform {name}" for name, state in platforms.items() if state != "connected"
        ]
        body: dict[str, Any] = {"status": "unhealthy" if failed else "ok", "checks": checks}
        if failed:
            body["failed"] = failed
        return not failed, body

    async def _healthz(self, request: web.Request) -> web.Response:
        healthy, body = await self.health()
        return web.Response(
            status=200 if healthy else 503,
            text=json.dumps(body),
            content_type="application/json",
        )

    async def _metrics_page(self, request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_S):
                self._metrics.set_queue(await self._store.queue_depth())
        except Exception as e:  # the other metrics are still worth serving
            log.warning("metrics: cannot read the outbox depth: %s", type(e).__name__)
        resp = web.Response(body=self._metrics.render())
        resp.headers["Content-Type"] = CONTENT_TYPE
        return resp
