"""The socket guard in conftest is active: proves the suite would catch a network attempt."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from tests.conftest import NetworkAttempt


def test_tcp_connect_is_blocked() -> None:
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("198.51.100.1", 80), timeout=0.1)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkAttempt):
            s.connect(("127.0.0.1", 9))
    finally:
        s.close()


def test_urllib_is_blocked() -> None:
    with pytest.raises((NetworkAttempt, OSError)):
        urllib.request.urlopen("http://198.51.100.1/context.jsonld", timeout=0.1)
