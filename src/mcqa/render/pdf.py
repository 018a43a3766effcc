"""PDF output through WeasyPrint (the optional ``pdf`` extra): HTML and print CSS in, A4 out.

Why WeasyPrint: it is a maintained, pure-Python HTML/CSS-to-PDF engine with paged
media support (``@page`` margin boxes for the running title and page numbers,
``break-inside: avoid`` for table rows), it needs no browser, and it never
fetches anything unless asked: the documents are self-contained and the URL
fetcher here refuses every request. Output is deterministic: no creation date,
and the same HTML gives the same bytes.
"""

from __future__ import annotations

from typing import Any, NoReturn

from mcqa.errors import ConfigError

PDF_HINT = ("install the pdf extra: pip install 'mcqa[pdf]' (WeasyPrint; on Debian/Ubuntu "
            "also apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)")


def _no_fetch(url: str, *_: Any, **__: Any) -> NoReturn:
    raise ValueError(f"mcqa documents are self-contained; refusing to fetch {url[:80]}")


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (A4, as its print CSS says)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise ConfigError(f"PDF output is not available: {exc}", hint=PDF_HINT) from None
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch, base_url=".")
    pdf: bytes = document.write_pdf(pdf_identifier=b"mcqa", uncompressed_pdf=False)
    return pdf


def render_report_pdf(report: Any, lang: str = "en", **_: Any) -> bytes:
    """The HTML gap report (passes collapsed, as in print) as a PDF, in ``lang``."""
    from mcqa.render.html import render_html

    return html_to_pdf(render_html(report, show_passes=True, lang=lang))


def render_dossier_pdf(dossier: Any, lang: str = "en", **_: Any) -> bytes:
    """The HTML dossier as a PDF, in ``lang``."""
    from mcqa.render.dossier_html import render_dossier_html

    return html_to_pdf(render_dossier_html(dossier, lang=lang))
