"""What a loader yields: records, and problems that stop one record but not the batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from mcqa.model.record import CredentialRecord


class InputProblem(BaseModel):
    """A record (or whole file) that could not be read; reported, never dropped."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    locator: str = Field(default="", description="JSON pointer, sheet!cell, line, or empty.")
    message: str = Field(description="One line: what is wrong and what to do.")
    record_id: str | None = Field(default=None, description="Id of the record, when known.")


class Skipped(BaseModel):
    """A readable document that is not a micro-credential (a JSON-LD context, a schema,
    an organisation profile, an endorsement of an organisation): not checked, not an input
    error, but reported and counted so that the closing count still accounts for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    locator: str = Field(default="", description="JSON pointer of the document, or empty.")
    reason: str = Field(description="What the document is, e.g. 'a JSON-LD context'.")


LoadItem = CredentialRecord | InputProblem | Skipped
"""One item from a loader: a readable record, a problem standing in for one, or a
document that is not a micro-credential."""


@dataclass(frozen=True)
class Deferred:
    """A unit a loader has read but not yet interpreted: a JSON line, a spreadsheet row,
    a whole credential file.

    Batch runs with several workers ask loaders for these instead of records,
    so that interpretation (JSON parsing, validation, provenance) runs in the
    worker processes in parallel and the main process only reads bytes.
    ``build`` must pickle (a :func:`functools.partial` of a module-level
    function, or a bound method of a picklable object).
    """

    file: str
    locator: str
    build: Callable[[], Iterable[LoadItem]]

    def items(self) -> list[LoadItem]:
        """The unit's items; a crash while building ends it with one problem item."""
        out: list[LoadItem] = []
        try:
            out.extend(self.build())
        except (Exception, MemoryError) as exc:  # isolate: one broken unit never stops the batch
            out.append(crash_problem(self.file, self.locator, exc))
        return out


def crash_problem(file: str, locator: str, exc: BaseException) -> InputProblem:
    """The problem item for a file whose reading stopped on an unexpected exception: one
    line naming the file (and location); memory exhaustion said plainly."""
    where = f"{file}:{locator}" if locator else file
    if isinstance(exc, MemoryError):
        message = (f"{where}: not enough memory to read this file (too large or too deeply "
                   "nested for this machine) — split it, or check it on a larger machine")
    elif hasattr(exc, "one_line"):  # an McqaError from a layer below the loader
        message = exc.one_line() if getattr(exc, "file", None) else f"{where}: {exc.one_line()}"
    else:
        message = (f"{where}: reading stopped: {type(exc).__name__}: {exc} — report this file "
                   "to the mcqa maintainers")
    return InputProblem(file=file, locator=locator, message=" ".join(message.split()))


LoadUnit = LoadItem | Deferred
"""What a loader yields in a batch run: an item, or a unit to build where it is checked."""
