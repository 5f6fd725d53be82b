"""The address guard: which network addresses Readout may fetch from, enforced at connect time.

Owns the policy (`classify`, pure) and an httpcore network backend that resolves a host, checks
every address, and connects only to an address it checked — so a DNS answer that changes
between the check and the connection (DNS rebinding) cannot reach a refused address. Every
connection goes through it: sources from config, /addsource, article pages and each redirect
hop (a redirect is a new request, hence a new connection check).

    always refused   link-local (169.254.0.0/16, fe80::/10: cloud metadata), multicast,
                     unspecified, reserved, and known metadata addresses; IPv4-mapped IPv6 is
                     judged by the IPv4 address it carries
    private          loopback and private ranges (10/8, 172.16/12, 192.168/16, 100.64/10,
                     fc00::/7, …): refused unless `http.allow_private`; then any port
    public           ports in `http.ports` only (80 and 443 by default)
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Literal

import httpcore
import httpx

from bot.errors import AddressRefused

Resolver = Callable[[str, int], Awaitable[list[str]]]
Verdict = Literal["public", "private", "forbidden"]

_METADATA = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),  # AWS IMDS over IPv6 (inside fc00::/7)
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud metadata (inside 100.64/10)
}


def classify(address: str) -> Verdict:
    """Where an IP address sits, for the fetch policy."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in _METADATA or ip.is_link_local or ip.is_multicast or ip.is_unspecified:
        return "forbidden"
    if ip.is_loopback:
        return "private"
    if ip.is_reserved or (
        isinstance(ip, ipaddress.IPv4Address) and ip == ipaddress.IPv4Address("255.255.255.255")
    ):
        return "forbidden"
    if ip.is_loopback or ip.is_private or not ip.is_global:
        return "private"
    return "public"


def check(address: str, port: int, allow_private: bool, ports: Iterable[int]) -> str | None:
    """None when a connection to (address, port) is allowed, else the reason it is not."""
    verdict = classify(address)
    if verdict == "forbidden":
        return f"{address} is a link-local, multicast, reserved or metadata address"
    if verdict == "private":
        if not allow_private:
            return f"{address} is a private or loopback address (http.allow_private is off)"
        return None
    if port not in set(ports):
        return f"port {port} is not allowed (http.ports)"
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, check, then connect to the checked address itself."""

    def __init__(
        self, allow_private: bool, ports: Iterable[int], resolver: Resolver = system_resolver
    ) -> None:
        self._allow_private = allow_private
        self._ports = tuple(ports)
        self._resolve = resolver
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            ipaddress.ip_address(host.strip("[]"))
            addresses = [host.strip("[]")]  # an address literal: nothing to resolve
        except ValueError:
            addresses = []
        try:
            addresses = addresses or await self._resolve(host, port)
        except OSError as e:
            raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from e
        reasons = []
        for address in addresses:
            reason = check(address, port, self._allow_private, self._ports)
            if reason is None:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            reasons.append(reason)
        raise AddressRefused(f"refused {host}:{port}: " + ("; ".join(reasons) or "no address"))

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(
    allow_private: bool, ports: Iterable[int], resolver: Resolver = system_resolver
) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection passes the guard. Environment proxies are not
    used: a proxy would connect on our behalf where the guard cannot see."""
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    # httpx does not take a network backend; its pool is rebuilt with one (httpcore's API).
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(allow_private, ports, resolver),
    )
    return transport
