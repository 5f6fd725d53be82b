"""Parsing a fetched body into entries: RSS/Atom with feedparser, HTML list pages with a CSS
selector (lxml + cssselect). Pure: bytes in, `Entry` list out; no network, no store.

An entry's identity decides whether it is new: its guid, else its normalised link, else a hash
of its title and description. Never a date: ministries re-date, back-date and omit dates.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import lxml.etree
import lxml.html
from cssselect import SelectorError

from bot.errors import FeedParseError
from bot.models import Entry, Fetched, content_hash

# A feed item whose own text is at least this long is taken as the full statement; shorter
# descriptions are teasers, and the article page is read instead.
FULL_TEXT_MIN_CHARS = 800

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$", re.I)
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "pre",
    "hr",
}


def normalise_link(url: str) -> str:
    """The form of a link used as an identity: lower-case scheme and host, no default port,
    no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in (("http", 80), ("https", 443))
        else (f"{host}:{port}")
    )
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return " ".join(fragment.split())
    for el in root.iter("script", "style"):
        el.drop_tree() if el.getparent() is not None else None
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _identity(guid: str | None, link: str | None, title: str, summary: str) -> str:
    if guid and guid.strip():
        return "guid:" + guid.strip()
    if link:
        return "link:" + normalise_link(link)
    return "hash:" + content_hash(f"{title}\n{summary}")


def parse_feed(fetched: Fetched) -> list[Entry]:
    """RSS 0.9x/1.0/2.0 or Atom entries, in document order."""
    parsed = feedparser.parse(
        fetched.body,
        response_headers={"content-location": fetched.url, "content-type": fetched.content_type},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    if parsed.get("bozo") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise FeedParseError(f"not a readable feed: {type(reason).__name__}: {reason}"[:300])
    if not parsed.get("version") and not parsed.entries:
        raise FeedParseError("not a feed: no RSS or Atom root element")
    out: list[Entry] = []
    for e in parsed.entries:
        link = e.get("link")
        link = urljoin(fetched.url, link) if link else None
        title = html_to_text(e.get("title", "")) or None
        summary = html_to_text(e.get("summary", "")) or None
        content = max(
            (html_to_text(c.get("value", "")) for c in e.get("content", [])), key=len, default=""
        )
        full = content if len(content) >= FULL_TEXT_MIN_CHARS else None
        if full is None and summary and len(summary) >= FULL_TEXT_MIN_CHARS:
            full = summary
        out.append(
            Entry(
                identity=_identity(e.get("id"), link, title or "", summary or content),
                link=link,
                title=title,
                published=_when(e),
                text=full,
                summary=summary or (content or None),
            )
        )
    return out


def parse_list_page(fetched: Fetched, selector: str) -> list[Entry]:
    """Links to statements picked from an HTML list page by a CSS selector, in page order."""
    try:
        root = lxml.html.document_fromstring(fetched.body)
    except (lxml.etree.ParserError, ValueError) as e:
        raise FeedParseError(f"not a readable HTML page: {e}") from None
    try:
        found = root.cssselect(selector)
    except SelectorError as e:
        raise FeedParseError(f"bad selector {selector!r}: {e}") from None
    out: list[Entry] = []
    seen: set[str] = set()
    for el in found:
        anchor = el if el.tag == "a" else next(iter(el.iter("a")), None)
        href = anchor.get("href") if anchor is not None else None
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        link = urljoin(fetched.url, href.strip())
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        ident = "link:" + normalise_link(link)
        if ident in seen:
            continue
        seen.add(ident)
        title = " ".join((anchor.text_content() if anchor is not None else "").split()) or None
        out.append(Entry(identity=ident, link=link, title=title, published=None, text=None))
    return out


def parse_entries(fetched: Fetched, kind: str, selector: str | None) -> list[Entry]:
    if kind == "html":
        assert selector, "html sources always have a selector (config checks it)"
        return parse_list_page(fetched, selector)
    return parse_feed(fetched)
