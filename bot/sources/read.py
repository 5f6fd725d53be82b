"""Reading an article page: fetch it and extract its main text with trafilatura.

Owns page extraction only; the HTTP is the Fetcher's and the decision to read is the
pipeline's. Extraction is CPU work (trafilatura takes seconds per MB of HTML), so it runs in a
worker thread, and a page is fetched with the smaller cap `http.max_page_bytes`: trafilatura
never sees more. The text kept is at most `MAX_TEXT_CHARS`, like a feed's.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import trafilatura

from bot.sources.fetch import PAGE_ACCEPT, Fetcher
from bot.sources.parse import MAX_TEXT_CHARS, MAX_TITLE_CHARS

# Shorter than this, an extraction is a cookie banner or an error page, not a statement.
MIN_TEXT_CHARS = 200


@dataclass(frozen=True, slots=True)
class Article:
    url: str
    text: str | None
    title: str | None


def extract(html: bytes | str, url: str | None = None) -> tuple[str | None, str | None]:
    """(main text, title) of an HTML page; text None when nothing like an article is found."""
    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,  # its cache is process-wide: repeated pages would come back empty
    )
    meta = trafilatura.extract_metadata(html)
    title = meta.title[:MAX_TITLE_CHARS] if meta is not None and meta.title else None
    if text is None or len(text) < MIN_TEXT_CHARS:
        return None, title
    return text[:MAX_TEXT_CHARS], title


async def read_article(fetcher: Fetcher, url: str) -> Article:
    """Fetch and extract one article page. FetchError propagates to the caller."""
    fetched = await fetcher.fetch(url, accept=PAGE_ACCEPT, max_bytes=fetcher.page_max_bytes)
    text, title = await asyncio.to_thread(extract, fetched.body, fetched.url)
    return Article(url=fetched.url, text=text, title=title)
