"""Which IP addresses outbound requests may reach, and name resolution for the egress.

An address is blocked unless it is globally routable unicast: loopback, private (RFC 1918,
ULA), link-local, CGNAT (100.64.0.0/10), multicast, unspecified, reserved and documentation
ranges, and the cloud metadata endpoints are refused. Addresses that embed an IPv4 address
(IPv4-mapped, 6to4, NAT64) are judged by the embedded one too, so `::ffff:127.0.0.1` cannot
stand in for loopback. The host configuration may exempt networks (`HttpConfig.allow_networks`).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Mapping

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

CLOUD_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, ...
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "fd00:ec2::254",  # AWS IPv6 IMDS
    )
)
CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address carried inside an IPv4-mapped, 6to4 or NAT64 IPv6 address."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def blocked_reason(address: IPAddress) -> str | None:
    """Why `address` must not be reached (`loopback`, `private`, ...), or None for a public address."""
    if address in CLOUD_METADATA:
        return "cloud-metadata"
    inner = embedded_ipv4(address)
    if inner is not None:
        reason = blocked_reason(inner)
        if reason is not None:
            return reason
    checks: tuple[tuple[bool, str], ...] = (
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (address in CGNAT, "cgnat"),
        (isinstance(address, ipaddress.IPv6Address) and address.is_site_local, "site-local"),
        (address.is_private, "private"),
        (address.is_reserved or not address.is_global, "reserved"),
    )
    return next((reason for blocked, reason in checks if blocked), None)


class AddressPolicy:
    """`blocked_reason` with the host configuration's exemptions."""

    def __init__(self, allow_networks: Iterable[str]) -> None:
        self.allowed: tuple[IPNetwork, ...] = tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)

    def check(self, address: IPAddress) -> str | None:
        """None when `address` may be reached, else the reason it may not."""
        if any(address.version == net.version and address in net for net in self.allowed):
            return None
        return blocked_reason(address)


class ResolveError(Exception):
    """The name did not resolve."""


def parse_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def resolve(host: str, port: int, static: Mapping[str, tuple[str, ...]]) -> list[IPAddress]:
    """All addresses of `host`, in resolver order, without duplicates: an IP literal is itself,
    a name in `static` (the configured hosts table) is answered from it, anything else from DNS."""
    literal = parse_ip(host)
    if literal is not None:
        return [literal]
    if host in static:
        return [ipaddress.ip_address(a) for a in static[host]]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ResolveError(str(exc)) from None
    seen: dict[IPAddress, None] = {}
    for _family, _type, _proto, _canon, sockaddr in infos:
        # scope ids (fe80::1%eth0) are dropped: link-local is blocked anyway
        seen.setdefault(ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]), None)
    if not seen:
        raise ResolveError("no addresses")
    return list(seen)
