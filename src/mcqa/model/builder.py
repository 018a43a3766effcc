"""Incremental construction of a :class:`CredentialRecord` with provenance.

Loaders read a file field by field; the builder keeps each value together
with the place it was read (or looked for), and turns pydantic validation
problems into :class:`~mcqa.errors.InputError` naming the file and field.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ValidationError

from mcqa.errors import InputError
from mcqa.model.base import trusted_maker
from mcqa.model.record import CredentialRecord, LocatorKind, SourceRef

_make_ref = trusted_maker(SourceRef)


class RecordBuilder:
    """Collect fields and their sources, then :meth:`build` a frozen record."""

    def __init__(self, source_file: str, source_format: str, kind: LocatorKind = "json-pointer"):
        self.source_file = source_file
        self.kind: LocatorKind = kind
        self.fields: dict[str, Any] = {"source_file": source_file, "source_format": source_format}
        self.provenance: dict[str, SourceRef] = {}

    def set(self, path: str, value: Any, locator: str, *, kind: LocatorKind | None = None) -> None:
        """Set top-level field ``path`` (e.g. ``title``) and record where it came from.

        Nested provenance (``workload.ects``) is recorded with :meth:`source`.
        """
        self.fields[path] = value
        self.source(path, locator, kind=kind)

    def source(self, path: str, locator: str, *, kind: LocatorKind | None = None,
               present: bool = True) -> None:
        """Record provenance of ``path`` (any dotted path) without setting a value."""
        # trusted: every value is the loader's own string/flag (hot path, ~30 per record)
        self.provenance[path] = _make_ref({
            "file": self.source_file, "locator": locator, "kind": kind or self.kind,
            "present": present})

    def looked(self, path: str, locator: str, *, kind: LocatorKind | None = None) -> None:
        """Record that ``path`` was looked for at ``locator`` and not found."""
        if path not in self.provenance:
            self.source(path, locator, kind=kind, present=False)

    def statement(self, field: str, text: str, elements: tuple[str, ...], locator: str, *,
                  kind: LocatorKind | None = None,
                  cues: tuple[tuple[str, str], ...] = ()) -> None:
        """Keep free text that may state ``elements`` (see :class:`Statement`), with its
        location as provenance ``statements.N``. Identical texts are kept once."""
        from mcqa.model.record import Statement

        if not elements:
            return
        statements = self.fields.setdefault("statements", [])
        for i, st in enumerate(statements):
            if st.text == text:
                merged = tuple(dict.fromkeys((*st.elements, *elements)))
                statements[i] = Statement(elements=merged, text=st.text, field=st.field,
                                          cues=tuple(dict.fromkeys((*st.cues, *cues))))
                return
        self.source(f"statements.{len(statements)}", locator, kind=kind)
        statements.append(Statement(elements=elements, text=text, field=field, cues=cues))

    def issue(self, path: str, locator: str, message: str, *,
              severity: Literal["warning", "info"] = "warning") -> None:
        """Record an unusable value: reported as an input finding, the record still checked.
        ``info`` marks a note on how the input was read rather than a value lost."""
        from mcqa.model.record import InputIssue

        issues = self.fields.setdefault("input_issues", [])
        issues.append(InputIssue(path=path, locator=locator, message=message,
                                 severity=severity))
        self.source(path, locator)

    def build(self) -> CredentialRecord:
        """Validate and freeze; bad values become one :class:`InputError`.

        Placeholders and non-answers ("TBD", "string", "full-time" as a form of
        participation) are removed first and reported as input issues (see
        :mod:`mcqa.model.nonanswers`): the one place every format passes through.
        """
        from mcqa.model.nonanswers import scrub

        scrub(self.fields, self.provenance)
        self.fields["provenance"] = self.provenance
        try:
            return CredentialRecord.model_validate(self.fields)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"])
            src = self.provenance.get(str(err["loc"][0])) if err["loc"] else None
            raise InputError(
                f"field {loc!r}: {err['msg']}",
                file=self.source_file,
                location=src.locator if src else None,
                hint="correct the value in the input file",
            ) from None
