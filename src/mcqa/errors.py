"""One error hierarchy for mcqa, split by who has to act.

Every message says *what* went wrong, *where* (file and location: JSON
pointer, line, sheet!cell) and *what to do*. The CLI maps the classes to
exit codes: :class:`InputError`, :class:`PackError` and :class:`ConfigError`
exit with 2; anything else that escapes is an internal error (exit 3).

Problems *inside* a credential (a missing element, a wrong value) are not
exceptions: they become findings. Exceptions are for cases where mcqa cannot
read or use a file at all.
"""

from __future__ import annotations


class McqaError(Exception):
    """Base class of every error mcqa raises on purpose."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        location: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.location = location
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """Render as ``file:location: message (hint)`` on a single line."""
        where = ""
        if self.file:
            where = self.file
            if self.location:
                where += f":{self.location}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return " ".join(text.split())  # never more than one line


class InputError(McqaError):
    """A credential, catalogue or data file cannot be read (fix the input)."""


class UnsupportedFormatError(InputError):
    """The content is not any format mcqa knows (detected from content, not extension)."""


class InputLimitError(InputError):
    """The input exceeds a configured safety limit (size, depth, count)."""


class PackError(McqaError):
    """A rule pack or framework data file is invalid (fix the pack)."""


class ConfigError(McqaError):
    """A command-line option, waiver file or mapping file is invalid (fix the call)."""


class DataStoreError(McqaError):
    """A local index (e.g. the ESCO database) is missing or unusable (re-import it)."""


class RenderError(McqaError):
    """A report cannot be written (e.g. output path not writable)."""
