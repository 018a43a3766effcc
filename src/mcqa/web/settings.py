"""What one running server was started with: address, access control, limits, workers."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mcqa.api import LANGUAGES, Limits
from mcqa.errors import ConfigError

PASSWORD_ITERATIONS = 600_000
"""PBKDF2-SHA256 iterations for a users file (OWASP's 2023 figure for this hash)."""

WEB_LIMITS = Limits(max_file_bytes=64 * 1024 * 1024, max_zip_members=2_000,
                    max_unzipped_bytes=512 * 1024 * 1024)
"""Upload limits of the web application: one file at most 64 MiB (the CLI default), at
most 2,000 files per upload (archive members included), at most 512 MiB in all once
archives are unpacked. ``mcqa serve --max-*`` changes them."""


def default_workers() -> int:
    """Worker processes running jobs at once: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """The server's configuration; every field has a safe default."""

    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    """Access token; required when ``host`` is not a loopback address (or ``users``)."""
    users: Mapping[str, str] = field(default_factory=dict)
    """User name -> ``pbkdf2_sha256$iterations$salt$hash`` (from a users file)."""
    limits: Limits = WEB_LIMITS
    timeout: float = 300.0
    """Seconds one job (a check, a benchmark, a dossier, a download) may run."""
    workers: int = field(default_factory=default_workers)
    queue: int = 32
    """Jobs that may wait for a worker; more are refused with "busy, try again"."""
    worker_memory_bytes: int = 4 * 1024 * 1024 * 1024
    """Address-space cap of one worker process, so a hostile upload hits MemoryError."""
    result_ttl: float = 1800.0
    """Seconds a finished result (never an upload) stays in memory for its downloads."""
    result_memory_bytes: int = 1024 * 1024 * 1024
    """Most memory all kept results may take; the oldest are dropped first."""
    esco_db: Path | None = None
    """ESCO index for dossiers and the ESCO page (default: the installed one)."""
    languages: tuple[str, ...] = LANGUAGES
    """Interface and output languages offered by the selector (the first is the default)."""

    @property
    def protected(self) -> bool:
        """True when every page asks for the token or a user's password."""
        return bool(self.token) or bool(self.users)

    def check(self) -> None:
        """Refuse an open server on a network: a non-loopback address needs access control."""
        if self.protected or is_loopback(self.host):
            return
        raise ConfigError(f"refusing to listen on {self.host} without access control",
                          hint="pass --token (or --users FILE) to serve on a network, or use "
                               "the default --host 127.0.0.1")


def is_loopback(host: str) -> bool:
    """True for localhost and addresses in 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def hash_password(password: str, *, iterations: int = PASSWORD_ITERATIONS) -> str:
    """``pbkdf2_sha256$iterations$salt$hash`` for a users file line ``name:HASH``."""
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt),
                                 iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (constant-time comparison)."""
    try:
        scheme, iterations, salt, expected = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt),
                                     int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def load_users(path: Path) -> dict[str, str]:
    """Read a users file: one ``name:pbkdf2_sha256$...`` line per user, ``#`` comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read users file: {exc}", file=str(path)) from None
    users: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, stored = line.partition(":")
        if not sep or not name or not stored.startswith("pbkdf2_sha256$") \
                or stored.count("$") != 3:
            raise ConfigError("not a 'name:pbkdf2_sha256$...' line", file=str(path),
                              location=f"line {number}",
                              hint="make lines with `mcqa serve --hash-password`")
        users[name] = stored
    if not users:
        raise ConfigError("users file lists no users", file=str(path),
                          hint="add lines made with `mcqa serve --hash-password`")
    return users
