"""Fetching over HTTP: conditional GET, a total time budget, a streamed size cap, redirect cap.

Owns the httpx client and turns every transport outcome into a `Fetched` or a `FetchError`
(see bot.errors). Knows nothing of feeds, statements or the store.

- Conditional GET: the caller passes the ETag / Last-Modified it has; a 304 comes back as
  `Fetched(not_modified=True)` and nothing else is read.
- Size: the body is counted while it streams (after decompression, so a gzip bomb stops at
  the cap too) and the request is abandoned at `http.max_bytes` (`http.max_page_bytes` for
  article pages, which go on to trafilatura: about 4 s of CPU per MB of HTML).
- Time: `http.timeout` bounds the whole fetch, not each read, so a server that trickles one
  byte a second cannot hold a poll open.
- Redirects are followed by hand, at most `http.max_redirects`, so every hop can be checked.
- Every connection passes the address guard (bot.sources.guard), redirects included.
- Per host, at most `http.per_host` requests run at once: one slow ministry never starves the
  others, and no ministry sees more than a couple of connections from us.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpx

from bot.config import HttpConfig
from bot.errors import (
    AddressRefused,
    BodyTooLarge,
    FetchError,
    FetchHTTPError,
    FetchTimeout,
    TooManyRedirects,
)
from bot.models import Fetched
from bot.sources.guard import Resolver, guarded_transport, system_resolver

if TYPE_CHECKING:
    from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)

_REDIRECTS = {301, 302, 303, 307, 308}
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.5, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
# Failure reasons, as the readout_fetch_failures_total metric labels them.
_REASONS: dict[type[FetchError], str] = {
    FetchTimeout: "timeout",
    BodyTooLarge: "too_large",
    FetchHTTPError: "http",
    TooManyRedirects: "redirects",
    AddressRefused: "refused",
}


class Fetcher:
    def __init__(
        self,
        config: HttpConfig,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver = system_resolver,
        metrics: Metrics | None = None,
    ) -> None:
        self._config = config
        self._metrics = metrics
        self.page_max_bytes = config.max_page_bytes
        if transport is None:
            transport = guarded_transport(config.allow_private, config.ports, resolver)
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(config.timeout),
            follow_redirects=False,
            headers={"User-Agent": config.user_agent},
            transport=transport,
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )
        self._per_host: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(config.per_host)
        )

    @property
    def time_budget(self) -> float:
        """Seconds one fetch may take at most (http.timeout)."""
        return self._config.timeout

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        max_bytes: int | None = None,
    ) -> Fetched:
        """GET `url` within the time budget. Raises a FetchError subclass on any failure.
        `max_bytes` lowers the size cap for this fetch (article pages)."""
        if self._metrics is None:
            return await self._fetch(url, etag, last_modified, accept, max_bytes)
        kind = "page" if accept == PAGE_ACCEPT else "feed"
        started = time.perf_counter()
        try:
            fetched = await self._fetch(url, etag, last_modified, accept, max_bytes)
        except FetchError as e:
            self._metrics.fetched(
                kind, time.perf_counter() - started, _REASONS.get(type(e), "network")
            )
            raise
        self._metrics.fetched(kind, time.perf_counter() - started)
        return fetched

    async def _fetch(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        accept: str,
        max_bytes: int | None,
    ) -> Fetched:
        cap = min(max_bytes or self._config.max_bytes, self._config.max_bytes)
        try:
            async with asyncio.timeout(self._config.timeout):
                return await self._follow(url, etag, last_modified, accept, cap)
        except TimeoutError:
            raise FetchTimeout(f"timed out after {self._config.timeout:g}s: {url}") from None
        except httpx.TimeoutException:
            raise FetchTimeout(f"timed out: {url}") from None
        except httpx.InvalidURL as e:
            raise FetchError(f"invalid URL {url!r}: {e}") from None
        except httpx.HTTPError as e:
            raise FetchError(f"network error for {url}: {type(e).__name__}: {e}") from None

    async def _follow(
        self, url: str, etag: str | None, last_modified: str | None, accept: str, cap: int
    ) -> Fetched:
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(self._config.max_redirects + 1):
            if urlsplit(url).scheme not in ("http", "https"):
                raise FetchError(f"only http and https URLs are fetched: {url}")
            host = urlsplit(url).netloc.lower()
            async with self._per_host[host]:
                result = await self._once(url, headers, cap)
            if isinstance(result, Fetched):
                return result
            url = result  # a redirect target
        raise TooManyRedirects(f"more than {self._config.max_redirects} redirects: {url}")

    async def _once(self, url: str, headers: dict[str, str], cap: int) -> Fetched | str:
        async with self._client.stream("GET", url, headers=headers) as resp:
            if resp.status_code in _REDIRECTS:
                location = resp.headers.get("Location")
                if not location:
                    raise FetchHTTPError(resp.status_code, url)
                return str(urljoin(url, location))
            if resp.status_code == 304:
                return Fetched(url=url, status=304, not_modified=True)
            if resp.status_code >= 400:
                raise FetchHTTPError(resp.status_code, url)
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > cap:
                raise BodyTooLarge(
                    f"body of {int(declared)} bytes declared, over the cap ({cap}): {url}"
                )
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    raise BodyTooLarge(f"body over max_bytes ({cap}), stopped reading: {url}")
                chunks.append(chunk)
            return Fetched(
                url=str(resp.url),
                status=resp.status_code,
                body=b"".join(chunks),
                content_type=resp.headers.get("Content-Type", ""),
                etag=resp.headers.get("ETag"),
                last_modified=resp.headers.get("Last-Modified"),
            )
