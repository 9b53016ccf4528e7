"""No request to an internal address: the policy of :mod:`langnghe.addresses` on every connection
the crawl makes (feeds, pages, APIs, sitemaps, robots.txt, every redirect hop).

Only http(s) URLs are fetched: ``file:``, ``ftp:``, ``s3:`` and ``data:`` are refused
(:class:`BlockedScheme`) and their scrapy download handlers are off. Two parts share one lookup
per host name (:data:`RESOLUTIONS`; the crawl child lives for one crawl):

- :class:`InternalAddressMiddleware`, the first downloader middleware, resolves the URL's host
  before each download (a redirect's next hop and scrapy's robots.txt requests pass it too) and
  ends a request whose every address is internal with :class:`BlockedAddress`; the connector's
  errback reports it (``page_failed`` or ``source_error``, ``blocked`` set) and the crawl goes on.
- :class:`GuardedResolver`, installed as Twisted's name resolver (``TWISTED_DNS_RESOLVER``), hands
  the connection only the addresses the policy allows, from the same lookup: what was checked is
  what is connected to, so a name that answers differently a moment later (DNS rebinding) changes
  nothing. IP literals go through it too (Twisted's HostnameEndpoint resolves every host).

Docs: README, "Security and privacy"; docs/sources.md. Residual risks: with an HTTP proxy, the
proxy resolves the target again (a rebinding name could differ there), and the proxy's own host
is judged like any other (allow it when it is internal); DNS lookups have the system resolver's
timeouts, not scrapy's DNS_TIMEOUT.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Protocol
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import address
from twisted.internet.interfaces import IAddress, IHostnameResolver, IHostResolution
from twisted.internet.defer import Deferred, succeed
from twisted.internet.threads import deferToThread
from zope.interface import implementer

from langnghe.addresses import AllowList, IPAddress, judge, parse_ip
from langnghe.crawlers.scrapy_settings import ALLOW_PRIVATE_SETTING

log = logging.getLogger(__name__)

BLOCKED_REASON = "địa chỉ nội bộ bị chặn"  # user-facing (source health, crawl report)
SCHEME_REASON = "chỉ tải địa chỉ http(s)"
WEB_SCHEMES = ("http", "https")

Lookup = Callable[[str], Sequence[IPAddress]]


class RefusedRequest(IgnoreRequest):
    """A request the guard refused; :meth:`reason` says why, in Vietnamese, for users."""

    def reason(self) -> str:
        raise NotImplementedError


class BlockedScheme(RefusedRequest):
    """A URL that is not http(s) (``file:``, ``ftp:``, ``s3:``, ``data:``): never fetched."""

    def __init__(self, url: str, scheme: str) -> None:
        self.url, self.scheme = url, scheme
        super().__init__(f"{scheme or 'no'} scheme: only http(s) URLs are fetched")

    def reason(self) -> str:
        return f"{SCHEME_REASON} ({self.scheme or '?'}:)"


class BlockedAddress(RefusedRequest):
    """A request whose host resolves to internal addresses only (none allowed by the operator)."""

    def __init__(self, url: str, host: str, refused: Sequence[IPAddress]) -> None:
        self.url, self.host, self.refused = url, host, tuple(refused)
        super().__init__(f"{host} is an internal address ({', '.join(map(str, self.refused))})")

    def reason(self) -> str:
        """The Vietnamese reason shown to users, with the host and the address that was refused."""
        shown = [self.host] if self.refused and parse_ip(self.host) == self.refused[0] else [self.host, *map(str, self.refused[:1])]
        return f"{BLOCKED_REASON} ({' -> '.join(shown)})"


def system_lookup(host: str) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal is its own answer); OSError when none."""
    literal = parse_ip(host)
    if literal is not None:
        return [literal]
    found: list[IPAddress] = []
    for *_, sockaddr in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM):
        ip = parse_ip(str(sockaddr[0]))
        if ip is not None and ip not in found:
            found.append(ip)
    return found


class Resolutions:
    """Host names looked up once and remembered; failures are not remembered. Thread-safe."""

    def __init__(self, lookup: Lookup = system_lookup) -> None:
        self._lookup = lookup
        self._known: dict[str, tuple[IPAddress, ...]] = {}
        self._lock = threading.Lock()

    def known(self, host: str) -> tuple[IPAddress, ...] | None:
        """The remembered answer, without a lookup (None: not looked up yet)."""
        with self._lock:
            return self._known.get(_key(host))

    def addresses(self, host: str) -> tuple[IPAddress, ...]:
        """The remembered answer, or a lookup (blocking: call it in a thread)."""
        known = self.known(host)
        if known is not None:
            return known
        found = tuple(self._lookup(_key(host)))
        with self._lock:
            return self._known.setdefault(_key(host), found)

    def lookup(self, host: str) -> Deferred[tuple[IPAddress, ...]]:
        """:meth:`addresses` for the reactor thread: at once when remembered, else in a thread."""
        known = self.known(host)
        return succeed(known) if known is not None else deferToThread(self.addresses, host)


def _key(host: str) -> str:
    return host.strip("[]").lower()


RESOLUTIONS = Resolutions()


def allow_list_of(settings: BaseSettings) -> AllowList:
    return AllowList.parse(settings.getlist(ALLOW_PRIVATE_SETTING))


class InternalAddressMiddleware:
    """Refuses, before the download, a request whose host has internal addresses only."""

    def __init__(self, allow: AllowList, resolutions: Resolutions = RESOLUTIONS) -> None:
        self._allow = allow
        self._resolutions = resolutions

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> InternalAddressMiddleware:
        return cls(allow_list_of(crawler.settings))

    async def process_request(self, request: Request, spider: Any = None) -> None:
        scheme = urlsplit(request.url).scheme.lower()
        if scheme not in WEB_SCHEMES:
            log.warning("refused %.200s: only http(s) URLs are fetched", request.url)
            raise BlockedScheme(request.url, scheme)
        target = _host_port(request.url)
        if target is None:
            return None  # no host or an unreadable port: the download fails on it
        host, port = target
        try:
            found = await maybe_deferred_to_future(self._resolutions.lookup(host))
        except OSError:
            return None  # the download reports the failed lookup as usual
        verdict = judge(host, port, list(found), self._allow)
        if verdict.blocked:
            log.warning(
                "refused %s: %s resolves to internal address(es) %s, not in allow_private_hosts",
                request.url, host, ", ".join(map(str, verdict.refused)),
            )
            raise BlockedAddress(request.url, host, verdict.refused)
        return None


def _host_port(url: str) -> tuple[str, int] | None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        return None  # an unreadable port: the download fails on it
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


class _Receiver(Protocol):
    """Twisted's IResolutionReceiver, as a Protocol (mypy does not read zope interfaces)."""

    def resolutionBegan(self, resolution: Any) -> None: ...  # noqa: N802

    def addressResolved(self, address: Any) -> None: ...  # noqa: N802

    def resolutionComplete(self) -> None: ...  # noqa: N802


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        pass  # the lookup runs in a thread and cannot be stopped; its answer is then ignored


@implementer(IHostnameResolver)
class GuardedResolver:
    """Twisted's name resolver for the crawl: only allowed addresses reach a connection."""

    def __init__(self, reactor: Any, allow: AllowList, resolutions: Resolutions = RESOLUTIONS) -> None:
        self.reactor = reactor
        self._allow = allow
        self._resolutions = resolutions

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        return cls(reactor, allow_list_of(crawler.settings))

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(  # noqa: N802 (Twisted's interface)
        self,
        resolutionReceiver: _Receiver,  # noqa: N803
        hostName: str,  # noqa: N803
        portNumber: int = 0,  # noqa: N803
        addressTypes: Sequence[type[IAddress]] | None = None,  # noqa: N803
        transportSemantics: str = "TCP",  # noqa: N803
    ) -> _Resolution:
        resolution = _Resolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        found = self._resolutions.lookup(hostName)
        deliver = partial(self._deliver, resolutionReceiver, hostName, portNumber, addressTypes)
        found.addCallbacks(deliver, lambda _failure: resolutionReceiver.resolutionComplete())
        return resolution

    def _deliver(
        self, receiver: _Receiver, host: str, port: int, types: Sequence[type[IAddress]] | None,
        found: tuple[IPAddress, ...],
    ) -> None:
        verdict = judge(host, port, list(found), self._allow)
        if verdict.refused:
            log.warning("not connecting to %s:%d at internal address(es) %s", host, port, ", ".join(map(str, verdict.refused)))
        for ip in verdict.allowed:
            resolved = _twisted_address(ip, port)
            if not types or type(resolved) in types:
                receiver.addressResolved(resolved)
        receiver.resolutionComplete()


def _twisted_address(ip: IPAddress, port: int) -> address.IPv4Address | address.IPv6Address:
    if ip.version == 4:
        return address.IPv4Address("TCP", str(ip), port)
    return address.IPv6Address("TCP", str(ip), port)
