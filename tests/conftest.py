"""Shared test helpers: repository paths and fixture-record construction."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures"
AS_OF = date(2026, 1, 1)


def deep_merge(base: Any, patch: Any) -> Any:
    """Merge ``patch`` over ``base``; ``None`` in the patch deletes the key."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def base_descriptor() -> dict[str, Any]:
    """The complete conforming credential all rule fixtures start from."""
    with (FIXTURES / "rules" / "base.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def make_record(patch: dict[str, Any] | None = None, file: str = "fixture.yaml") -> Any:
    """A CredentialRecord from the base descriptor with ``patch`` merged over it.

    A ``_record`` key in the patch sets record fields directly (for fields a
    descriptor cannot express, such as ``source_format`` or ``signature``).
    """
    from mcqa.loaders.native import record_from_mapping
    from mcqa.model import CredentialRecord

    patch = dict(patch or {})
    direct = patch.pop("_record", None)
    data = deep_merge(base_descriptor(), patch)
    rec = record_from_mapping(data, file, "native", "", file)
    assert isinstance(rec, CredentialRecord), rec
    if direct:
        rec = CredentialRecord.model_validate({**rec.model_dump(), **direct})
    return rec


@pytest.fixture
def as_of() -> date:
    """Fixed audit date so date rules are reproducible."""
    return AS_OF


class NetworkAttempt(AssertionError):
    """Raised when code under test tries to open a network connection."""


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Block every outgoing socket connection and DNS lookup for every test: mcqa never
    needs the network.

    Local UNIX sockets stay allowed (some libraries use them for IPC); anything with a host
    and port raises :class:`NetworkAttempt`. Every attempt is also recorded and fails the
    test at teardown, so code that catches the exception (``except Exception``) cannot hide
    it. The fixture value is that record.
    """
    import socket

    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def refuse(address: object) -> NetworkAttempt:
        attempts.append(repr(address))
        return NetworkAttempt(f"network connection attempted to {address!r}")

    def guard(self: socket.socket, address: object) -> object:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)  # type: ignore[arg-type]
        raise refuse(address)

    def guard_ex(self: socket.socket, address: object) -> object:
        if self.family == socket.AF_UNIX:
            return real_connect_ex(self, address)  # type: ignore[arg-type]
        raise refuse(address)

    def lookup(host: object, port: object, *args: object, **kwargs: object) -> object:
        raise refuse((host, port))

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard_ex)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: (_ for _ in ()).throw(refuse(address)))
    yield attempts
    if attempts:
        pytest.fail(f"network access attempted (even if the code caught the error): "
                    f"{', '.join(attempts)}")
