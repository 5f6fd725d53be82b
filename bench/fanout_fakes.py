"""The fakes the fan-out benchmark sends to (tests/fakes), each run in a process of its own so
that its CPU is not counted, with a small control endpoint: /stats (how many were accepted,
first and last, how many answered 429) and /reset."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import time
from typing import Any

SLACK_CHANNELS = 60


# -- the fakes, each in its own process, with a small control endpoint ---------------------------


def _serve_fake(kind: str, n_private: int, n_groups: int, ports: Any) -> None:
    from aiohttp import web

    async def main() -> None:
        if kind == "telegram":
            from tests.fakes.telegram_api import FakeTelegram

            fake: Any = FakeTelegram()
            for i in range(n_private):
                fake.chat(100_000 + i)
            for i in range(n_groups):
                fake.chat(-1_000_000_000 - i, kind="supergroup")
        else:
            from tests.fakes.slack_api import FakeSlack

            fake = FakeSlack()
            for i in range(SLACK_CHANNELS):
                cid = f"C{i:05d}"
                fake.channels[cid] = {"id": cid, "name": f"c{i}", "is_private": False}
        stamps: list[float] = []
        if kind == "telegram":
            original = fake._m_sendMessage

            async def send(p: dict[str, Any]) -> Any:
                result = await original(p)
                stamps.append(time.monotonic())
                return result

            fake._m_sendMessage = send
        else:
            original_post = fake._post

            async def post(method: str, args: dict[str, Any]) -> Any:
                resp = await original_post(method, args)
                if resp.status == 200 and json.loads(resp.body).get("ok"):
                    stamps.append(time.monotonic())
                return resp

            fake._post = post
        await fake.start()

        def refused_429() -> int:
            if kind == "telegram":
                return sum(1 for r in fake.rejected if r[1] == 429)
            return sum(1 for r in fake.refused if r[2] == "ratelimited")

        async def stats(request: web.Request) -> web.Response:
            return web.json_response(
                {
                    "sent": len(stamps),
                    "first": stamps[0] if stamps else None,
                    "last": stamps[-1] if stamps else None,
                    "r429": refused_429(),
                }
            )

        async def reset(request: web.Request) -> web.Response:
            stamps.clear()
            if kind == "telegram":
                fake.rejected.clear()
                fake.sent.clear()
                fake.limits._token.clear()
                fake.limits._chats.clear()
                fake.limits._groups.clear()
            else:
                fake.refused.clear()
                fake.messages.clear()
                fake._buckets.clear()
            return web.json_response({"ok": True})

        control = web.Application()
        control.router.add_get("/stats", stats)
        control.router.add_post("/reset", reset)
        runner = web.AppRunner(control, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        ports.put((fake.api_url, runner.addresses[0][1]))
        await asyncio.Event().wait()

    asyncio.run(main())


async def stats(client: Any, control: str) -> dict[str, Any]:
    return dict((await client.get(f"{control}/stats")).json())


async def wait_all(client: Any, control: str, n: int, limit_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + limit_s
    while True:
        s = await stats(client, control)
        if s["sent"] >= n or time.monotonic() > deadline:
            return s
        await asyncio.sleep(0.1)


def start_fake(kind: str, n_private: int = 0, n_groups: int = 0) -> tuple[Any, str, str]:
    ctx = multiprocessing.get_context("spawn")
    ports: Any = ctx.Queue()
    proc = ctx.Process(target=_serve_fake, args=(kind, n_private, n_groups, ports), daemon=True)
    proc.start()
    api_url, control_port = ports.get(timeout=60)
    return proc, api_url, f"http://127.0.0.1:{control_port}"
