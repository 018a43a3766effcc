"""File-system safety: what mcqa may read and where it may write.

Why one small module: every command reads inputs the user named and writes one output,
and the rules must be the same everywhere (``check``, ``benchmark``, ``dossier``,
``diff``, ``template``, ``esco import``, the web app):

* **Reading** (:func:`check_input`): only regular files; a FIFO, device or socket would
  block or never end (``/dev/zero``), so it is refused — except standard input, named
  ``-`` or ``/dev/stdin``, which is read once (:func:`stdin_copy`). A symbolic link inside
  a scanned folder that leads outside every folder the user named is reported, not
  followed.
* **Writing** (:func:`check_output`, :func:`open_output`): an output that is, or resolves
  to, an input of the run (or sits in a scanned folder, where it would be read as one) is
  refused — except an earlier mcqa report there, which reading skips, so it is no input
  (the caller says which files are reports); a read-only file is refused; a symbolic link
  is written through (the link stays); devices, pipes and ``/dev/stdout`` are written
  directly; a regular file is written under a temporary name beside it and renamed at the
  end, so an interrupted run never leaves a truncated file where the old one was (the
  temporary file is always new: an existing file or link of that name is left alone).
* **Names** (:func:`display_name`): bytes of a file name that are not UTF-8 (kept by
  Python as lone surrogates) are shown as U+FFFD; the path itself stays exact for the OS.
"""

from __future__ import annotations

import atexit
import errno
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from mcqa.errors import ConfigError, InputError, InputLimitError, RenderError
from mcqa.marks import N_

__all__ = ["STDIN_DISPLAY", "check_input", "check_output", "display_name", "is_stdin",
           "is_stdout", "named_roots", "open_output", "part_path", "read_limited", "stdin_copy"]

STDIN_NAMES = frozenset({"-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
STDERR_NAMES = frozenset({"/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"})
STDIN_DISPLAY = "<stdin>"


def display_name(path: Any) -> str:
    """``path`` as text that every output can hold: undecodable bytes become U+FFFD."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # bytes the OS gave (U+DC80-U+DCFF): decoded as UTF-8 where they form it
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # other lone surrogates
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def is_stdin(path: Any) -> bool:
    """True for ``-``, ``/dev/stdin`` and its aliases."""
    return str(path) in STDIN_NAMES


def is_stdout(path: Any) -> bool:
    """True for ``-``, ``/dev/stdout`` and its aliases (written directly)."""
    return str(path) in STDOUT_NAMES


# --- reading -------------------------------------------------------------------------

_STDIN: dict[str, Path] = {}


def stdin_copy(limit: int) -> Path:
    """Standard input, read once (at most ``limit`` bytes) into a private temporary file
    that every later read uses: detection peeks at the start, loaders and batch workers
    re-open it. Removed when mcqa exits."""
    if "path" in _STDIN:
        return _STDIN["path"]
    fd, name = tempfile.mkstemp(prefix="mcqa-stdin-")
    path = Path(name)
    atexit.register(path.unlink, missing_ok=True)
    total = 0
    with os.fdopen(fd, "wb") as out:
        source = sys.stdin.buffer
        while True:
            chunk = source.read(1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise InputLimitError(f"standard input holds more than {limit:,} bytes",
                                      file=STDIN_DISPLAY,
                                      hint="raise --max-file-bytes if this input is trusted")
            out.write(chunk)
    _STDIN["path"] = path
    return path


_KINDS = ((stat.S_ISFIFO, N_("a FIFO (named pipe)")), (stat.S_ISCHR, N_("a character device")),
          (stat.S_ISBLK, N_("a block device")), (stat.S_ISSOCK, N_("a socket")),
          (stat.S_ISDIR, N_("a folder")))


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return N_("not a regular file")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check_input(path: Path, display: str, roots: Iterable[Path] = ()) -> None:
    """Refuse what mcqa must not read: anything but a regular file (a FIFO blocks, a
    device never ends), and a symbolic link in a scanned folder (``roots``: the folders
    the user named) that leads outside all of them."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=display) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{_kind(st.st_mode)}, not a regular file; not read", file=display,
                         hint="save the data to a file and name that file")
    named = [os.path.abspath(r) for r in roots]
    here = os.path.abspath(path)
    inside = [r for r in named if _inside(here, r)]
    if inside:
        real = os.path.realpath(path)
        if not any(_inside(real, os.path.realpath(r)) for r in named):
            raise InputError("symbolic link to a file outside the scanned folder; not followed",
                             file=display,
                             hint="copy the file into the folder or name it on the command line")


def named_roots(paths: Iterable[Path]) -> tuple[Path, ...]:
    """The folders among the paths the user named (for :func:`check_input`)."""
    out: list[Path] = []
    for p in paths:
        try:
            if not is_stdin(p) and p.is_dir():
                out.append(Path(os.path.abspath(p)))
        except OSError:
            continue
    return tuple(out)


def read_limited(path: Path, limit: int, *, file: str | None = None, what: str = "file",
                 error: type[InputError] | type[ConfigError] = ConfigError) -> bytes:
    """All bytes of an auxiliary file (waivers, mapping, pack, review file, report),
    refused above ``limit`` bytes or when it is not a regular file: one error naming the
    file, never a hang (``/dev/zero``, a FIFO) or a MemoryError."""
    shown = file or display_name(path)
    if is_stdin(path):
        raise error(f"the {what} cannot be read from standard input", file=shown,
                    hint=f"save the {what} to a file and name that file")
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise error(f"the {what} is {_kind(st.st_mode)}, not a regular file", file=shown,
                        hint=f"name the {what} itself")
        if st.st_size > limit:
            raise error(f"the {what} is {st.st_size:,} bytes, above the limit of {limit:,}",
                        file=shown, hint=f"is this the right file? a {what} is small")
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror}", file=shown,
                    hint="check the path and permissions") from None
    if len(data) > limit:
        raise error(f"the {what} is above the limit of {limit:,} bytes", file=shown,
                    hint=f"is this the right file? a {what} is small")
    return data


# --- writing -------------------------------------------------------------------------

def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_output(output: Path | None, inputs: Iterable[Path | None], *,
                 option: str = "--output",
                 replaceable: Callable[[Path], bool] | None = None) -> None:
    """Refuse an output that would destroy an input: one that is (or resolves to) a
    file named as input (``inputs``: credential files and folders, waivers, mapping,
    packs, baseline, review file, ESCO download or index), or an existing file inside a
    scanned folder unless ``replaceable`` says it is not read as an input there (an
    earlier mcqa report, which reading skips); also a read-only file or a folder.
    Devices, pipes and standard output pass (they are written directly)."""
    if output is None or is_stdout(output) or str(output) in STDERR_NAMES:
        return
    shown = display_name(output)
    try:
        out_stat = os.stat(output)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ConfigError(f"cannot use {option}: {exc.strerror}", file=shown,
                          hint="choose another output path") from None
    if stat.S_ISDIR(out_stat.st_mode):
        raise ConfigError(f"{option} is a folder", file=shown, hint="name a file to write")
    if not stat.S_ISREG(out_stat.st_mode):
        return  # device, pipe, socket: written directly, nothing is replaced
    real_out = os.path.realpath(output)
    if is_stdin(output):  # /dev/stdin redirected from a file: never written over
        inputs = (*inputs, Path("-"))
    for item in inputs:
        if item is None:
            continue
        try:  # standard input redirected from a file: that file is the input
            in_stat = os.fstat(0) if is_stdin(item) else os.stat(item)
        except OSError:
            continue
        if _same(in_stat, out_stat):
            shown_in = STDIN_DISPLAY if is_stdin(item) else display_name(item)
            raise ConfigError(f"{option} is an input of this run ({shown_in}); "
                              "not overwritten", file=shown,
                              hint="write the output to another file")
        if stat.S_ISDIR(in_stat.st_mode) and _inside(real_out, os.path.realpath(item)):
            if replaceable is not None and replaceable(output):
                continue  # an earlier report: skipped when the folder is read
            raise ConfigError(f"{option} is a file inside the scanned folder "
                              f"{display_name(item)}, so it is an input of this run; "
                              "not overwritten", file=shown,
                              hint="write the output outside the folders being checked")
    if not os.access(real_out, os.W_OK) or not out_stat.st_mode & 0o222:
        raise ConfigError(f"{option} is a read-only file; not overwritten", file=shown,
                          hint="make it writable or choose another output path")


def part_path(target: Path) -> Path:
    """The temporary name a regular file is written under before it is renamed over
    ``target`` (hidden, beside it)."""
    return target.with_name(f".{target.name}.part")


def _direct(output: Path) -> bool:
    """Written in place, not through a temporary file: standard streams, ``/proc`` file
    descriptors, devices and pipes (replacing them would break the device or the pipe)."""
    if str(output) in STDOUT_NAMES | STDERR_NAMES:
        return True
    real = os.path.realpath(output)
    if real.startswith(("/proc/", "/dev/fd/")):
        return True
    try:
        return not stat.S_ISREG(os.stat(output).st_mode)
    except FileNotFoundError:
        return False


def _new_part(target: Path) -> tuple[Path, int]:
    """The temporary file ``target`` is written under, created here and now (never an
    existing file or link of that name, which would be truncated and then removed): the
    :func:`part_path` name, else a hidden name with a random part beside it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    part = part_path(target)
    for _attempt in range(100):
        try:
            return part, os.open(part, flags, 0o666)
        except FileExistsError:
            part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(part))


@contextmanager
def open_output(output: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A stream to ``output`` following the rules in the module docstring: a regular file
    is replaced atomically (a symbolic link is written through and kept; the old file's
    permissions are kept); a device, pipe or ``/dev/stdout`` is written directly."""
    shown = display_name(output)
    mode = "wb" if binary else "w"
    text_args: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": "\n"}
    if str(output) in STDOUT_NAMES:
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    try:
        if _direct(output):
            with open(output, mode, **text_args) as fh:
                yield fh
            return
        target = Path(os.path.realpath(output))  # a symlink is written through
        try:
            keep_mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            keep_mode = None
        part, fd = _new_part(target)
        try:
            with os.fdopen(fd, mode, **text_args) as fh:
                yield fh
            if keep_mode is not None:
                os.chmod(part, keep_mode)
            os.replace(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise RenderError(f"cannot write output: {exc.strerror}", file=shown,
                          hint="check the folder exists and is writable") from None
