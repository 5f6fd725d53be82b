"""The address guard, with an injected resolver so that "public" names point at loopback here
only; the connections themselves are real."""

from __future__ import annotations

import pytest

from bot.config import HttpConfig
from bot.errors import AddressRefused
from bot.sources.fetch import Fetcher
from bot.sources.guard import check, classify
from tests.fakes.feed_server import FeedServer, Route


@pytest.mark.parametrize(
    ("address", "verdict"),
    [
        ("169.254.169.254", "forbidden"),
        ("fe80::1", "forbidden"),
        ("224.0.0.1", "forbidden"),
        ("0.0.0.0", "forbidden"),
        ("::", "forbidden"),
        ("240.0.0.1", "forbidden"),
        ("::ffff:169.254.169.254", "forbidden"),
        ("fd00:ec2::254", "forbidden"),
        ("127.0.0.1", "private"),
        ("::1", "private"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),
        ("fc00::1", "private"),
        ("::ffff:10.0.0.1", "private"),
        ("8.8.8.8", "public"),
        ("2001:4860:4860::8888", "public"),
    ],
)
def test_classify(address: str, verdict: str) -> None:
    assert classify(address) == verdict


def test_policy() -> None:
    assert check("8.8.8.8", 443, False, [80, 443]) is None
    assert "port 22" in (check("8.8.8.8", 22, False, [80, 443]) or "")
    assert "private" in (check("127.0.0.1", 80, False, [80, 443]) or "")
    assert check("127.0.0.1", 8123, True, [80, 443]) is None  # LAN sources: any port
    assert "link-local" in (check("169.254.169.254", 80, True, [80, 443]) or "")


async def test_names_are_checked_at_connect_time(feed_server: FeedServer) -> None:
    feed_server.set("/feed.xml", Route("<rss/>"))
    port = int(feed_server.base.rsplit(":", 1)[1])
    answers = {"ministry.example": ["127.0.0.1"], "metadata.example": ["169.254.169.254"]}

    async def resolver(host: str, p: int) -> list[str]:
        return answers[host]

    closed = Fetcher(HttpConfig(allow_private=False), resolver=resolver)
    with pytest.raises(AddressRefused, match="private or loopback"):
        await closed.fetch(f"http://ministry.example:{port}/feed.xml")
    assert feed_server.seen == []  # refused before any connection
    await closed.aclose()

    open_ = Fetcher(HttpConfig(allow_private=True), resolver=resolver)
    got = await open_.fetch(f"http://ministry.example:{port}/feed.xml")
    assert got.body == b"<rss/>"
    with pytest.raises(AddressRefused, match="link-local"):
        await open_.fetch("http://metadata.example/latest/meta-data/")
    with pytest.raises(AddressRefused, match="link-local"):
        await open_.fetch("http://169.254.169.254/latest/meta-data/")
    # A redirect is a new connection, checked again.
    feed_server.set("/hop", Route(status=302, headers={"Location": "http://metadata.example/x"}))
    with pytest.raises(AddressRefused):
        await open_.fetch(f"http://ministry.example:{port}/hop")
    await open_.aclose()


async def test_dns_rebinding_cannot_pass(feed_server: FeedServer) -> None:
    """The first answer is public, the next loopback: the guard connects only to what it
    checked, so a name that changes its answer between check and connect gains nothing."""
    port = int(feed_server.base.rsplit(":", 1)[1])
    feed_server.set("/feed.xml", Route("<rss/>"))
    calls: list[str] = []

    async def rebinding(host: str, p: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    fetcher = Fetcher(HttpConfig(allow_private=False), resolver=rebinding)
    for _ in range(2):
        with pytest.raises(AddressRefused):
            await fetcher.fetch(f"http://rebind.example:{port}/feed.xml")
    assert feed_server.seen == [] and len(calls) == 2
    await fetcher.aclose()
