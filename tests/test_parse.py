"""Parsing feeds and list pages into entries, and entry identity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import FeedParseError
from bot.models import Fetched
from bot.sources.parse import (
    FULL_TEXT_MIN_CHARS,
    html_to_text,
    normalise_link,
    parse_feed,
    parse_list_page,
)
from tests.fakes.feed_server import Item, rss


def fetched(body: str, url: str = "https://ministry.example/feed.xml") -> Fetched:
    return Fetched(url=url, status=200, body=body.encode(), content_type="application/rss+xml")


def test_identity_prefers_guid_then_link_then_hash() -> None:
    body = rss(
        [
            Item("g-1", "With guid", "https://ministry.example/a?utm_source=x"),
            Item(None, "Only link", "https://Ministry.example:443/b?utm_medium=y&id=2#top"),
            Item(None, "Neither", None, description="Some words"),
        ]
    )
    a, b, c = parse_feed(fetched(body))
    assert a.identity == "guid:g-1"
    assert b.identity == "link:https://ministry.example/b?id=2"
    assert c.identity.startswith("hash:")
    # The same item, re-dated, keeps its identity: dates never decide what is new.
    again = parse_feed(
        fetched(rss([Item("g-1", "With guid", None, published=datetime(2030, 1, 1, tzinfo=UTC))]))
    )
    assert again[0].identity == a.identity


def test_normalise_link() -> None:
    assert normalise_link("HTTPS://Example.ORG:443/x?utm_campaign=1&a=b#frag") == (
        "https://example.org/x?a=b"
    )
    assert normalise_link("http://example.org") == "http://example.org/"
    assert normalise_link("http://example.org:8080/p") == "http://example.org:8080/p"


def test_full_text_in_feed_or_teaser() -> None:
    long = "<p>" + ("The ministers met and discussed cooperation. " * 40) + "</p>"
    body = rss(
        [
            Item("1", "Full", "https://m.example/1", description="short teaser", content=long),
            Item("2", "Teaser", "https://m.example/2", description="short teaser only"),
        ]
    )
    full, teaser = parse_feed(fetched(body))
    assert full.text is not None and len(full.text) >= FULL_TEXT_MIN_CHARS
    assert "<p>" not in full.text
    assert teaser.text is None
    assert teaser.summary == "short teaser only"


def test_published_date_parsed_as_utc() -> None:
    when = datetime(2020, 12, 22, 10, 30, tzinfo=UTC)
    (entry,) = parse_feed(fetched(rss([Item("1", "t", "https://m.example/1", published=when)])))
    assert entry.published == when


def test_atom_feed() -> None:
    body = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry</title><id>urn:m</id>
<updated>2024-07-08T10:00:00Z</updated>
<entry><title>Japan-Philippines RAA signed</title><id>urn:m:1</id>
<link href="/press/1.html"/><updated>2024-07-08T10:00:00Z</updated>
<summary>Signing of the Reciprocal Access Agreement</summary></entry></feed>"""
    (entry,) = parse_feed(fetched(body, "https://ministry.example/atom.xml"))
    assert entry.identity == "guid:urn:m:1"
    assert entry.link == "https://ministry.example/press/1.html"
    assert entry.title == "Japan-Philippines RAA signed"


@pytest.mark.parametrize(
    "body",
    [
        "",
        "this is not xml at all",
        "<html><body>Hi</body></html>",
        "<rss><channel><item><title>broken",
    ],
)
def test_malformed_feed_is_a_clear_error(body: str) -> None:
    try:
        entries = parse_feed(fetched(body))
    except FeedParseError as e:
        assert str(e)
    else:  # feedparser may recover items from broken XML; then they must be usable
        assert all(e.identity for e in entries)


def test_list_page_with_selector() -> None:
    html = """<html><body><nav><a href="/about">About</a></nav>
    <table><tbody>
      <tr><td><a href="/press/2024/07/raa.html">Signing of the RAA</a></td></tr>
      <tr><td><a href="press/2024/07/call.html?utm_source=rss">Telephone call</a></td></tr>
      <tr><td><a href="javascript:alert(1)">Bad</a></td></tr>
      <tr><td><a href="/press/2024/07/raa.html">Signing of the RAA (dup)</a></td></tr>
    </tbody></table></body></html>"""
    page = Fetched(url="https://dfa.example/news/", status=200, body=html.encode())
    entries = parse_list_page(page, "tbody td a")
    assert [e.link for e in entries] == [
        "https://dfa.example/press/2024/07/raa.html",
        "https://dfa.example/news/press/2024/07/call.html?utm_source=rss",
    ]
    assert entries[1].identity == "link:https://dfa.example/news/press/2024/07/call.html"
    assert entries[0].title == "Signing of the RAA"


def test_bad_selector_is_a_clear_error() -> None:
    page = Fetched(url="https://x.example/", status=200, body=b"<html><a href='/a'>a</a></html>")
    with pytest.raises(FeedParseError, match="bad selector"):
        parse_list_page(page, "a[[[")


def test_html_to_text_keeps_paragraphs() -> None:
    text = html_to_text("<p>One &amp; two.</p><p>Three<br>four</p><script>x()</script>")
    assert text == "One & two.\n\nThree\n\nfour"
