"""The ESCO index as a rule-engine service that can travel to worker processes.

``mcqa check --jobs N`` hands the rule context to worker processes, by pickling
or by fork. An open ``sqlite3`` connection can be neither pickled nor safely
used on both sides of a fork, so :class:`EscoService` carries only the index
path and the release facts, and each process opens its own read-only
connection the first time a rule asks for it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcqa.esco.store import EscoIndex, default_db_path

if TYPE_CHECKING:
    from mcqa.esco.mapper import Mapper

__all__ = ["SERVICE_NAME", "EscoService", "open_esco_service"]

SERVICE_NAME = "esco"
"""Key of the ESCO service in :attr:`mcqa.engine.Context.services` and in ``data_versions``."""


class EscoService:
    """A picklable handle on one imported ESCO release (see the module docstring)."""

    def __init__(self, path: Path, version: str, language: str,
                 lang: str | None = None) -> None:
        self.path = path
        self.version = version
        self.language = language
        self.lang = lang
        """Language of the labels findings show (``None``: the index's base language)."""
        self._index: EscoIndex | None = None
        self._pid: int | None = None
        self._mapper: Mapper | None = None

    @classmethod
    def open(cls, path: Path, lang: str | None = None) -> EscoService:
        """Check that ``path`` is a usable index (else :class:`DataStoreError`) and note its release.

        The connection used for the check is closed again, so a process that
        forks workers afterwards holds no open database.
        """
        index = EscoIndex.open(path)
        try:
            return cls(index.path, index.version, index.language, lang)
        finally:
            index.close()

    @property
    def data_version(self) -> str:
        """The ESCO release recorded in reports (``data_versions``)."""
        return self.version

    def index(self) -> EscoIndex:
        """This process's connection, opened on first use (and again after a fork)."""
        if self._index is None or self._pid != os.getpid():
            self._index = EscoIndex.open(self.path)
            self._pid = os.getpid()
        return self._index

    def mapper(self) -> Mapper:
        """This process's skill mapper over :meth:`index` (the learned ranker when installed)."""
        index = self.index()
        if self._mapper is None or self._mapper.index is not index:
            from mcqa.esco.mapper import Mapper

            self._mapper = Mapper(index, lang=self.lang)
        return self._mapper

    def close(self) -> None:
        """Close this process's connection, if it opened one."""
        if self._index is not None and self._pid == os.getpid():
            self._index.close()
        self._index = None
        self._pid = None
        self._mapper = None

    def __getstate__(self) -> dict[str, Any]:
        """Only the path and release facts are pickled, never the connection."""
        return {"path": self.path, "version": self.version, "language": self.language,
                "lang": self.lang}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Rebuild in the receiving process, with no connection yet."""
        self.path = state["path"]
        self.version = state["version"]
        self.language = state["language"]
        self.lang = state.get("lang")
        self._index = None
        self._pid = None
        self._mapper = None

    def __repr__(self) -> str:
        return f"EscoService({str(self.path)!r}, version={self.version!r})"


def open_esco_service(esco_db: Path | None = None, *, use_default: bool = True,
                      lang: str | None = None) -> EscoService | None:
    """The index at ``esco_db`` (must exist), else the installed default one if any, else ``None``.

    An explicit path that is missing or unusable is an error the user must see;
    a missing default index only means that ESCO rules cannot be verified.
    """
    if esco_db is not None:
        return EscoService.open(esco_db, lang)
    if use_default and default_db_path().is_file():
        return EscoService.open(default_db_path(), lang)
    return None
