"""HTTP-level tests of the web application with Starlette's test client: every page,
upload limits, CSRF and token refusal, error pages, headers, and that no upload
survives its request."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from starlette.testclient import TestClient

from mcqa.api import Limits, report_schema
from mcqa.web import Settings, create_app
from tests.web.conftest import EXAMPLES, N_EXAMPLES, csrf_of, example_files


def _token(client: Any, path: str = "/check") -> str:
    return csrf_of(client.get(path).text)


def _check(client: Any, files: list[Any], **fields: str) -> Any:
    data = {"csrf_token": _token(client), "pack": "eu-2022", "as_of": "2026-01-01",
            "lang": "en", **fields}
    return client.post("/check", data=data, files=files, follow_redirects=False)


@pytest.mark.parametrize("path", ["/check", "/dossier", "/benchmark", "/levels", "/rules",
                                  "/rules/eu-2022", "/rule/EU-AI-M07", "/esco",
                                  "/esco?q=database",
                                  "/levels?source=IE-NFQ&level=8&target=DE&amount=5&unit=ECTS"
                                  "&to=HOURS"])
def test_every_page_renders_with_security_headers(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert "<script>" not in r.text and " style=" not in r.text and "onclick" not in r.text


def test_health_is_open_and_small(client: Any) -> None:
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_check_report_filters_and_downloads(client: Any) -> None:
    r = _check(client, example_files())
    assert r.status_code == 303, r.text
    report = r.headers["location"]
    page = client.get(report)
    assert page.status_code == 200
    assert page.text.count('class="record ') == min(N_EXAMPLES, 20)  # 20 records a page
    assert "Conforms" in page.text or "Gaps" in page.text
    only_errors = client.get(report, params={"severity": "error", "status": "fail"})
    assert 'class="sev warning"' not in only_errors.text
    passes = client.get(report, params={"status": "pass"})
    assert 'class="status pass"' in passes.text and 'class="status fail"' not in passes.text
    data = client.get(f"{report}/download/json")
    assert data.status_code == 200
    assert data.headers["content-disposition"].startswith("attachment")
    doc = json.loads(data.content)
    jsonschema.validate(doc, report_schema())
    assert doc["summary"]["records"] == N_EXAMPLES
    assert {r["source_file"] for r in doc["records"]} == {p.name for p in EXAMPLES.iterdir()}
    # the same bytes the library's renderer writes for that report
    from mcqa.api import render_report, report_from_json

    assert data.text == render_report(report_from_json(data.content), "json")
    for fmt, magic in (("md", b"#"), ("html", b"<!doctype html"), ("sarif", b"{"),
                       ("xlsx", b"PK")):
        got = client.get(f"{report}/download/{fmt}")
        assert got.status_code == 200, (fmt, got.text[:300])
        assert got.content.lower().startswith(magic.lower()), fmt
    assert client.get(f"{report}/download/exe").status_code == 404


def test_zipped_folder_is_unpacked_and_named(client: Any) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(EXAMPLES.iterdir()):
            zf.write(p, f"examples/{p.name}")
    r = _check(client, [("files", ("examples.zip", buf.getvalue()))])
    assert r.status_code == 303, r.text
    doc = client.get(f"{r.headers['location']}/download/json").json()
    assert doc["summary"]["records"] == N_EXAMPLES
    assert all(rec["source_file"].startswith("examples.zip/examples/")
               for rec in doc["records"])


def test_results_belong_to_the_browser_that_made_them(client: Any, esco_db: Path) -> None:
    r = _check(client, [("files", ("a.yaml", (EXAMPLES / "nz-solar-install.yaml").read_bytes()))])
    report = r.headers["location"]
    other = TestClient(client.app)
    assert other.get(report).status_code == 404
    assert other.get(f"{report}/download/json").status_code == 404
    forget = client.post(report.replace("/report/", "/forget/"),
                         data={"csrf_token": _token(client)}, follow_redirects=False)
    assert forget.status_code == 303
    assert client.get(report).status_code == 404


def test_csrf_refused(client: Any) -> None:
    files = [("files", ("a.yaml", b"title: x\n"))]
    missing = client.post("/check", data={}, files=files)
    assert missing.status_code == 403 and "expired" in missing.text
    wrong = client.post("/check", data={"csrf_token": "forged"}, files=files)
    assert wrong.status_code == 403
    cross = client.post("/check", data={"csrf_token": _token(client)}, files=files,
                        headers={"origin": "http://evil.example"})
    assert cross.status_code == 403


def test_upload_limits(esco_db: Path) -> None:
    limits = Limits(max_file_bytes=2000, max_zip_members=3, max_unzipped_bytes=50_000)
    app = create_app(Settings(workers=1, limits=limits, timeout=30, esco_db=esco_db))
    with TestClient(app, raise_server_exceptions=False) as c:
        big = _check(c, [("files", ("big.json", b"{" + b" " * 5000 + b"}"))])
        assert big.status_code == 413 and "larger than 2,000 bytes" in big.text
        many = _check(c, [("files", (f"f{i}.yaml", b"a: 1\n")) for i in range(5)])
        assert many.status_code == 413 and "more than 3 files" in many.text
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("d/huge.json", b"0" * 200_000)
        bomb = _check(c, [("files", ("bomb.zip", buf.getvalue()))])
        assert bomb.status_code == 413 and "zip bomb" in bomb.text
        assert "Traceback" not in bomb.text
        ok = _check(c, [("files", ("ok.yaml", (EXAMPLES / "nz-solar-install.yaml")
                                   .read_bytes()[:1990]))])
        assert ok.status_code in (303, 413)


def test_no_upload_survives_its_request(client: Any, monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = set(tmp_path.iterdir())
    assert _check(client, example_files()).status_code == 303
    assert _check(client, [("files", ("bad.json", b"{not json"))]).status_code == 303
    assert client.post("/check", data={"csrf_token": "x"},
                       files=example_files()).status_code == 403
    dossier = client.post("/dossier", data={"csrf_token": _token(client, "/dossier"),
                                            "target": "NOWHERE"},
                          files=[("credential", ("c.json", (EXAMPLES /
                                  "ie-nfq8-elm-credential.json").read_bytes()))])
    assert dossier.status_code == 422 and "NOWHERE" in dossier.text
    leftovers = [p for p in tmp_path.iterdir() if p not in before]
    assert leftovers == [], leftovers


def test_unreadable_input_is_a_message_not_a_trace(client: Any) -> None:
    r = _check(client, [("files", ("broken.json", b"{\"a\": ")), ("files", ("x.bin", b"\x00\x01"))])
    page = client.get(r.headers["location"])
    assert page.text.count("Unreadable") >= 2
    assert "Traceback" not in page.text


def test_error_pages(client: Any) -> None:
    assert client.get("/report/nope").status_code == 404
    assert "no longer kept" in client.get("/report/nope").text
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/rule/NOPE-1").status_code == 404
    r = client.get("/levels", params={"source": "IE-NFQ", "level": "99", "target": "DE"})
    assert r.status_code == 422 and "problem" in r.text
    empty = _check(client, [])
    assert empty.status_code == 422 and "no file was uploaded" in empty.text


def test_internal_error_page_hides_the_trace(client: Any, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    from mcqa import api

    def boom(*_: Any, **__: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(api, "pack_rules", boom)
    r = client.get("/rules/eu-2022")
    assert r.status_code == 500
    assert "secret detail" not in r.text and "Traceback" not in r.text
    assert "Something went wrong" in r.text


def test_dossier_with_review_decision(client: Any) -> None:
    r = client.post("/dossier", data={"csrf_token": _token(client, "/dossier"), "target": "DE",
                                      "pack": "eu-2022", "as_of": "2026-01-01"},
                    files=[("credential", ("ie.json", (EXAMPLES / "ie-nfq8-elm-credential.json")
                                           .read_bytes()))], follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get(r.headers["location"])
    assert "IE-NFQ 8 → EQF 6 → DE-DQR 6" in page.text
    import re

    radio = re.search(r'name="decision:(\d+):(\d+)" value="accept"', page.text)
    assert radio, "the slice index should suggest skills"
    key = r.headers["location"].rsplit("/", 1)[1]
    token = csrf_of(page.text)
    nameless = client.post(f"/dossier/{key}/review", data={
        "csrf_token": token, f"decision:{radio[1]}:{radio[2]}": "accept"},
        files=[("none", ("", b""))])
    assert nameless.status_code == 422 and "reviewer" in nameless.text
    done = client.post(f"/dossier/{key}/review", data={
        "csrf_token": token, "reviewer": "A. Reviewer",
        f"decision:{radio[1]}:{radio[2]}": "accept"}, files=[("none", ("", b""))],
        follow_redirects=False)
    assert done.status_code == 303
    review = client.get(f"/dossier/{key}/download/review").text
    assert "A. Reviewer" in review and "decision: accept" in review
    html = client.get(f"/dossier/{key}/download/html").text
    assert "A. Reviewer" in html
    jsonld = client.get(f"/dossier/{key}/download/jsonld")
    assert jsonld.status_code == 200 and json.loads(jsonld.content)


def test_token_refusal(esco_db: Path) -> None:
    app = create_app(Settings(host="0.0.0.0", token="s3cret-token", workers=1,
                              esco_db=esco_db))
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/health").status_code == 200
        assert c.get("/check", headers={"accept": "text/html"},
                     follow_redirects=False).headers["location"] == "/login"
        assert c.get("/rules").status_code == 401
        assert c.get("/rules", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/rules", headers={"authorization": "Bearer s3cret-token"}
                     ).status_code == 200
        token = csrf_of(c.get("/login").text)
        bad = c.post("/login", data={"csrf_token": token, "token": "nope"})
        assert bad.status_code == 401
        good = c.post("/login", data={"csrf_token": token, "token": "s3cret-token"},
                      follow_redirects=False)
        assert good.status_code == 303
        assert c.get("/rules").status_code == 200


def test_open_network_server_is_refused() -> None:
    from mcqa.errors import ConfigError

    with pytest.raises(ConfigError, match="without access control"):
        create_app(Settings(host="0.0.0.0"))


def test_users_file_login(tmp_path: Path, esco_db: Path) -> None:
    from mcqa.web.settings import hash_password, load_users

    users = tmp_path / "users"
    users.write_text(f"# team\nana:{hash_password('pw-ana', iterations=1000)}\n",
                     encoding="utf-8")
    app = create_app(Settings(host="192.0.2.1", users=load_users(users), workers=1))
    with TestClient(app, raise_server_exceptions=False) as c:
        token = csrf_of(c.get("/login").text)
        assert c.post("/login", data={"csrf_token": token, "user": "ana",
                                      "password": "wrong"}).status_code == 401
        assert c.post("/login", data={"csrf_token": token, "user": "ana",
                                      "password": "pw-ana"}, follow_redirects=False
                      ).status_code == 303
        assert c.get("/rules").status_code == 200


def test_serve_without_the_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from click.testing import CliRunner

    from mcqa.cli import cli

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code != 0
    assert "pip install 'mcqa[web]'" in str(result.exception) or \
        "mcqa[web]" in result.output


def test_web_imports_only_api_render_errors() -> None:
    import ast

    root = Path(__file__).resolve().parents[2] / "src" / "mcqa" / "web"
    allowed = ("mcqa.api", "mcqa.render", "mcqa.errors", "mcqa.web", "mcqa")
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and \
                    node.module.startswith("mcqa"):
                assert node.module.startswith(allowed), (path.name, node.module)
                if node.module == "mcqa":
                    assert {a.name for a in node.names} <= {"api"}, path.name


@pytest.mark.parametrize(("header", "title"), [
    ("de-AT,de;q=0.9,en;q=0.8", "Microcredentials prüfen"),
    ("pt-BR,pt;q=0.9,pl;q=0.5", "Sprawdź mikropoświadczenia"),
    ("en-GB,fr;q=0.5", "Check micro-credentials"),
    ("xx;q=abc, ;;,", "Check micro-credentials"),
])
def test_first_visit_opens_in_the_browser_s_language(client: Any, header: str,
                                                      title: str) -> None:
    """Without a choice made in the page header, the browser's Accept-Language decides."""
    client.cookies.clear()
    page = client.get("/check", headers={"Accept-Language": header}).text
    assert f"<h1>{title}</h1>" in page


def test_the_chosen_language_wins_over_the_browser_s(client: Any) -> None:
    client.cookies.clear()
    client.get("/lang?lang=fr&next=/check")
    page = client.get("/check", headers={"Accept-Language": "de"}).text
    assert "<h1>Vérifier" in page or 'lang="fr"' in page
    client.cookies.clear()


# --- found by driving the pages as a German or Polish user (webtrial) -------------------


def _in(client: Any, lang: str, path: str, **params: str) -> Any:
    client.cookies.clear()
    client.get(f"/lang?lang={lang}&next=/check")
    return client.get(path, params=params)


@pytest.mark.parametrize(("lang", "amount", "unit", "to", "answer"), [
    ("de", "7,5", "ECTS", "HOURS", "7,5 ECTS = 187,5\u2013225 Stunden"),
    ("pl", "7,5", "ECTS", "HOURS", "7,5 ECTS = 187,5\u2013225 godz."),
    ("fr", "1 500", "HOURS", "ECTS", "1\u202f500 heures = 50\u201360 ECTS"),
    ("en", "7.5", "ECTS", "HOURS", "7.5 ECTS = 187.5\u2013225 hours"),
])
def test_amount_typed_as_the_language_writes_it(client: Any, lang: str, amount: str, unit: str,
                                                to: str, answer: str) -> None:
    """A German types 7,5 (as the page itself writes it); hours are named, not 'HOURS'."""
    r = _in(client, lang, "/levels", amount=amount, unit=unit, to=to)
    assert r.status_code == 200, r.text
    assert answer in r.text
    assert ">HOURS<" not in r.text
    client.cookies.clear()


def test_amount_that_is_no_number_says_so_in_the_language(client: Any) -> None:
    r = _in(client, "de", "/levels", amount="abc", unit="ECTS", to="HOURS")
    assert r.status_code == 422
    assert "ist keine Zahl — geben Sie eine endliche Zahl an" in r.text
    assert "— e.g. 10" not in r.text
    client.cookies.clear()


def test_dossier_of_broken_file_names_file_and_place_once(client: Any) -> None:
    r = client.post("/dossier", data={"csrf_token": _token(client, "/dossier"), "target": "DE",
                                      "pack": "eu-2022"},
                    files=[("credential", ("broken.json", b'{"title": "x", '))])
    assert r.status_code == 422
    assert r.text.count("broken.json:line 1") == 1, r.text
    assert "Traceback" not in r.text


def test_unreadable_record_is_headed_by_its_file(client: Any) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("doc.pdf", b"%PDF-1.4\n%%EOF")
    r = _check(client, [("files", ("with-pdf.zip", buf.getvalue())),
                        ("files", ("empty.json", b""))])
    page = client.get(r.headers["location"]).text
    assert "<h2>with-pdf.zip/doc.pdf</h2>" in page and "<h2>empty.json</h2>" in page
    assert "<h2>with-pdf.zip/doc.pdf#</h2>" not in page


def test_dossier_page_workload_once_and_reviewer_kept(client: Any) -> None:
    r = client.post("/dossier", data={"csrf_token": _token(client, "/dossier"), "target": "DE",
                                      "pack": "eu-2022", "as_of": "2026-01-01"},
                    files=[("credential", ("ie.json", (EXAMPLES / "ie-nfq8-elm-credential.json")
                                           .read_bytes()))], follow_redirects=False)
    key = r.headers["location"].rsplit("/", 1)[1]
    page = client.get(r.headers["location"]).text
    import re

    workload = re.search(r"<dt>Workload</dt><dd>(.*?)</dd>", page)
    assert workload, page
    # as the dossier download writes it: '5 ECTS (125 hours)', each figure once
    assert re.fullmatch(r"[\d.,]+ ECTS \([\d.,\u2013-]+ hours\)", workload[1]), workload[1]
    radio = re.search(r'name="decision:(\d+):(\d+)" value="accept"', page)
    assert radio
    client.post(f"/dossier/{key}/review", data={
        "csrf_token": csrf_of(page), "reviewer": "Zofia Łęcka",
        f"decision:{radio[1]}:{radio[2]}": "accept"}, files=[("none", ("", b""))])
    again = client.get(f"/dossier/{key}").text
    assert 'name="reviewer" autocomplete="name" value="Zofia Łęcka"' in again


def test_benchmark_of_unreadable_files_says_why(client: Any) -> None:
    r = client.post("/benchmark", data={"csrf_token": _token(client, "/benchmark"),
                                        "pack": "eu-2022", "group_by": "provider"},
                    files=[("files", ("empty.json", b"")),
                           ("files", ("nz.yaml", (EXAMPLES / "nz-solar-install.yaml")
                                      .read_bytes()))], follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get(r.headers["location"]).text
    assert "Unreadable: 1 / 2" in page
    assert "empty.json: file is empty" in page


def test_esco_words_in_their_language(client: Any) -> None:
    """The index is English: a Polish search that finds nothing says so; ESCO's code lists
    (status, skill type, reuse level, relation, collection) are shown in Polish."""
    r = _in(client, "pl", "/esco", q="zzzqqq")
    assert "Brak wyników." in r.text and "Język zainstalowanego indeksu ESCO: English" in r.text
    assert "grupy ISCO" in r.text and "Grupy ISCO" not in r.text
    hit = _in(client, "pl", "/esco", q="database", type="skill")
    import re

    uri = re.search(r'href="/esco/concept\?uri=([^"]+)"', hit.text)
    assert uri
    concept = client.get(f"/esco/concept?uri={uri[1]}").text
    for english in (" released", ">essential<", ">optional<", "knowledge ·", "skill/competence"):
        assert english not in concept, english
    client.cookies.clear()


def test_bad_review_file_is_named_as_uploaded(client: Any) -> None:
    """The message named the server's temporary file (/tmp/mcqa-web-.../u0002.json)."""
    r = client.post("/dossier", data={"csrf_token": _token(client, "/dossier"), "target": "DE",
                                      "pack": "eu-2022"},
                    files=[("credential", ("ie.yaml", (EXAMPLES / "ie-data-analytics-nfq8.yaml")
                                           .read_bytes())),
                           ("review_file", ("my-review.yaml", b"decisions: [\n  - {"))])
    assert r.status_code == 422
    assert "my-review.yaml:line" in r.text
    assert "mcqa-web-" not in r.text and "u0002" not in r.text


def test_forgetting_a_result_says_so(client: Any) -> None:
    r = _check(client, [("files", ("nz.yaml", (EXAMPLES / "nz-solar-install.yaml").read_bytes()))])
    key = r.headers["location"].rsplit("/", 1)[1]
    page = client.get(r.headers["location"]).text
    gone = client.post(f"/forget/{key}", data={"csrf_token": csrf_of(page), "next": "/check"})
    assert gone.status_code == 200 and 'class="notice" role="status"' in gone.text
    assert "The result is forgotten" in gone.text
    assert client.get(f"/report/{key}").status_code == 404


def test_a_worker_s_own_failure_is_told_in_the_page_language(esco_db: Path) -> None:
    """'internal error (TypeError); the server's log has the details' stayed English on a
    German page: the worker composed it where no catalog could see it."""
    import asyncio

    from mcqa import api
    from mcqa.web.jobs import JobError, JobRunner

    runner = JobRunner(Settings(workers=1, esco_db=esco_db, timeout=60))
    with pytest.raises(JobError) as caught:
        asyncio.run(runner.run("render_dossier", None, dossier=None, fmt="html", lang="de"))
    assert caught.value.status == 500
    text = api.error_text(caught.value, "de")
    assert text.startswith("interner Fehler (") and "Protokoll des Servers" in text, text
    assert "Traceback" not in text


def test_review_form_keeps_what_was_typed_after_a_problem(client: Any) -> None:
    """An unknown replacement skill answered with the form emptied: the reviewer's name,
    the replacement typed and the choices made were gone."""
    import re

    r = client.post("/dossier", data={"csrf_token": _token(client, "/dossier"), "target": "DE",
                                      "pack": "eu-2022", "as_of": "2026-01-01"},
                    files=[("credential", ("ie.json", (EXAMPLES / "ie-nfq8-elm-credential.json")
                                           .read_bytes()))], follow_redirects=False)
    key = r.headers["location"].rsplit("/", 1)[1]
    page = client.get(r.headers["location"]).text
    radio = re.search(r'name="(decision:\d+:\d+)" value="accept"', page)
    replace = re.search(r'name="(replace:\d+)"', page)
    assert radio and replace
    bad = client.post(f"/dossier/{key}/review", data={
        "csrf_token": csrf_of(page), "reviewer": "Anna Berg", radio[1]: "accept",
        replace[1]: "xyzzyplugh"}, files=[("none", ("", b""))])
    assert bad.status_code == 422 and "xyzzyplugh" in bad.text
    assert 'name="reviewer" autocomplete="name" value="Anna Berg"' in bad.text
    assert f'name="{replace[1]}" value="xyzzyplugh"' in bad.text
    assert f'name="{radio[1]}" value="accept" checked' in bad.text
