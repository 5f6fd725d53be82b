"""Poll cost: CPU time Readout spends per poll of 1,000 sources on a local server.

A separate process serves 1,000 RSS feeds of 20 items each (so its CPU is not counted). In one
run the real Pipeline polls every source:
  1. first poll   every feed is new to Readout: fetched, parsed, its items recorded as seen
  2. unchanged    every feed answers 304 to the conditional GET: nothing parsed
  3. changed      every feed has one new item with its full text: parsed, analysed, stored
  4. reference    the same unchanged feeds fetched WITHOUT conditional GET and parsed, as a
                  reader without ETag support would
and reports CPU milliseconds per poll (time.process_time of this process) for each, the ratio
of the 304 poll to the reference (what conditional GET saves), and, last, one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_SOURCES = 1000
ITEMS = 20


def _feed(source: int, extra: int) -> bytes:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    items = []
    for i in range(ITEMS + extra):
        when = format_datetime(base + timedelta(hours=i))
        text = (
            f"Release {i} of ministry {source}. The ministers of India and Japan met in Tokyo "
            "and reaffirmed their commitment to a free and open Indo-Pacific. " * 3
        )
        full = i >= ITEMS  # new items carry their full text
        body = f"<content:encoded><![CDATA[<p>{text * 4}</p>]]></content:encoded>" if full else ""
        items.append(
            f"<item><title>Release {i}</title><link>https://m{source}.example/r/{i}</link>"
            f"<guid>m{source}-{i}</guid><pubDate>{when}</pubDate>"
            f"<description>{escape(text[:200])}</description>{body}</item>"
        )
    items.reverse()
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Ministry {source}</title><link>https://m{source}.example/</link>"
        "<description>bench</description>" + "".join(items) + "</channel></rss>"
    ).encode()


def _serve(port_queue: multiprocessing.Queue, extra: multiprocessing.Value) -> None:  # type: ignore[type-arg]
    import hashlib

    from aiohttp import web

    async def handle(request: web.Request) -> web.Response:
        source = int(request.match_info["n"])
        body = _feed(source, extra.value)
        tag = '"' + hashlib.md5(body).hexdigest() + '"'
        if request.headers.get("If-None-Match") == tag:
            return web.Response(status=304, headers={"ETag": tag})
        return web.Response(body=body, content_type="application/rss+xml", headers={"ETag": tag})

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{n}.xml", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_queue.put(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())


async def _poll_all(pipeline, ids: list[str]) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    results = await asyncio.gather(*(pipeline.poll(i) for i in ids))
    spent = time.process_time() - start
    errors = [r for r in results if r.outcome == "error"]
    if errors:
        raise SystemExit(f"{len(errors)} polls failed, e.g. {errors[0].error}")
    return spent * 1000 / len(ids)


async def run(base: str, extra: multiprocessing.Value) -> dict[str, float]:  # type: ignore[type-arg]
    from bot.clock import SystemClock
    from bot.config import HttpConfig, SchedulerConfig, SourceConfig
    from bot.pipeline import Pipeline
    from bot.sources.fetch import Fetcher
    from bot.sources.parse import parse_feed
    from bot.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = await open_store(f"sqlite:///{tmp}/bench.db")
        fetcher = Fetcher(HttpConfig(allow_private=True, per_host=32, timeout=120))
        pipeline = Pipeline(store, fetcher, SystemClock(), SchedulerConfig())
        ids = [f"m{i}" for i in range(N_SOURCES)]
        await store.sync_sources(
            SourceConfig(id=f"m{i}", name=f"Ministry {i}", url=f"{base}/feed/{i}.xml")
            for i in range(N_SOURCES)
        )
        first = await _poll_all(pipeline, ids)
        unchanged = await _poll_all(pipeline, ids)
        extra.value = 1
        changed = await _poll_all(pipeline, ids)
        # Reference: no conditional GET, parse every time.
        start = time.process_time()

        async def plain(i: int) -> None:
            fetched = await fetcher.fetch(f"{base}/feed/{i}.xml")
            parse_feed(fetched)

        await asyncio.gather(*(plain(i) for i in range(N_SOURCES)))
        reference = (time.process_time() - start) * 1000 / N_SOURCES
        statements = await store.count_statements()
        await fetcher.aclose()
        await store.close()
    assert statements == N_SOURCES, statements
    return {
        "first_ms": first,
        "unchanged_304_ms": unchanged,
        "changed_ms": changed,
        "reference_no_conditional_ms": reference,
    }


def main() -> int:
    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue = ctx.Queue()  # type: ignore[type-arg]
    extra = ctx.Value("i", 0)
    server = ctx.Process(target=_serve, args=(ports, extra), daemon=True)
    server.start()
    try:
        base = f"http://127.0.0.1:{ports.get(timeout=30)}"
        r = asyncio.run(run(base, extra))
    finally:
        server.terminate()
        server.join()
    print(f"sources: {N_SOURCES}, items per feed: {ITEMS}")
    print(f"first poll (parse, record as seen):    {r['first_ms']:.2f} ms CPU per source")
    print(f"unchanged feed (304):                  {r['unchanged_304_ms']:.2f} ms CPU per source")
    print(f"changed feed (1 new statement stored): {r['changed_ms']:.2f} ms CPU per source")
    print(f"reference, no conditional GET:         {r['reference_no_conditional_ms']:.2f} ms CPU")
    ratio = r["unchanged_304_ms"] / r["reference_no_conditional_ms"]
    print(f"304 poll / unconditional poll: {ratio:.3f}")
    print(
        json.dumps(
            {
                "bench": "polls",
                **{k: round(v, 3) for k, v in r.items()},
                "ratio_304_vs_unconditional": round(ratio, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
