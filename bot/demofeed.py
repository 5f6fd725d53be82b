"""A loopback "ministry" for the demo: serves the bundled real statements as an RSS feed and
as article pages, publishing them when told to, as a live source would.

Owns only this little HTTP server (aiohttp). The feed answers conditional GETs (ETag) so the
demo shows a 304 poll; half the items carry their full text in the feed and half only a
teaser, so that the pipeline reads those pages with trafilatura, as it does for real sources.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from importlib import resources
from typing import Any

from aiohttp import web


@dataclass(frozen=True, slots=True)
class Sample:
    id: str
    url: str | None
    source: str
    published: datetime | None
    title: str | None
    text: str


def load_samples() -> list[Sample]:
    raw = resources.files("bot").joinpath("samples", "statements.jsonl").read_text("utf-8")
    out = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        r: dict[str, Any] = json.loads(line)
        published = None
        day = r.get("published") or ""
        if len(day) == 7:  # "2021-10": the month is all the source says
            day += "-01"
        if len(day) == 10:
            published = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)
        out.append(Sample(r["id"], r.get("url"), r["source"], published, r.get("title"), r["text"]))
    return out


def _paragraphs(text: str) -> str:
    return "\n".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def article_page(s: Sample) -> str:
    title = escape(s.title or s.id)
    origin = (
        f'<p>Originally published at <a href="{escape(s.url)}">{escape(s.url)}</a></p>'
        if s.url
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/press">Press releases</a></li>
<li><a href="/contact">Contact</a></li></ul></nav>
<main><article><h1>{title}</h1>
{_paragraphs(s.text)}
</article></main>
<footer><p>Source: {escape(s.source)}</p>{origin}<p>Demo mirror served by Readout.</p></footer>
</body></html>"""


class DemoFeed:
    """The feed lists `published` samples, newest first."""

    def __init__(self, samples: list[Sample]) -> None:
        self.samples = samples
        self.published: list[Sample] = []
        self.requests: list[tuple[str, int]] = []
        self.base = ""
        self._runner: web.AppRunner | None = None

    def publish(self, items: list[Sample]) -> None:
        self.published.extend(items)

    def _feed(self) -> str:
        items = []
        for i, s in enumerate(reversed(self.published)):
            link = f"{self.base}/statements/{s.id}.html"
            full = i % 2 == 0  # every other item carries its full text
            desc = s.text if full else s.text[:240].rsplit(" ", 1)[0] + " …"
            date = f"<pubDate>{format_datetime(s.published)}</pubDate>" if s.published else ""
            items.append(
                f"<item><title>{escape(s.title or s.text[:90])}</title><link>{link}</link>"
                f'<guid isPermaLink="false">demo:{s.id}</guid>{date}'
                f"<description>{escape(desc)}</description>"
                f'<source url="{escape(s.url or link)}">{escape(s.source)}</source></item>'
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            "<title>Readout demo ministry</title><link>" + self.base + "/</link>"
            "<description>Real statements, served on loopback</description>"
            + "".join(items)
            + "</channel></rss>"
        )

    async def _serve_feed(self, request: web.Request) -> web.Response:
        body = self._feed()
        etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            self.requests.append((request.path, 304))
            return web.Response(status=304, headers={"ETag": etag})
        self.requests.append((request.path, 200))
        return web.Response(text=body, content_type="application/rss+xml", headers={"ETag": etag})

    async def _serve_page(self, request: web.Request) -> web.Response:
        sid = request.match_info["sid"]
        for s in self.published:
            if s.id == sid:
                self.requests.append((request.path, 200))
                return web.Response(text=article_page(s), content_type="text/html")
        self.requests.append((request.path, 404))
        raise web.HTTPNotFound()

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/feed.xml", self._serve_feed)
        app.router.add_get("/statements/{sid}.html", self._serve_page)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}"
        return f"{self.base}/feed.xml"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
