"""The policy on internal addresses (langnghe.addresses): which addresses are internal, how the
operator's allow-list reads, and how a host's addresses are judged."""

from __future__ import annotations

import ipaddress

import pytest

from langnghe.addresses import AllowList, is_internal, judge, parse_entry, parse_ip

INTERNAL = [
    "127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.5",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1",
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",
    "2002:7f00:1::", "64:ff9b::a9fe:a9fe",  # 6to4 of 127.0.0.1, NAT64 of 169.254.169.254
]
PUBLIC = ["8.8.8.8", "203.162.4.190", "2001:4860:4860::8888", "::ffff:8.8.8.8", "2002:808:808::"]


@pytest.mark.parametrize("text", INTERNAL)
def test_internal_addresses_are_internal(text: str) -> None:
    assert is_internal(ipaddress.ip_address(text))


@pytest.mark.parametrize("text", PUBLIC)
def test_public_addresses_are_not(text: str) -> None:
    assert not is_internal(ipaddress.ip_address(text))


def test_ip_literals_are_read_with_brackets_and_zones() -> None:
    assert parse_ip("[::1]") == ipaddress.ip_address("::1")
    assert parse_ip("fe80::1%eth0") == ipaddress.ip_address("fe80::1")
    assert parse_ip("localhost") is None


def test_allow_list_entries() -> None:
    assert parse_entry("127.0.0.1:8123") == ("127.0.0.1", 8123)
    assert parse_entry("[::1]:8123") == ("::1", 8123)
    assert parse_entry("Intranet.Local.:8080") == ("intranet.local", 8080)
    assert parse_entry("10.0.0.0/8") == ipaddress.ip_network("10.0.0.0/8")
    assert parse_entry("192.168.1.5") == ipaddress.ip_network("192.168.1.5/32")


@pytest.mark.parametrize("bad", ["localhost", "localhost:0", "localhost:99999", "[::1:80", "a b:80", "http://x:80", ""])
def test_bad_allow_list_entries_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="cần host:port, một địa chỉ IP hoặc một dải CIDR"):
        parse_entry(bad)


def test_a_host_port_entry_allows_that_port_only() -> None:
    allow = AllowList.parse(["127.0.0.2:8123", "localhost:9000"])
    loopback = ipaddress.ip_address("127.0.0.2")
    assert allow.allows("127.0.0.2", 8123, loopback)
    assert allow.allows("demo.test", 8123, loopback)  # a name resolving to the allowed address and port
    assert not allow.allows("127.0.0.2", 8124, loopback)
    assert allow.allows("LOCALHOST", 9000, ipaddress.ip_address("127.0.0.1"))
    assert not allow.allows("localhost", 9001, ipaddress.ip_address("127.0.0.1"))


def test_a_network_entry_allows_any_port_of_its_addresses() -> None:
    allow = AllowList.parse(["10.0.0.0/8", "fd00::/8"])
    assert allow.allows("wiki.noi-bo", 443, ipaddress.ip_address("10.20.30.40"))
    assert allow.allows("wiki.noi-bo", 80, ipaddress.ip_address("fd00::5"))
    assert not allow.allows("wiki.noi-bo", 80, ipaddress.ip_address("192.168.0.1"))


def test_judge_keeps_public_and_allowed_addresses_only() -> None:
    found = [ipaddress.ip_address(a) for a in ("127.0.0.1", "8.8.8.8", "10.0.0.1")]
    verdict = judge("mixed.example", 80, found, AllowList.parse(["10.0.0.0/8"]))
    assert verdict.allowed == (found[1], found[2]) and verdict.refused == (found[0],) and not verdict.blocked
    assert judge("localhost", 80, [found[0]], AllowList()).blocked
    assert not judge("unknown.example", 80, [], AllowList()).blocked  # nothing resolved: a DNS failure, not a refusal
