"""Marks for the extractor: English texts for translation, not translated here.

Why a module of its own, on the lowest floor: the engine, the loaders and the dossier
builder write English (they never format for a reader's language) and must not import
:mod:`mcqa.i18n`, yet the sentences they compose have to reach the translators. Marked
with ``N_("Not verified: {reason}.").format(reason=...)``, the template is extracted into
the gettext catalog (``python scripts/i18n.py extract``) and the renderers translate the
finished English text back through it (:func:`mcqa.i18n.localize_text`). Renderers use
the plural and context marks for tables of phrases they look up later.
"""

from __future__ import annotations

__all__ = ["NC_", "NN_", "N_", "english_form"]


def N_(message: str) -> str:
    """``message`` itself: only a mark for the extractor (tables, constants, templates)."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """A singular and plural pair, for ``ngettext`` later."""
    return singular, plural


def english_form(forms: tuple[str, str], n: int) -> str:
    """The English form of an ``NN_`` pair for ``n`` (the singular for 1): how a lower
    floor composes a count sentence that a renderer later matches back to the pair and
    puts in the reader's language with that language's plural rule."""
    return forms[0] if n == 1 else forms[1]


def NC_(context: str, message: str) -> tuple[str, str]:
    """A message in a context ("error" as a severity, "error" as a status), for
    ``pgettext`` later."""
    return context, message
