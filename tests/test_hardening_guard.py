"""The address guard, every case of issue 8 item 1 beyond tests/test_guard.py: IPv4-mapped IPv6,
IPv6 private and link-local, redirects to refused addresses and schemes, only http/https, the
port rule, several answers for one name, and /addsource refusing the metadata address in every
spelling even with http.allow_private. Resolvers are injected; connections are real."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.config import HttpConfig
from bot.errors import AddressRefused, FetchError
from bot.sources.fetch import Fetcher
from bot.sources.guard import check
from bot.store import Store
from tests.fakes.feed_server import FeedServer, Route, rss
from tests.test_commands_more import admin_command


def _port(server: FeedServer) -> int:
    return int(server.base.rsplit(":", 1)[1])


def _resolver(answers: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    async def resolve(host: str, port: int) -> list[str]:
        return answers[host]

    return resolve


@pytest.mark.parametrize(
    ("answer", "allow_private", "reason"),
    [
        ("::ffff:127.0.0.1", False, "private or loopback"),  # IPv4-mapped loopback
        ("::ffff:10.1.2.3", False, "private or loopback"),
        ("::ffff:169.254.169.254", True, "link-local"),  # mapped metadata, even when allowed
        ("::1", False, "private or loopback"),
        ("fd12:3456::1", False, "private or loopback"),  # unique local (fc00::/7)
        ("fc00::1", False, "private or loopback"),
        ("fe80::1", True, "link-local"),  # IPv6 link-local, even when allowed
        ("fe80::1%eth0", True, "link-local"),  # with a zone
        ("fd00:ec2::254", True, "link-local"),  # AWS metadata over IPv6
        ("ff02::1", True, "multicast"),
        ("::", True, "link-local, multicast"),
        ("0.0.0.0", True, "link-local, multicast"),
        ("255.255.255.255", True, "link-local, multicast"),
        ("100.100.100.200", True, "metadata"),  # Alibaba Cloud metadata
    ],
)
async def test_resolved_address_is_refused_before_connecting(
    feed_server: FeedServer, answer: str, allow_private: bool, reason: str
) -> None:
    feed_server.set("/feed.xml", Route("<rss/>"))
    fetcher = Fetcher(
        HttpConfig(allow_private=allow_private),
        resolver=_resolver({"ministry.example": [answer]}),
    )
    with pytest.raises(AddressRefused, match=reason):
        await fetcher.fetch(f"http://ministry.example:{_port(feed_server)}/feed.xml")
    assert feed_server.seen == []
    await fetcher.aclose()


@pytest.mark.parametrize(
    "url",
    [
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[::ffff:a9fe:a9fe]/",  # the same metadata address, in hex
        "http://0.0.0.0/",
        "http://224.0.0.1/",
    ],
)
async def test_address_literals_in_urls_are_checked_too(url: str) -> None:
    fetcher = Fetcher(HttpConfig(allow_private=True))
    with pytest.raises(AddressRefused):
        await fetcher.fetch(url)
    await fetcher.aclose()


async def test_loopback_literal_refused_unless_allowed(feed_server: FeedServer) -> None:
    feed_server.set("/feed.xml", Route("<rss/>"))
    closed = Fetcher(HttpConfig(allow_private=False))
    with pytest.raises(AddressRefused, match="private or loopback"):
        await closed.fetch(feed_server.url("/feed.xml"))
    with pytest.raises(AddressRefused):
        await closed.fetch(f"http://[::ffff:127.0.0.1]:{_port(feed_server)}/feed.xml")
    assert feed_server.seen == []
    await closed.aclose()


async def test_only_the_allowed_address_of_several_is_connected(feed_server: FeedServer) -> None:
    """A name answering metadata first and loopback second connects to loopback only."""
    feed_server.set("/feed.xml", Route("<rss/>"))
    fetcher = Fetcher(
        HttpConfig(allow_private=True),
        resolver=_resolver({"two.example": ["169.254.169.254", "fe80::1", "127.0.0.1"]}),
    )
    got = await fetcher.fetch(f"http://two.example:{_port(feed_server)}/feed.xml")
    assert got.body == b"<rss/>"
    await fetcher.aclose()


@pytest.mark.parametrize(
    ("location", "error", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", AddressRefused, "link-local"),
        ("http://[::ffff:169.254.169.254]/", AddressRefused, "link-local"),
        ("http://[fe80::1]/x", AddressRefused, "link-local"),
        ("http://rebound.example/admin", AddressRefused, "link-local"),  # a name, resolved again
        ("file:///etc/passwd", FetchError, "only http and https"),
        ("ftp://ministry.example/feed.xml", FetchError, "only http and https"),
        ("gopher://127.0.0.1:70/", FetchError, "only http and https"),
    ],
)
async def test_redirects_to_refused_places_are_refused(
    feed_server: FeedServer, location: str, error: type[Exception], reason: str
) -> None:
    """Each hop is a new connection through the guard (and a new scheme check). Loopback is
    where the fake lives, so the first hop needs allow_private; link-local stays refused."""
    feed_server.set("/hop", Route(status=302, headers={"Location": location}))
    fetcher = Fetcher(
        HttpConfig(allow_private=True), resolver=_resolver({"rebound.example": ["169.254.1.1"]})
    )
    with pytest.raises(error, match=reason):
        await fetcher.fetch(feed_server.url("/hop"))
    assert len(feed_server.hits("/hop")) == 1
    await fetcher.aclose()


def test_port_rule() -> None:
    """Public addresses: http.ports only (80, 443 by default). Private ones, when allowed: any
    port (LAN sources). Link-local: never, whatever the port."""
    public = "93.184.216.34"
    assert check(public, 80, False, [80, 443]) is None
    assert check(public, 443, False, [80, 443]) is None
    for port in (22, 25, 6379, 8080, 11211):
        assert f"port {port} is not allowed" in (check(public, port, False, [80, 443]) or "")
    assert check(public, 8443, False, [80, 443, 8443]) is None  # widened by config
    assert check("192.168.1.10", 8123, True, [80, 443]) is None
    assert "private" in (check("192.168.1.10", 80, False, [80, 443]) or "")
    assert "link-local" in (check("169.254.169.254", 80, True, [80, 443, 8080]) or "")


async def test_public_address_on_a_forbidden_port_is_never_connected() -> None:
    fetcher = Fetcher(
        HttpConfig(allow_private=False),
        resolver=_resolver({"ministry.example": ["93.184.216.34"]}),
    )
    for port in (22, 6379):
        with pytest.raises(AddressRefused, match=f"port {port} is not allowed"):
            await fetcher.fetch(f"http://ministry.example:{port}/feed.xml")
    await fetcher.aclose()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/feed.xml",
        "gopher://example.org/",
        "javascript:alert(1)",
        "data:text/xml,<rss/>",
        "dict://127.0.0.1:11211/stat",
    ],
)
async def test_only_http_and_https_are_fetched(url: str) -> None:
    fetcher = Fetcher(HttpConfig(allow_private=True))
    with pytest.raises(FetchError, match="only http and https"):
        await fetcher.fetch(url)
    await fetcher.aclose()


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://2852039166/latest/meta-data/",  # 169.254.169.254 as one decimal number
        "http://0xA9FEA9FE/latest/meta-data/",  # and in hex
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://metadata.google.internal.example/computeMetadata/v1/",
    ],
)
async def test_addsource_refuses_metadata_even_with_allow_private(
    store: Store, clock: FakeClock, feed_server: FeedServer, url: str
) -> None:
    async def resolve(host: str, port: int) -> list[str]:
        if host.endswith(".example"):
            return ["169.254.169.254"]
        from bot.sources.guard import system_resolver

        return await system_resolver(host, port)

    feed_server.set("/rss.xml", Route(rss([])))
    fetcher = Fetcher(HttpConfig(allow_private=True, timeout=3), resolver=resolve)
    reply = await admin_command(store, clock, fetcher, f"/addsource {url}")
    assert reply.error and reply.text.startswith("Not added"), reply.text
    assert "link-local" in reply.text
    assert "Traceback" not in reply.text
    assert await store.list_sources() == []
    await fetcher.aclose()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/rss.xml"])
async def test_addsource_refuses_other_schemes(store: Store, clock: FakeClock, url: str) -> None:
    fetcher = Fetcher(HttpConfig(allow_private=True, timeout=3))
    reply = await admin_command(store, clock, fetcher, f"/addsource {url}")
    assert reply.error and "Traceback" not in reply.text
    assert await store.list_sources() == []
    await fetcher.aclose()
