"""The socket guard in conftest is active: proves the suite would catch a network attempt.

Each test here expects attempts, checks they were recorded, then clears the record so the
guard does not fail the test at teardown.
"""

from __future__ import annotations

import contextlib
import socket
import urllib.request

import pytest

from tests.conftest import NetworkAttempt


def test_tcp_connect_is_blocked(_no_network: list[str]) -> None:
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("198.51.100.1", 80), timeout=0.1)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkAttempt):
            s.connect(("127.0.0.1", 9))
    finally:
        s.close()
    assert _no_network == ["('198.51.100.1', 80)", "('127.0.0.1', 9)"]
    _no_network.clear()


def test_urllib_is_blocked(_no_network: list[str]) -> None:
    with pytest.raises((NetworkAttempt, OSError)):
        urllib.request.urlopen("http://198.51.100.1/context.jsonld", timeout=0.1)
    assert _no_network
    _no_network.clear()


def test_dns_lookup_is_blocked(_no_network: list[str]) -> None:
    with pytest.raises(NetworkAttempt):
        socket.getaddrinfo("example.org", 443)
    assert _no_network == ["('example.org', 443)"]
    _no_network.clear()


def test_caught_attempt_is_still_recorded(_no_network: list[str]) -> None:
    """Code that swallows the guard's exception (``except Exception``) is still caught:
    the attempt is recorded and the fixture fails the test at teardown."""
    with contextlib.suppress(Exception):
        urllib.request.urlopen("https://example.org/context.jsonld", timeout=0.1)
    assert _no_network == ["('example.org', 443)"]
    _no_network.clear()
