"""A fake Slack on loopback: the Web API methods Readout calls, response_url hooks, and a
Socket Mode websocket. The real slack_sdk / slack_bolt talk to it over HTTP through base_url.

Strict where Slack is strict: Block Kit limits (≤ 50 blocks, header ≤ 150, section text ≤ 3000,
button text ≤ 75, action value ≤ 2000, a fallback `text` next to blocks) → `invalid_blocks`;
more than 1 message/s per channel (after a small burst) → HTTP 429 with Retry-After; a wrong
token → `invalid_auth`. Faults on demand per channel (channel_not_found, is_archived,
not_in_channel, 500, a 429 with a chosen Retry-After). Records every call and every message.

    Web API   POST/GET /api/<method>: auth.test, chat.postMessage, chat.postEphemeral,
              chat.update, users.info, conversations.info, apps.connections.open
    hooks     POST /hooks/<n>: a slash command's or a button's response_url
    socket    GET /socket: Socket Mode (hello, envelopes out, acks in)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

T = TypeVar("T")

BOT_TOKEN = "xoxb-fake-bot-token"
APP_TOKEN = "xapp-fake-app-token"
BOT_USER = "UBOTREADOUT"


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _text_of(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def block_errors(blocks: Any) -> list[str]:
    """What Slack would refuse in a blocks array (the subset of Block Kit Readout uses)."""
    if not isinstance(blocks, list):
        return ["blocks must be an array"]
    errors: list[str] = []
    if len(blocks) > 50:
        errors.append(f"{len(blocks)} blocks (max 50)")
    action_ids: set[str] = set()

    def check_button(el: dict[str, Any], where: str) -> None:
        text = el.get("text") or {}
        if text.get("type") != "plain_text":
            errors.append(f"{where}: button text must be plain_text")
        if _units(_text_of(text)) > 75:
            errors.append(f"{where}: button text over 75")
        if len(str(el.get("value", ""))) > 2000:
            errors.append(f"{where}: value over 2000")
        if "url" in el and len(str(el["url"])) > 3000:
            errors.append(f"{where}: url over 3000")
        aid = str(el.get("action_id", ""))
        if not aid or len(aid) > 255 or aid in action_ids:
            errors.append(f"{where}: action_id missing, too long or repeated")
        action_ids.add(aid)

    for i, b in enumerate(blocks):
        kind = b.get("type") if isinstance(b, dict) else None
        where = f"blocks[{i}] ({kind})"
        if kind == "header":
            text = b.get("text") or {}
            if text.get("type") != "plain_text" or not _text_of(text):
                errors.append(f"{where}: header needs plain_text")
            elif _units(_text_of(text)) > 150:
                errors.append(f"{where}: header text over 150")
        elif kind == "section":
            text = b.get("text") or {}
            if not _text_of(text) and not b.get("fields"):
                errors.append(f"{where}: empty section")
            if _units(_text_of(text)) > 3000:
                errors.append(f"{where}: section text over 3000")
            if "accessory" in b:
                check_button(b["accessory"], where + ".accessory")
        elif kind == "context":
            elements = b.get("elements") or []
            if not elements or len(elements) > 10:
                errors.append(f"{where}: 1 to 10 elements")
            for el in elements:
                if not _text_of(el):
                    errors.append(f"{where}: empty context element")
        elif kind == "actions":
            elements = b.get("elements") or []
            if not elements or len(elements) > 25:
                errors.append(f"{where}: 1 to 25 elements")
            for j, el in enumerate(elements):
                check_button(el, f"{where}.elements[{j}]")
        elif kind != "divider":
            errors.append(f"{where}: unknown block type")
    return errors


@dataclass
class Message:
    method: str  # chat.postMessage | chat.postEphemeral | chat.update | response_url
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    args: dict[str, Any]  # everything that was sent

    @property
    def all_text(self) -> str:
        """The fallback text and every text in the blocks, for assertions."""
        return self.text + "\n" + json.dumps(self.blocks, ensure_ascii=False)


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class FakeSlack:
    burst: int = 3  # messages a channel may get at once before the 1/s limit bites
    per_second: float = 1.0
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)  # accepted, in order
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # (method, channel, error)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    socket_url: str | None = None  # what apps.connections.open hands out (default: ours)
    base: str = ""

    def __post_init__(self) -> None:
        self._faults: dict[str, list[tuple[str, float]]] = {}
        self._buckets: dict[str, _Bucket] = {}
        self._ts = itertools.count(1)
        self._hooks = itertools.count(1)
        self._cond = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._gates: dict[str, asyncio.Event] = {}

    # -- for tests -------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return self.base + "/api/"

    def fail(self, channel: str, error: str, times: int = 1) -> None:
        """The next `times` messages to `channel` fail with `error` (a Slack error code, or
        "500" for a server error)."""
        self._faults.setdefault(channel, []).extend([(error, 0.0)] * times)

    def rate_limit(self, channel: str, retry_after: float) -> None:
        """The next message to `channel` gets HTTP 429 with this Retry-After."""
        self._faults.setdefault(channel, []).append(("ratelimited", retry_after))

    def hold(self, method: str) -> asyncio.Event:
        """Calls of `method` wait until the returned event is set (to see what happens while
        Slack is slow, without timing anything)."""
        return self._gates.setdefault(method, asyncio.Event())

    def response_url(self) -> str:
        return f"{self.base}/hooks/{next(self._hooks)}"

    def in_channel(self, channel: str, method: str = "chat.postMessage") -> list[Message]:
        return [m for m in self.messages if m.channel == channel and m.method == method]

    def responses(self, url: str | None = None) -> list[Message]:
        return [
            m
            for m in self.messages
            if m.method == "response_url" and (url is None or m.args.get("_url") == url)
        ]

    async def wait_for(self, predicate: Callable[[], T], within: float = 10.0) -> T:
        """Wait until `predicate()` is truthy (re-checked on every recorded event)."""
        async with asyncio.timeout(within), self._cond:
            result = predicate()
            while not result:
                await self._cond.wait()
                result = predicate()
            return result

    async def _changed(self) -> None:
        async with self._cond:
            self._cond.notify_all()

    # -- server ----------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/hooks/{n}", self._hook)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- Web API ---------------------------------------------------------------------------

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                args.update(await request.json())
            else:
                args.update(dict(await request.post()))
        for key in ("blocks",):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        self.calls.append((method, args))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        expected = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if token != expected:
            return self._error(method, "", "invalid_auth")
        handler = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post,
            "chat.postEphemeral": self._post,
            "chat.update": self._post,
            "users.info": self._users_info,
            "conversations.info": self._conversations_info,
            "apps.connections.open": self._connections_open,
        }.get(method)
        if handler is None:
            return self._error(method, "", "unknown_method", status=404)
        gate = self._gates.get(method)
        if gate is not None:
            await gate.wait()
        return await handler(method, args)

    def _error(
        self, method: str, channel: str, error: str, status: int = 200, **headers: str
    ) -> web.Response:
        self.refused.append((method, channel, error))
        return web.json_response({"ok": False, "error": error}, status=status, headers=headers)

    async def _auth_test(self, method: str, args: dict[str, Any]) -> web.Response:
        return web.json_response(
            {
                "ok": True,
                "url": "https://fake.slack.com/",
                "team": "Fake",
                "team_id": "TFAKE",
                "user": "readout",
                "user_id": BOT_USER,
                "bot_id": "BREADOUT",
            }
        )

    async def _users_info(self, method: str, args: dict[str, Any]) -> web.Response:
        user = self.users.get(str(args.get("user")))
        if user is None:
            return self._error(method, "", "user_not_found")
        return web.json_response({"ok": True, "user": {"id": args["user"], **user}})

    def _visible(self, channel_id: str) -> bool:
        """Slack hides a private channel from a bot that is not in it (channel_not_found);
        public ones it may post to without joining (chat:write.public)."""
        channel = self.channels.get(channel_id)
        return channel is not None and bool(
            not channel.get("is_private") or channel.get("is_member")
        )

    async def _conversations_info(self, method: str, args: dict[str, Any]) -> web.Response:
        channel = self.channels.get(str(args.get("channel")))
        if channel is None or not self._visible(str(args.get("channel"))):
            return self._error(method, str(args.get("channel")), "channel_not_found")
        return web.json_response({"ok": True, "channel": {"id": args["channel"], **channel}})

    async def _connections_open(self, method: str, args: dict[str, Any]) -> web.Response:
        ws = self.socket_url or self.base.replace("http://", "ws://") + "/socket"
        return web.json_response({"ok": True, "url": ws})

    def _take_token(self, channel: str) -> float:
        """0 when the channel may get a message now, else the seconds until it may."""
        now = time.monotonic()
        b = self._buckets.setdefault(channel, _Bucket(float(self.burst), now))
        b.tokens = min(float(self.burst), b.tokens + (now - b.at) * self.per_second)
        b.at = now
        if b.tokens >= 1:
            b.tokens -= 1
            return 0.0
        return (1 - b.tokens) / self.per_second

    async def _post(self, method: str, args: dict[str, Any]) -> web.Response:
        channel = str(args.get("channel", ""))
        if args.get("link_names") or args.get("parse") == "full":
            return self._error(method, channel, "link_names_or_parse_full_not_allowed_here")
        queued = self._faults.get(channel)
        if queued:
            error, after = queued.pop(0)
            if error == "ratelimited":
                return self._error(
                    method, channel, error, status=429, **{"Retry-After": f"{after:g}"}
                )
            if error == "500":
                self.refused.append((method, channel, "500"))
                return web.Response(status=500, text="<html>Internal Server Error</html>")
            return self._error(method, channel, error)
        if not self._visible(channel):
            return self._error(method, channel, "channel_not_found")
        blocks = args.get("blocks") or []
        text = args.get("text")
        problems = block_errors(blocks)
        if blocks and not text:
            problems.append("no fallback text next to blocks")
        if not blocks and not text:
            return self._error(method, channel, "no_text")
        if problems:
            self.refused.append((method, channel, "invalid_blocks"))
            return web.json_response(
                {
                    "ok": False,
                    "error": "invalid_blocks",
                    "response_metadata": {"messages": [f"[ERROR] {p}" for p in problems]},
                }
            )
        if method == "chat.postEphemeral" and not args.get("user"):
            return self._error(method, channel, "user_not_in_channel")
        if method == "chat.update":
            ts = str(args.get("ts", ""))
            if not any(m.ts == ts and m.channel == channel for m in self.messages):
                return self._error(method, channel, "message_not_found")
        else:
            wait = self._take_token(channel)
            if wait:
                return self._error(
                    method,
                    channel,
                    "ratelimited",
                    status=429,
                    **{"Retry-After": str(math.ceil(wait))},
                )
            ts = f"{int(time.time())}.{next(self._ts):06d}"
        self.messages.append(Message(method, channel, ts, str(text or ""), blocks, args))
        await self._changed()
        key = "message_ts" if method == "chat.postEphemeral" else "ts"
        return web.json_response({"ok": True, "channel": channel, key: ts})

    # -- response_url ----------------------------------------------------------------------

    async def _hook(self, request: web.Request) -> web.Response:
        body = await request.json()
        url = f"{self.base}/hooks/{request.match_info['n']}"
        problems = block_errors(body.get("blocks") or [])
        if body.get("blocks") and not body.get("text"):
            problems.append("no fallback text next to blocks")
        if problems:
            self.refused.append(("response_url", url, "invalid_blocks"))
            await self._changed()
            return web.Response(status=400, text="invalid_blocks")
        self.messages.append(
            Message(
                "response_url",
                "",
                "",
                str(body.get("text", "")),
                body.get("blocks") or [],
                {**body, "_url": url},
            )
        )
        await self._changed()
        return web.Response(text="ok")

    # -- Socket Mode -----------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await self._changed()
        await ws.send_json({"type": "hello", "num_connections": 1})
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                data = json.loads(msg.data)
                if "envelope_id" in data:
                    self.socket_acks.append(data)
                    await self._changed()
        return ws

    @property
    def socket_connected(self) -> bool:
        return any(not ws.closed for ws in self._sockets)

    async def socket_send(self, envelope: dict[str, Any]) -> None:
        """Deliver an envelope (slash_commands, interactive) over the open socket."""
        ws = next(ws for ws in reversed(self._sockets) if not ws.closed)
        await ws.send_json(envelope)
