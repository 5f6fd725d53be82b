"""A fake ministry web site on loopback: feeds, list pages and article pages, with faults on
demand (status codes, delays, redirects, huge bodies, a trickle of one byte at a time, an
endless chunked stream) and a log of every request.

Each route is a `Route` the test can change between polls. ETag / Last-Modified are answered
like a real server: a matching conditional GET gets 304.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

from aiohttp import web


@dataclass
class Route:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True  # answer If-None-Match with 304 when the body is unchanged
    last_modified: str | None = None
    delay: float = 0.0  # seconds before answering
    chunks: int = 0  # > 0: stream the body in this many pieces
    trickle: float = 0.0  # > 0: stream the body one byte at a time, this many seconds apart
    endless: bool = False  # stream the body over and over, chunked, until the client leaves


@dataclass
class Seen:
    path: str
    status: int
    headers: dict[str, str]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.base = ""
        self.streamed = 0  # bytes written by the last trickle / endless stream
        self._runner: web.AppRunner | None = None

    def url(self, path: str) -> str:
        return self.base + path

    def set(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def hits(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs
        route = self.routes.get(path) or self.routes.get(request.path)
        if route is None:
            self.seen.append(Seen(path, 404, dict(request.headers)))
            return web.Response(status=404, text="not found")
        if route.delay:
            await asyncio.sleep(route.delay)
        body = route.body.encode() if isinstance(route.body, str) else route.body
        headers = dict(route.headers)
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if route.etag and route.status == 200:
            headers["ETag"] = tag
            if request.headers.get("If-None-Match") == tag:
                self.seen.append(Seen(path, 304, dict(request.headers)))
                return web.Response(status=304, headers={"ETag": tag})
        if route.last_modified and route.status == 200:
            headers["Last-Modified"] = route.last_modified
            if request.headers.get("If-Modified-Since") == route.last_modified and not route.etag:
                self.seen.append(Seen(path, 304, dict(request.headers)))
                return web.Response(status=304)
        self.seen.append(Seen(path, route.status, dict(request.headers)))
        if route.trickle or route.endless:
            return await self._stream(request, route, body, headers)
        if route.chunks:
            resp = web.StreamResponse(status=route.status, headers=headers)
            resp.content_type = route.content_type
            await resp.prepare(request)
            step = max(len(body) // route.chunks, 1)
            for i in range(0, len(body), step):
                await resp.write(body[i : i + step])
            await resp.write_eof()
            return resp
        return web.Response(
            status=route.status, body=body, headers=headers, content_type=route.content_type
        )

    async def _stream(
        self, request: web.Request, route: Route, body: bytes, headers: dict[str, str]
    ) -> web.StreamResponse:
        """A trickle (one byte every `route.trickle` seconds) or an endless repetition of the
        body; either ends when the client hangs up."""
        headers.pop("ETag", None)
        resp = web.StreamResponse(status=route.status, headers=headers)
        resp.content_type = route.content_type
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        self.streamed = 0
        try:
            if route.trickle:
                for i in range(len(body)):
                    await resp.write(body[i : i + 1])
                    self.streamed += 1
                    await asyncio.sleep(route.trickle)
            else:
                piece = body or b"x" * 65536
                while True:
                    await resp.write(piece)
                    self.streamed += len(piece)
                    await asyncio.sleep(0)
        except (ConnectionError, RuntimeError):
            return resp  # the client hung up: what the test wants
        await resp.write_eof()
        return resp

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@dataclass
class Item:
    guid: str | None
    title: str
    link: str | None
    description: str = ""
    content: str | None = None  # content:encoded (full text)
    published: datetime | None = None


def rss(items: list[Item], title: str = "Test ministry") -> str:
    """An RSS 2.0 document, newest first as given."""
    parts = []
    for it in items:
        x = [f"<title>{escape(it.title)}</title>"]
        if it.link:
            x.append(f"<link>{escape(it.link)}</link>")
        if it.guid:
            x.append(f'<guid isPermaLink="false">{escape(it.guid)}</guid>')
        if it.published:
            x.append(f"<pubDate>{format_datetime(it.published.astimezone(UTC))}</pubDate>")
        x.append(f"<description>{escape(it.description)}</description>")
        if it.content:
            x.append(f"<content:encoded><![CDATA[{it.content}]]></content:encoded>")
        parts.append("<item>" + "".join(x) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>http://example.invalid/</link>"
        "<description>test</description>" + "".join(parts) + "</channel></rss>"
    )


def article_html(title: str, text: str) -> str:
    paras = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
        "<body><nav><a href='/'>Home</a> <a href='/press'>Press</a></nav>"
        f"<main><article><h1>{escape(title)}</h1>{paras}</article></main>"
        "<footer>Footer text of the ministry site</footer></body></html>"
    )
