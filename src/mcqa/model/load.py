"""What a loader yields: records, and problems that stop one record but not the batch."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from mcqa.model.record import CredentialRecord


class InputProblem(BaseModel):
    """A record (or whole file) that could not be read; reported, never dropped."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    locator: str = Field(default="", description="JSON pointer, sheet!cell, line, or empty.")
    message: str = Field(description="One line: what is wrong and what to do.")
    record_id: str | None = Field(default=None, description="Id of the record, when known.")


LoadItem = CredentialRecord | InputProblem
"""One item from a loader: a readable record, or a problem standing in for one."""
