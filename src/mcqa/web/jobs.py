"""Heavy work in worker processes, each with a timeout and a memory cap.

One job = one process, forked from a clean forkserver that has already imported
mcqa (so a job starts in milliseconds, not the half second an import takes). The
web process only waits on a pipe, in a thread: the event loop keeps answering
(``/health`` included) however hostile the upload. A job that passes its timeout
is killed; one that crashes (out of memory, a C-level fault) is reported as a
message, and the next job gets a fresh process. A semaphore lets at most
``workers`` jobs run at once; up to ``queue`` more wait, further ones are told
the server is busy.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any

from anyio import to_thread

from mcqa.errors import ConfigError, InputError, InputLimitError, McqaError
from mcqa.web.settings import Settings

PROGRESS_KEEP_SECONDS = 60.0
WORKER_NICENESS = 10
"""Workers run at a lower CPU priority than the web process, so pages and ``/health``
answer promptly while every core is busy checking."""
_ERRORS: dict[str, type[McqaError]] = {"InputLimitError": InputLimitError,
                                       "ConfigError": ConfigError}
"""Errors raised again by name in the web process (others become InputError): the class
chooses the HTTP status (413 for a limit, 422 otherwise)."""


class JobError(McqaError):
    """A job ended without a result: the message is fit to show; ``status`` is the HTTP
    status to answer with."""

    def __init__(self, message: str, *, status: int = 422, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status


@dataclass
class JobProgress:
    """What the progress endpoint reports for one job."""

    owner: str
    state: str = "waiting"
    done: int = 0
    total: int | None = None
    updated: float = 0.0


class JobRunner:
    """Runs named functions of :mod:`mcqa.web.work` in worker processes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._context: Any = None
        self._slots: asyncio.Semaphore | None = None
        self._waiting = 0
        self._lock = threading.Lock()
        self.progress: dict[str, JobProgress] = {}

    def _ctx(self) -> Any:
        if self._context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["mcqa.web.work"])
            self._context = ctx
        return self._context

    def start(self) -> None:
        """Start the forkserver now (at server start), not on the first upload."""
        ctx = self._ctx()
        process = ctx.Process(target=_noop)
        process.start()
        process.join()

    def watch(self, job_id: str | None, owner: str) -> None:
        """Make ``job_id`` visible to the progress endpoint (for ``owner`` only)."""
        if job_id:
            with self._lock:
                self._forget_old()
                self.progress[job_id] = JobProgress(owner=owner, updated=time.monotonic())

    def status(self, job_id: str, owner: str) -> JobProgress | None:
        """The progress of ``job_id`` if ``owner`` started it."""
        with self._lock:
            entry = self.progress.get(job_id)
        return entry if entry is not None and entry.owner == owner else None

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key in [k for k, p in self.progress.items()
                    if p.state in ("done", "failed") and now - p.updated > PROGRESS_KEEP_SECONDS]:
            del self.progress[key]

    async def run(self, name: str, job_id: str | None = None, **kwargs: Any) -> Any:
        """Run ``mcqa.web.work.NAME(**kwargs)`` in a worker; its return value, or
        :class:`JobError` / the job's :class:`McqaError` as a message."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.settings.workers)
        if self._waiting >= self.settings.queue + self.settings.workers:
            raise JobError("the server is busy with other uploads", status=503,
                           hint="try again in a minute")
        self._waiting += 1
        try:
            async with self._slots:
                self._set(job_id, state="running")
                return await to_thread.run_sync(self._run_blocking, name, job_id, kwargs,
                                                abandon_on_cancel=False)
        except BaseException:
            self._set(job_id, state="failed")
            raise
        finally:
            self._waiting -= 1
            self._set(job_id, updated=time.monotonic())

    def _set(self, job_id: str | None, **changes: Any) -> None:
        if not job_id:
            return
        with self._lock:
            entry = self.progress.get(job_id)
            if entry is not None:
                for key, value in changes.items():
                    setattr(entry, key, value)
                entry.updated = time.monotonic()

    def _run_blocking(self, name: str, job_id: str | None, kwargs: dict[str, Any]) -> Any:
        ctx = self._ctx()
        receiver, sender = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_worker_main, daemon=True,
                              args=(sender, name, kwargs, self.settings.worker_memory_bytes))
        process.start()
        sender.close()
        deadline = time.monotonic() + self.settings.timeout
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise JobError(f"the work took longer than {self.settings.timeout:g} s "
                                   "and was stopped", status=504,
                                   hint="upload fewer or smaller files, or ask the server's "
                                        "operator to raise --timeout")
                if not receiver.poll(min(remaining, 0.25)):
                    continue
                try:
                    kind, payload = receiver.recv()
                except (EOFError, OSError):
                    process.join(timeout=1)
                    raise _crashed(process.exitcode) from None
                if kind == "progress":
                    self._set(job_id, done=payload[0], total=payload[1])
                elif kind == "ok":
                    self._set(job_id, state="done")
                    return payload
                else:
                    cls, message = payload
                    if cls == "internal":
                        exception = message  # the class name only: details go to the log
                        raise JobError(f"internal error ({exception}); the server's log has "
                                       "the details", status=500)
                    if cls == "memory":
                        raise InputLimitError("the upload needs more memory than one check "
                                              "may use (is it a zip bomb or a damaged file?)")
                    raise _ERRORS.get(cls, InputError)(message)
        finally:
            if process.is_alive():
                process.kill()
            process.join(timeout=5)
            receiver.close()


def _crashed(code: int | None) -> JobError:
    """The error of a worker that died without an answer (each sentence whole, so the
    catalogs have it and the page shows it in its language)."""
    hint = "the file may be damaged or far too large; the server is fine, and other uploads " \
           "still work"
    if code is not None and code < 0:
        signal = -code
        return JobError(f"the check stopped abnormally (signal {signal}) while reading this "
                        "upload", status=422, hint=hint)
    return JobError("the check stopped abnormally while reading this upload", status=422,
                    hint=hint)


def _noop() -> None:
    """Starts the forkserver."""


def _worker_main(conn: Any, name: str, kwargs: dict[str, Any], memory_bytes: int) -> None:
    """Entry point of a worker process: cap memory, run the job, send one answer."""
    import contextlib
    import resource

    with contextlib.suppress(ValueError, OSError):  # a platform without the limit
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    with contextlib.suppress(OSError):  # the web process answers first: /health stays fast
        os.nice(WORKER_NICENESS)
    from mcqa.web import work

    def progress(done: int, total: int | None) -> None:
        conn.send(("progress", (done, total)))

    try:
        result = getattr(work, name)(progress=progress, **kwargs)
        conn.send(("ok", result))
    except McqaError as exc:
        conn.send(("error", (type(exc).__name__, exc.one_line())))
    except MemoryError:
        conn.send(("error", ("memory", "")))
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)  # the operator's log, never the page
        conn.send(("error", ("internal", type(exc).__name__)))
    finally:
        conn.close()
