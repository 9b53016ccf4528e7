"""Which network addresses the crawlers may connect to: the policy against requests to internal
addresses (SSRF), pure and without I/O; :mod:`langnghe.crawlers.guard` applies it to every fetch.

An address is *internal* when it is not routable on the public Internet: loopback, private
(RFC 1918, unique-local), link-local (the cloud metadata service at 169.254.169.254), shared
(100.64.0.0/10), multicast, reserved, documentation and unspecified ranges. IPv6 addresses that
carry an IPv4 address (IPv4-mapped ``::ffff:127.0.0.1``, 6to4, Teredo, NAT64 ``64:ff9b::/96``)
are judged by the IPv4 address they carry.

Internal addresses are refused unless the operator lists them in ``allow_private_hosts``
(``LANGNGHE_ALLOW_PRIVATE_HOSTS``), each entry one of:

- ``host:port``: that host name or address on that port (``127.0.0.1:8123``, ``[::1]:8123``,
  ``intranet.local:8080``); a name entry matches the name in the URL, an address entry the
  address the name resolves to;
- an address or a CIDR range (``10.1.2.3``, ``10.0.0.0/8``, ``fd00::/8``): any port.

This module imports nothing from langnghe: the settings validate entries with it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT: internal to a provider


def parse_ip(text: str) -> IPAddress | None:
    """An IP address written as text (brackets and an IPv6 zone allowed); None for a host name.

    >>> parse_ip("[::1]"), parse_ip("example.vn")
    (IPv6Address('::1'), None)
    """
    text = text.strip().removeprefix("[").removesuffix("]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (IPv4-mapped, 6to4, Teredo, NAT64), if any."""
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_internal(ip: IPAddress) -> bool:
    """True for an address the crawlers must not reach unless allowed.

    >>> [is_internal(ipaddress.ip_address(a)) for a in ("127.0.0.1", "169.254.169.254", "::ffff:10.0.0.1", "8.8.8.8")]
    [True, True, True, False]
    """
    inner = embedded_ipv4(ip)
    if inner is not None:
        return is_internal(inner)
    return (
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved
        or ip.is_unspecified or not ip.is_global
        or (ip.is_site_local if isinstance(ip, ipaddress.IPv6Address) else ip in _SHARED)
    )  # fmt: skip


@dataclass(frozen=True)
class AllowList:
    """The operator's exceptions to the policy (see the module docstring for the entry forms)."""

    host_ports: frozenset[tuple[str, int]] = frozenset()  # (lower-case name or compressed address, port)
    networks: tuple[IPNetwork, ...] = ()
    entries: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def parse(cls, entries: list[str] | tuple[str, ...]) -> AllowList:
        """Read entries; ValueError naming the first one that is none of the accepted forms."""
        host_ports: set[tuple[str, int]] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            parsed = parse_entry(entry)
            if isinstance(parsed, tuple):
                host_ports.add(parsed)
            else:
                networks.append(parsed)
        return cls(frozenset(host_ports), tuple(networks), tuple(entries))

    def allows(self, host: str, port: int, ip: IPAddress) -> bool:
        """Whether ``ip`` (what ``host`` resolved to) may be reached on ``port`` by this list's grace."""
        name = _host_key(host)
        if (name, port) in self.host_ports or (str(ip), port) in self.host_ports:
            return True
        return any(ip.version == net.version and ip in net for net in self.networks)


def parse_entry(entry: str) -> tuple[str, int] | IPNetwork:
    """One allow-list entry: ``(host, port)`` or a network; ValueError that says what is accepted.

    >>> parse_entry("[::1]:8123"), parse_entry("10.0.0.0/8")
    (('::1', 8123), IPv4Network('10.0.0.0/8'))
    """
    text = entry.strip()
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        pass
    host, sep, port = text.rpartition(":")
    if sep and port.isdigit() and 0 < int(port) < 65536 and host and _plain_host(host):
        return _host_key(host), int(port)
    raise ValueError(f"{entry!r}: cần host:port, một địa chỉ IP hoặc một dải CIDR")


def _plain_host(host: str) -> bool:
    if host.startswith("["):
        return host.endswith("]") and parse_ip(host) is not None
    return ":" not in host and "/" not in host and " " not in host


def _host_key(host: str) -> str:
    ip = parse_ip(host)
    return str(ip) if ip is not None else host.strip().rstrip(".").lower()


@dataclass(frozen=True)
class Verdict:
    """What the policy says about one host and port after resolution."""

    allowed: tuple[IPAddress, ...]
    refused: tuple[IPAddress, ...]

    @property
    def blocked(self) -> bool:
        """Nothing left to connect to because every address was refused."""
        return not self.allowed and bool(self.refused)


def judge(host: str, port: int, addresses: list[IPAddress], allow: AllowList) -> Verdict:
    """Split the addresses ``host`` resolved to into those the crawler may connect to and the rest."""
    allowed = tuple(ip for ip in addresses if not is_internal(ip) or allow.allows(host, port, ip))
    refused = tuple(ip for ip in addresses if ip not in allowed)
    return Verdict(allowed, refused)
