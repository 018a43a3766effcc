"""Documents that travel with credentials but are not micro-credentials.

Folders of credentials hold JSON-LD contexts, JSON Schemas and similar
reference files. Checking them as micro-credentials would report eleven
"missing" elements, and calling them unreadable would make the run fail;
both are wrong. This loader, tried before the credential formats, recognises
them from their content (never their name) and yields one
:class:`~mcqa.model.Skipped` item each: reported as "not a micro-credential",
counted in the closing count, never checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mcqa.loaders._common import peek
from mcqa.loaders.base import SourceDocument
from mcqa.model import LoadItem, Skipped

_CONTEXT_KEYS = frozenset({"@context", "@version", "@protected", "$comment", "comment"})


def reference_kind(data: Any) -> str | None:
    """What a parsed JSON document is, when it is a known kind of non-credential."""
    if not isinstance(data, dict) or not data:
        return None
    if set(data) <= _CONTEXT_KEYS and isinstance(data.get("@context"), (dict, list)):
        return "a JSON-LD context"
    schema = data.get("$schema")
    if isinstance(schema, str) and "json-schema.org" in schema:
        title = data.get("title")
        named = f" ({title})" if isinstance(title, str) and 0 < len(title) <= 80 else ""
        return f"a JSON Schema{named}"
    return None


class ReferenceDocumentLoader:
    """JSON-LD contexts and JSON Schemas: skipped with a note, never checked.

    Detected by: a document holding only ``@context``, or a ``$schema`` naming
    json-schema.org. Records: none; one skipped item.
    """

    name = "reference"
    label = "reference document"

    def matches(self, doc: SourceDocument) -> bool:
        """A context or schema by content."""
        env = peek(doc)
        return env is not None and env.prefix == "" and reference_kind(env.data) is not None

    def load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        """One skipped item naming what the document is."""
        env = peek(doc)
        kind = reference_kind(env.data) if env is not None else None
        yield Skipped(file=doc.display, reason=kind or "a reference document")


__all__ = ["ReferenceDocumentLoader", "reference_kind"]
