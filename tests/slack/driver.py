"""Slack's side of the conversation, for tests: signed HTTP requests to bolt (slash commands,
button clicks) as Slack sends them, and a running Readout (bot.app.serve) wired to the fake.

Signatures follow https://api.slack.com/authentication/verifying-requests-from-slack:
`v0=` + hex HMAC-SHA256(signing secret, "v0:<timestamp>:<raw body>").
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bot.app import Running, serve
from bot.clock import Clock
from bot.config import Config
from handlers.slack import SlackPlatform
from tests.fakes.feed_server import FeedServer, Item, Route, rss
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack, Message

SECRET = "fake-signing-secret-0123456789abcdef"


def free_port() -> int:
    """A port nothing listens on now (slack.port must be 1..65535, so not 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sign(body: bytes, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def slash_payload(
    fake: FakeSlack, line: str, channel: str, user: str, channel_name: str
) -> dict[str, str]:
    command, _, text = line.partition(" ")
    return {
        "token": "deprecated-verification-token",
        "team_id": "TFAKE",
        "team_domain": "fake",
        "channel_id": channel,
        "channel_name": channel_name,
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": "AREADOUT",
        "response_url": fake.response_url(),
        "trigger_id": "1.2.3",
    }


def action_payload(
    fake: FakeSlack, element: dict[str, Any], channel: str, user: str, message_ts: str = ""
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "TFAKE", "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "team_id": "TFAKE"},
        "api_app_id": "AREADOUT",
        "token": "deprecated-verification-token",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
        "trigger_id": "1.2.3",
        "channel": {"id": channel, "name": "general"},
        "response_url": fake.response_url(),
        "actions": [
            {
                "type": "button",
                "block_id": "b1",
                "action_id": element["action_id"],
                "value": element.get("value", ""),
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def buttons(message: Message) -> list[dict[str, Any]]:
    """Every button of a message: actions elements and section accessories."""
    found: list[dict[str, Any]] = []
    for b in message.blocks:
        if b["type"] == "actions":
            found.extend(b["elements"])
        elif b.get("accessory", {}).get("type") == "button":
            found.append(b["accessory"])
    return found


def button(message: Message, label: str) -> dict[str, Any]:
    return next(b for b in buttons(message) if b["text"]["text"] == label)


@dataclass
class Driver:
    """Posts to bolt's Request URL like Slack does."""

    fake: FakeSlack
    url: str
    secret: str = SECRET
    statuses: list[int] = field(default_factory=list)

    async def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                self.url,
                data=body,
                headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
            ) as resp,
        ):
            self.statuses.append(resp.status)
            return resp.status, await resp.text()

    async def command(
        self,
        line: str,
        channel: str = "C1",
        user: str = "U1",
        channel_name: str = "general",
        **signing: Any,
    ) -> tuple[int, str, str]:
        """Send a slash command; (HTTP status, body, the response_url it carried)."""
        payload = slash_payload(self.fake, line, channel, user, channel_name)
        body = urlencode(payload).encode()
        status, text = await self.post(
            body, sign(body, signing.get("secret", self.secret), signing.get("timestamp"))
        )
        return status, text, payload["response_url"]

    async def said(self, line: str, **kw: Any) -> Message:
        """Send a slash command and wait for its answer through the response_url."""
        status, _, url = await self.command(line, **kw)
        assert status == 200, f"bolt answered {status} to {line}"
        (answer,) = await self.fake.wait_for(lambda: self.fake.responses(url))
        return answer

    async def click(
        self, element: dict[str, Any], channel: str = "C1", user: str = "U1", ts: str = ""
    ) -> Message:
        """Press a button; wait for the answer through the response_url."""
        payload = action_payload(self.fake, element, channel, user, ts)
        body = urlencode({"payload": json.dumps(payload)}).encode()
        status, _ = await self.post(body, sign(body, self.secret))
        assert status == 200
        url = payload["response_url"]
        (answer,) = await self.fake.wait_for(lambda: self.fake.responses(url))
        return answer


@dataclass
class Live:
    """A running Readout (the real composition root) with Slack in HTTP mode."""

    running: Running
    slack: SlackPlatform
    driver: Driver


def live_config(tmp_path: Path, fake: FakeSlack, **slack: Any) -> Config:
    return Config.model_validate(
        {
            "database": {"url": f"sqlite:///{tmp_path}/readout.db"},
            "http": {"allow_private": True, "timeout": 5},
            "console": {"enabled": "off"},
            "admins": ["slack:UBOSS"],
            "slack": {
                "bot_token": BOT_TOKEN,
                "signing_secret": SECRET,
                "mode": "http",
                "listen": "127.0.0.1",
                "port": free_port(),
                "api_base_url": fake.api_url,
                **slack,
            },
        }
    )


@contextlib.asynccontextmanager
async def live_readout(config: Config, clock: Clock, fake: FakeSlack) -> AsyncIterator[Live]:
    """bot.app.serve in a task until the block ends; stopped and awaited afterwards."""
    stop = asyncio.Event()
    ready: asyncio.Future[Running] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(config, stop, clock=clock, ready=ready.set_result))
    waiters: set[asyncio.Future[Any]] = {task, ready}
    done, _ = await asyncio.wait(waiters, timeout=30, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # serve ended early: raise its error
        raise AssertionError("serve() returned before it was ready")
    assert ready in done, "serve() did not become ready in 30 s"
    running = ready.result()
    platform = running.platforms["slack"]
    assert isinstance(platform, SlackPlatform) and platform.port is not None
    try:
        yield Live(
            running, platform, Driver(fake, f"http://127.0.0.1:{platform.port}/slack/events")
        )
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def publish(feed: FeedServer, *items: tuple[str, str, str]) -> None:
    """List statements (guid, title as HTML, text) in the fake ministry's feed, each with its
    full text in content:encoded. The full text spares the pipeline reading the page with
    trafilatura, whose deduplication cache is global to the process: pages read again and
    again across tests would start to come back empty."""
    listed = [
        Item(
            guid,
            title,
            feed.url(f"/{guid}.html"),
            "Teaser",
            content="".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n")),
            published=datetime(2020, 12, 22, 9, tzinfo=UTC),
        )
        for guid, title, text in items
    ]
    feed.set("/rss", Route(rss(listed)))
