"""Fetching over real HTTP against the fake ministry on loopback."""

from __future__ import annotations

import gzip

import pytest

from bot.config import HttpConfig
from bot.errors import BodyTooLarge, FetchHTTPError, FetchTimeout, TooManyRedirects
from bot.sources.fetch import Fetcher
from tests.fakes.feed_server import FeedServer, Route


@pytest.fixture
async def fetcher():  # type: ignore[no-untyped-def]
    f = Fetcher(
        HttpConfig(allow_private=True, timeout=2, max_bytes=64 * 1024, user_agent="ReadoutTest/1")
    )
    yield f
    await f.aclose()


async def test_conditional_get_returns_not_modified(fetcher: Fetcher, feed_server: FeedServer):
    feed_server.set("/feed.xml", Route("<rss/>", last_modified="Tue, 22 Dec 2020 10:00:00 GMT"))
    first = await fetcher.fetch(feed_server.url("/feed.xml"))
    assert first.status == 200 and first.etag and first.body == b"<rss/>"
    second = await fetcher.fetch(feed_server.url("/feed.xml"), first.etag, first.last_modified)
    assert second.not_modified and second.body == b""
    (_, hit) = feed_server.hits("/feed.xml")
    assert hit.headers["If-None-Match"] == first.etag
    assert hit.headers["If-Modified-Since"] == "Tue, 22 Dec 2020 10:00:00 GMT"
    assert hit.headers["User-Agent"] == "ReadoutTest/1"


async def test_body_over_cap_is_cut_while_streaming(fetcher: Fetcher, feed_server: FeedServer):
    feed_server.set("/big.xml", Route(b"x" * (1024 * 1024), chunks=64))
    with pytest.raises(BodyTooLarge, match="max_bytes"):
        await fetcher.fetch(feed_server.url("/big.xml"))


async def test_gzip_bomb_stops_at_the_cap(fetcher: Fetcher, feed_server: FeedServer):
    bomb = gzip.compress(b"<" * (20 * 1024 * 1024))  # 20 MB that compresses to ~20 kB
    feed_server.set("/bomb.xml", Route(bomb, headers={"Content-Encoding": "gzip"}, etag=False))
    with pytest.raises(BodyTooLarge):
        await fetcher.fetch(feed_server.url("/bomb.xml"))


async def test_redirects_followed_then_capped(fetcher: Fetcher, feed_server: FeedServer):
    feed_server.set("/old", Route(status=301, headers={"Location": "/new"}))
    feed_server.set("/new", Route("<rss/>"))
    got = await fetcher.fetch(feed_server.url("/old"))
    assert got.url.endswith("/new") and got.body == b"<rss/>"
    feed_server.set("/loop", Route(status=302, headers={"Location": "/loop"}))
    with pytest.raises(TooManyRedirects):
        await fetcher.fetch(feed_server.url("/loop"))
    assert len(feed_server.hits("/loop")) == 6  # the first request and 5 redirects


async def test_error_status_and_timeout(fetcher: Fetcher, feed_server: FeedServer):
    feed_server.set("/gone", Route(status=410))
    with pytest.raises(FetchHTTPError) as err:
        await fetcher.fetch(feed_server.url("/gone"))
    assert err.value.status == 410
    feed_server.set("/slow", Route("<rss/>", delay=10))
    with pytest.raises(FetchTimeout):
        await fetcher.fetch(feed_server.url("/slow"))
