"""The web pages in the pseudo-locale: every label, heading, hint and button went through
the catalog (the page header's language choice sets it). What may stay in plain English
is data: framework titles, level labels and notes (the framework files hold them in English
only) and the citations of English-language documents, as cited."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from tests.i18n.leaks import leaks, strip_html


@pytest.fixture(scope="module")
def qps_client() -> Iterator[Any]:
    from starlette.testclient import TestClient

    from mcqa.web import Settings, create_app

    app = create_app(Settings(workers=1, timeout=60, languages=("qps",)))
    with TestClient(app, raise_server_exceptions=True) as c:
        yield c


def _data() -> set[str]:
    from mcqa.frameworks.registry import load_frameworks
    from mcqa.packs import available_packs, resolve_packs

    out: set[str] = set()
    for fw in load_frameworks():
        out.add(fw.title)
        out.update(src.title for src in fw.sources)
        out.update(filter(None, [fw.notes, *(lv.label for lv in fw.levels),
                                 *(lv.mapping.note for lv in fw.levels)]))
    for pid in available_packs():
        for pack in resolve_packs([pid]).packs:
            out.update(filter(None, (pack.meta.source.document, pack.meta.source.url)))
            for rule in pack.rules:
                out.update(filter(None, (rule.citation.document, rule.citation.locator,
                                         rule.citation.display(), rule.citation.url)))
    return out


@pytest.mark.parametrize("path", ["/check", "/benchmark", "/dossier", "/esco", "/levels",
                                  "/rules", "/rules/eu-2022", "/rule/EU-AI-M07"])
def test_page_has_no_english(qps_client: Any, path: str) -> None:
    r = qps_client.get(path)
    assert r.status_code == 200
    found = leaks(strip_html(r.text), _data())
    assert not found, Counter(found).most_common(20)
