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


def test_result_pages_have_no_english(qps_client: Any) -> None:
    """A check report page and a dossier page made through the forms, in the pseudo-locale
    (the data of the records and the cited documents aside)."""
    from mcqa import api
    from mcqa.model.report import Report
    from tests.i18n.leaks import report_data
    from tests.web.conftest import EXAMPLES, csrf_of, example_files

    token = csrf_of(qps_client.get("/check").text)
    r = qps_client.post("/check", data={"csrf_token": token, "pack": "eu-2022",
                                        "as_of": "2026-01-01"},
                        files=example_files(), follow_redirects=False)
    assert r.status_code == 303, r.text
    english = api.check([EXAMPLES], ["eu-2022"], use_default_esco=False)
    assert isinstance(english, Report)
    data = _data() | report_data(english) | {p.name for p in EXAMPLES.iterdir()}
    page = qps_client.get(r.headers["location"])
    found = leaks(strip_html(page.text), data)
    assert not found, Counter(found).most_common(20)
    token = csrf_of(qps_client.get("/dossier").text)
    example = EXAMPLES / "ie-nfq8-elm-credential.json"
    r = qps_client.post("/dossier", data={"csrf_token": token, "target": "DE",
                                          "pack": "eu-2022", "as_of": "2026-01-01"},
                        files=[("credential", ("ie.json", example.read_bytes()))],
                        follow_redirects=False)
    assert r.status_code == 303, r.text
    page = qps_client.get(r.headers["location"])
    from mcqa.dossier import load_record
    from tests.i18n.leaks import data_of

    found = leaks(strip_html(page.text), data | data_of(load_record(example)) | {"ie.json"})
    assert not found, Counter(found).most_common(20)


def test_benchmark_page_has_no_english(qps_client: Any) -> None:
    from tests.web.conftest import csrf_of, example_files

    token = csrf_of(qps_client.get("/benchmark").text)
    r = qps_client.post("/benchmark", data={"csrf_token": token, "pack": "eu-2022",
                                            "as_of": "2026-01-01", "group_by": "provider"},
                        files=example_files(), follow_redirects=False)
    assert r.status_code == 303, r.text
    page = qps_client.get(r.headers["location"])
    from mcqa import api
    from tests.web.conftest import EXAMPLES

    bm, _counts = api.benchmark([EXAMPLES], ["eu-2022"])
    groups = {g.key[:k] for g in bm.groups for k in range(8, len(g.key) + 1)}  # charts shorten
    found = leaks(strip_html(page.text), _data() | groups)
    assert not found, Counter(found).most_common(20)
