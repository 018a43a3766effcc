"""Finished results kept in memory for their downloads: never uploads, never on disk.

A result (a checked report's records as compressed JSON, a benchmark with its
downloads, a dossier under review with the credential it was built from) is
reachable only with its random id *and* from the browser that made it (the CSRF
cookie is the owner). Results expire after ``ttl`` seconds without use, the
oldest are dropped first when ``max_bytes`` would be passed, and "Forget" drops
one at once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from mcqa.web.security import new_token


@dataclass
class Entry:
    """One kept result."""

    owner: str
    kind: str
    data: Any
    size: int
    touched: float


class ResultStore:
    """Results by id, bounded in time and memory."""

    def __init__(self, ttl: float, max_bytes: int) -> None:
        self.ttl = ttl
        self.max_bytes = max_bytes
        self._entries: dict[str, Entry] = {}
        self._lock = threading.Lock()

    def put(self, owner: str, kind: str, data: Any, size: int) -> str:
        """Keep ``data``; returns its id."""
        key = new_token()
        with self._lock:
            self._expire()
            while self._entries and self._used() + size > self.max_bytes:
                oldest = min(self._entries, key=lambda k: self._entries[k].touched)
                del self._entries[oldest]
            self._entries[key] = Entry(owner, kind, data, size, time.monotonic())
        return key

    def replace(self, key: str, owner: str, data: Any, size: int) -> bool:
        """Swap the data of an entry ``owner`` holds (a dossier after a review round)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.owner != owner:
                return False
            entry.data, entry.size, entry.touched = data, size, time.monotonic()
            return True

    def get(self, key: str, owner: str, kind: str) -> Any:
        """The data, or ``None`` when unknown, expired, of another kind or another browser's."""
        with self._lock:
            self._expire()
            entry = self._entries.get(key)
            if entry is None or entry.owner != owner or entry.kind != kind:
                return None
            entry.touched = time.monotonic()
            return entry.data

    def drop(self, key: str, owner: str) -> None:
        """Forget one result now."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.owner == owner:
                del self._entries[key]

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._entries)

    def _used(self) -> int:
        return sum(e.size for e in self._entries.values())

    def _expire(self) -> None:
        limit = time.monotonic() - self.ttl
        for key in [k for k, e in self._entries.items() if e.touched < limit]:
            del self._entries[key]
