"""The guard's two parts without a crawl: one lookup per host, shared by the check and the
connection (so a name that answers differently later is not asked again), and the resolver that
hands Twisted only the allowed addresses."""

from __future__ import annotations

import ipaddress
from typing import Any

from twisted.internet.address import IPv4Address, IPv6Address

from langnghe.addresses import AllowList, IPAddress
from langnghe.crawlers.guard import BlockedAddress, GuardedResolver, Resolutions, system_lookup


class Receiver:
    def __init__(self) -> None:
        self.addresses: list[Any] = []
        self.complete = False

    def resolutionBegan(self, resolution: Any) -> None:  # noqa: N802
        pass

    def addressResolved(self, address: Any) -> None:  # noqa: N802
        self.addresses.append(address)

    def resolutionComplete(self) -> None:  # noqa: N802
        self.complete = True


def _ips(*texts: str) -> tuple[IPAddress, ...]:
    return tuple(ipaddress.ip_address(t) for t in texts)


def test_a_host_is_looked_up_once_and_keeps_its_first_answer() -> None:
    answers = [["8.8.8.8"], ["127.0.0.1"]]  # a rebinding name: public when checked, loopback when connecting

    def lookup(host: str) -> list[IPAddress]:
        return [ipaddress.ip_address(a) for a in answers.pop(0)]

    resolutions = Resolutions(lookup)
    assert resolutions.addresses("rebind.example") == _ips("8.8.8.8")
    assert resolutions.addresses("REBIND.example") == _ips("8.8.8.8")
    assert answers == [["127.0.0.1"]]  # never asked again


def test_ip_literals_and_localhost_resolve_without_a_dns_server() -> None:
    assert system_lookup("[::1]") == [ipaddress.ip_address("::1")]
    assert ipaddress.ip_address("127.0.0.1") in system_lookup("localhost")


def test_the_resolver_hands_over_allowed_addresses_only_with_the_port() -> None:
    resolver = GuardedResolver(reactor=None, allow=AllowList.parse(["10.0.0.0/8"]))
    receiver = Receiver()
    resolver._deliver(receiver, "mixed.example", 8080, None, _ips("127.0.0.1", "10.1.1.1", "2001:4860:4860::8888"))
    assert receiver.complete
    assert receiver.addresses == [IPv4Address("TCP", "10.1.1.1", 8080), IPv6Address("TCP", "2001:4860:4860::8888", 8080)]


def test_the_resolver_hands_over_nothing_for_an_internal_host() -> None:
    receiver = Receiver()
    GuardedResolver(reactor=None, allow=AllowList())._deliver(receiver, "localhost", 80, None, _ips("127.0.0.1", "::1"))
    assert receiver.complete and receiver.addresses == []


def test_the_refusal_reason_names_the_host_and_the_address() -> None:
    assert BlockedAddress("http://localhost/", "localhost", _ips("127.0.0.1")).reason() == "địa chỉ nội bộ bị chặn (localhost -> 127.0.0.1)"
    assert BlockedAddress("http://10.0.0.1/", "10.0.0.1", _ips("10.0.0.1")).reason() == "địa chỉ nội bộ bị chặn (10.0.0.1)"
