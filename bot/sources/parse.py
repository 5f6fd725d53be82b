"""Parsing a fetched body into entries: RSS/Atom with feedparser, HTML list pages with a CSS
selector (lxml + cssselect). Pure: bytes in, `Entry` list out; no network, no store.

An entry's identity decides whether it is new: its guid, else its normalised link, else a hash
of its title and description. Never a date: ministries re-date, back-date and omit dates.

Hostile bodies (bot.sources.defuse): the encoding is decided once, before parsing; no XML
entity is expanded or fetched; at most `MAX_ITEMS` items of a feed and links of a list page are
read (feeds list newest first). feedparser is given a stream, never bytes: given bytes, it first
tries them as a local file name, so a body of `/etc/passwd` would be read from our own disk.
What was overridden or removed is logged with the URL.
"""

from __future__ import annotations

import calendar
import io
import logging
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
from bot.sources.defuse import MAX_ITEMS, decode_html, prepare_feed

log = logging.getLogger(__name__)

# Longer than this, a statement is not a statement; a title, not a title. Capping them bounds
# the analysis (linear in the text) that follows on the event loop.
MAX_TEXT_CHARS = 200_000
MAX_TITLE_CHARS = 1_000

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
    if "<" not in fragment and "&" not in fragment:  # plain text: nothing to parse
        paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", fragment))
        return "\n\n".join(p for p in paragraphs if p)
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


def _notes(url: str, notes: list[str]) -> None:
    for note in notes:
        log.warning("%s: %s", url, note, extra={"url": url})


def parse_feed(fetched: Fetched, max_items: int = MAX_ITEMS) -> list[Entry]:
    """RSS 0.9x/1.0/2.0 or Atom entries, in document order (the first `max_items`)."""
    prepared = prepare_feed(fetched.body, fetched.content_type, max_items)
    _notes(fetched.url, prepared.notes)
    if prepared.refused:
        raise FeedParseError(f"not read: {prepared.refused}")
    parsed = feedparser.parse(
        io.BytesIO(prepared.body),
        response_headers={
            "content-location": fetched.url,
            "content-type": "application/xml; charset=utf-8",
        },
        sanitize_html=False,
        resolve_relative_uris=False,
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
        title = html_to_text(e.get("title", ""))[:MAX_TITLE_CHARS] or None
        summary = html_to_text(e.get("summary", ""))[:MAX_TEXT_CHARS] or None
        content = max(
            (html_to_text(c.get("value", "")) for c in e.get("content", [])), key=len, default=""
        )[:MAX_TEXT_CHARS]
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


def parse_list_page(fetched: Fetched, selector: str, max_items: int = MAX_ITEMS) -> list[Entry]:
    """Links to statements picked from an HTML list page by a CSS selector, in page order (the
    first `max_items`)."""
    body, notes = decode_html(fetched.body, fetched.content_type)
    _notes(fetched.url, notes)
    try:
        root = lxml.html.document_fromstring(body, parser=lxml.html.HTMLParser(encoding="utf-8"))
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
        title = (
            " ".join((anchor.text_content() if anchor is not None else "").split())[
                :MAX_TITLE_CHARS
            ]
            or None
        )
        out.append(Entry(identity=ident, link=link, title=title, published=None, text=None))
        if len(out) > max_items:
            _notes(
                fetched.url, [f"more than {max_items} links; only the first {max_items} are read"]
            )
            return out[:max_items]
    return out


def parse_entries(fetched: Fetched, kind: str, selector: str | None) -> list[Entry]:
    if kind == "html":
        assert selector, "html sources always have a selector (config checks it)"
        return parse_list_page(fetched, selector)
    return parse_feed(fetched)
