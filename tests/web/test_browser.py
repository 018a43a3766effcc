"""Real-browser tests: Debian's Chromium driven by Playwright against ``mcqa serve``.

Each test keeps a screenshot of the page it ends on in ``tmp/artefacts/`` (not
committed) for a person to look at.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.web.conftest import ARTEFACTS, EXAMPLES, N_EXAMPLES

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.errors = errors
    yield pg
    context.close()


def shot(page: Any, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def test_check_examples_shows_verdicts_and_json_validates(page: Any, server: str,
                                                          tmp_path: Path) -> None:
    page.goto(f"{server}/check")
    shot(page, "check-form")
    page.locator('input[name="files"]:not([webkitdirectory])').set_input_files(
        sorted(str(p) for p in EXAMPLES.iterdir()))
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url("**/report/**")
    assert page.locator(".record").count() == min(N_EXAMPLES, 20)
    verdicts = page.locator(".record .verdict").all_inner_texts()
    assert {v.strip().lower() for v in verdicts} <= {"conforms", "gaps", "unreadable"}
    assert "gaps" in {v.strip().lower() for v in verdicts}
    shot(page, "report")
    with page.expect_download() as info:
        page.get_by_role("link", name="JSON").click()
    path = tmp_path / "report.json"
    info.value.save_as(path)
    from mcqa.api import report_schema

    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, report_schema())
    assert data["summary"]["records"] == N_EXAMPLES
    # a filter narrows the findings shown
    page.select_option('select[name="severity"]', "error")
    page.get_by_role("button", name="Filter").click()
    sev = {s.strip() for s in page.locator(".findings .sev").all_inner_texts()}
    assert sev == {"error"}
    shot(page, "report-filtered")
    page.emulate_media(media="print")
    shot(page, "report-print")
    assert not page.errors, page.errors  # no CSP violation or script error


def test_benchmark_shows_progress_ranking_and_xlsx(page: Any, server: str,
                                                   catalogue: Path, tmp_path: Path) -> None:
    page.goto(f"{server}/benchmark")
    page.locator('input[name="files"]').set_input_files(str(catalogue))
    polls: list[str] = []
    page.on("request", lambda r: polls.append(r.url) if "/progress/" in r.url else None)
    page.get_by_role("button", name="Run the benchmark").click()
    page.wait_for_url("**/benchmark/**", timeout=60_000)
    assert polls, "app.js should poll the progress of the job while the answer is awaited"
    assert page.locator("table.data tbody tr").count() >= 2
    assert page.locator("svg.chart rect").count() >= 10
    shot(page, "benchmark")
    with page.expect_download() as info:
        page.get_by_role("link", name="Workbook (XLSX)").click()
    path = tmp_path / "b.xlsx"
    info.value.save_as(path)
    assert zipfile.is_zipfile(path)
    assert not page.errors, page.errors


def test_dossier_review_decision_appears_in_dossier(page: Any, server: str) -> None:
    page.goto(f"{server}/dossier")
    shot(page, "dossier-form")
    page.locator('input[name="credential"]').set_input_files(
        str(EXAMPLES / "ie-nfq8-elm-credential.json"))
    page.select_option('select[name="target"]', "DE")
    page.get_by_role("button", name="Build the dossier").click()
    page.wait_for_url("**/dossier/**")
    radios = page.locator('input[type="radio"][value="accept"]')
    assert radios.count() > 0, "the slice index should suggest skills"
    label = page.locator("table.suggestions tbody tr td a").first.inner_text()
    page.fill('input[name="reviewer"]', "M. Keane")
    radios.first.check()
    page.get_by_role("button", name="Save decisions and rebuild the dossier").click()
    page.wait_for_url("**/dossier/**#esco")
    row = page.locator("tr.rv-accepted").first
    assert "M. Keane" in row.inner_text()
    shot(page, "dossier")
    with page.expect_download() as info:
        page.get_by_role("link", name="Dossier (HTML)").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert label in html and "M. Keane" in html
    with page.expect_download() as info:
        page.get_by_role("link", name="Review file").click()
    review = Path(info.value.path()).read_text(encoding="utf-8")
    assert "M. Keane" in review and "accept" in review


def test_language_switch_and_other_pages(page: Any, server: str) -> None:
    page.goto(f"{server}/levels?source=IE-NFQ&level=8&target=DE&amount=5&unit=ECTS&to=HOURS")
    assert "IE-NFQ 8 → EQF 6 → DE-DQR 6" in page.inner_text("main")
    shot(page, "levels")
    page.select_option("#ui-lang", "en")
    with page.expect_navigation():
        page.locator("#ui-lang").dispatch_event("change")  # app.js submits on change
    assert "/levels" in page.url
    assert page.get_attribute("html", "lang") == "en"
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("mcqa_lang") == "en"
    for path, name in (("/rules", "rules"), ("/rules/eu-2022", "pack"),
                       ("/rule/EU-AI-M07", "rule"), ("/esco", "esco")):
        page.goto(f"{server}{path}")
        shot(page, name)
    page.goto(f"{server}/esco?q=database")
    assert page.locator("table.data tbody tr").count() > 0
    page.locator("table.data tbody tr a").first.click()
    shot(page, "esco-concept")
    assert not page.errors, page.errors


def test_hostile_uploads_show_messages_and_next_upload_works(page: Any, server: str,
                                                             tmp_path: Path) -> None:
    title = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text((EXAMPLES / "de-cloud-security.yaml").read_text(encoding="utf-8")
                       .replace("title:", f"title: {json.dumps(title)}\nold_title:", 1),
                       encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/check")
    page.locator('input[name="files"]:not([webkitdirectory])').set_input_files(str(hostile))
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url("**/report/**")
    assert not dialogs
    shot(page, "hostile-title")

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("folder/huge.json", b"0" * (80 * 1024 * 1024))
    page.goto(f"{server}/check")
    page.locator('input[name="files"]:not([webkitdirectory])').set_input_files(str(bomb))
    page.get_by_role("button", name="Check", exact=True).click()
    page.locator(".problem").wait_for()
    assert "bomb" in page.inner_text(".problem") or "limit" in page.inner_text(".problem")
    shot(page, "hostile-zip-bomb")

    page.locator('input[name="files"]:not([webkitdirectory])').set_input_files(
        str(EXAMPLES / "nz-solar-install.yaml"))
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url("**/report/**")
    assert page.locator(".record").count() == 1
    buf = io.StringIO()
    buf.write(page.inner_text("main"))
    assert "NZ" in buf.getvalue() or "solar" in buf.getvalue().lower()


@pytest.mark.parametrize("lang", ["de", "pl", "fr"])
def test_menu_stays_on_one_line_in_long_languages(page: Any, server: str, lang: str) -> None:
    """German and Polish menu labels are long: at 1280 px the menu used to wrap, leaving
    'ESCO' alone on a second line."""
    page.goto(f"{server}/lang?lang={lang}&next=/levels")
    tops = {round(box["y"]) for box in (a.bounding_box() for a in
                                        page.locator(".top nav a").all()) if box}
    assert len(tops) == 1, tops
    shot(page, f"menu-{lang}")


def test_progress_counts_are_written_in_the_page_language(page: Any, server: str) -> None:
    """The progress line used the browser's locale (15,001 on a German page)."""
    page.goto(f"{server}/lang?lang=de&next=/benchmark")
    assert page.evaluate("num(15001)") == "15.001"
    page.goto(f"{server}/lang?lang=en&next=/benchmark")
    assert page.evaluate("num(15001)") == "15,001"


def test_polish_user_converts_a_decimal_comma(page: Any, server: str) -> None:
    page.goto(f"{server}/lang?lang=pl&next=/levels")
    page.fill('input[name="amount"]', "7,5")
    page.select_option('select[name="unit"]', "ECTS")
    page.select_option('select[name="to"]', "HOURS")
    assert page.locator('select[name="to"] option[value="HOURS"]').inner_text() == "godz."
    page.locator('input[name="amount"]').press("Enter")
    page.wait_for_load_state()
    assert "7,5 ECTS = 187,5\u2013225 godz." in page.inner_text(".answer")
    shot(page, "levels-pl-decimal-comma")
    assert not page.errors, page.errors


def test_phone_width_never_scrolls_the_page_sideways(browser: Any, server: str) -> None:
    """At 390 px the findings, status and rule tables made the whole page scroll sideways;
    now a wide table scrolls inside its own box."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    try:
        pg.goto(f"{server}/lang?lang=pl&next=/check")
        pg.locator('input[name="files"]:not([webkitdirectory])').set_input_files(
            str(EXAMPLES / "fr-mooc-gaps.yaml"))
        pg.locator('form[action="/check"] button[type=submit]').click()
        pg.wait_for_url("**/report/**")
        widths = {"report": pg.evaluate("document.documentElement.scrollWidth")}
        for path in ("/rules/eu-2022", "/levels?source=IE-NFQ&level=8&target=PL"):
            pg.goto(f"{server}{path}")
            widths[path] = pg.evaluate("document.documentElement.scrollWidth")
        shot(pg, "phone-levels-pl")
        assert all(w <= 390 for w in widths.values()), widths
    finally:
        context.close()
