"""The Starlette application: routes, page rendering, error pages.

Handlers stay thin: parse the form (:mod:`mcqa.web.uploads`), run the work in a
worker (:mod:`mcqa.web.jobs`, which calls :mod:`mcqa.api`), keep the result in
memory (:mod:`mcqa.web.store`) and render a template. Every interface string
lives in the templates, wrapped for gettext (``_()`` and ``{% trans %}``).
"""

from __future__ import annotations

import math
import sys
import zlib
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import (
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mcqa import api
from mcqa.errors import ConfigError, InputError, InputLimitError, McqaError
from mcqa.web.jobs import JobError, JobRunner
from mcqa.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    SecurityHeaders,
    Sessions,
    new_token,
    origin_allowed,
    same_token,
)
from mcqa.web.settings import Settings
from mcqa.web.store import ResultStore
from mcqa.web.uploads import Form, Upload, receive_form, request_folder

HERE = Path(__file__).parent
LANG_COOKIE = "mcqa_lang"
RECORDS_PER_PAGE = 20
ATTENTION = "attention"
"""Status filter meaning "everything but passes and not-applicable" (the default)."""
QUIET_STATUSES = ("pass", "not_applicable")
"""Statuses the default filter hides; every other status (any new one included) shows."""
REPORT_DOWNLOADS = ("json", "md", "html", "xlsx", "sarif")


def _accepted(header: str, supported: Sequence[str]) -> str | None:
    """The supported language the browser prefers most ("de-AT,de;q=0.9,en;q=0.8" → de);
    malformed parts are ignored, ties keep the browser's order."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:500].split(",")[:30]):
        tag, _sep, params = part.strip().partition(";")
        code = tag.strip().split("-")[0].casefold()
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if code in supported and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else None


def _environment(lang: str) -> jinja2.Environment:
    """The pages' environment in ``lang``: ``_()`` and ``{% trans %}`` through the gettext
    catalog of ``lang``, ``L`` and ``F`` (phrases and figures) bound to it."""
    from mcqa.render._jinja import inert, install_language

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined, finalize=inert)
    install_language(env, lang)
    env.filters["urlq"] = lambda x: quote(str(x), safe="")
    return env


class WebApp:
    """The routes of one server, with its runner, result store and sessions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.envs = {lang: _environment(lang) for lang in settings.languages}
        self.runner = JobRunner(settings)
        self.store = ResultStore(settings.result_ttl, settings.result_memory_bytes)
        self.sessions = Sessions(settings)

    # --- plumbing ------------------------------------------------------------------

    def lang(self, request: Request) -> str:
        """The interface and output language of this browser: the one chosen in the page
        header, else the first supported one the browser asks for (Accept-Language), so a
        German browser opens in German without a click; else the first configured."""
        chosen = request.cookies.get(LANG_COOKIE, "")
        if chosen in self.settings.languages:
            return chosen
        return _accepted(request.headers.get("accept-language", ""),
                         self.settings.languages) or self.settings.languages[0]

    def owner(self, request: Request) -> str:
        """This browser's identity for results and progress: its CSRF cookie."""
        return request.cookies.get(CSRF_COOKIE) or ""

    def page(self, request: Request, template: str, status: int = 200, **context: Any
             ) -> Response:
        """Render a page; give the browser a CSRF cookie if it has none."""
        token = request.cookies.get(CSRF_COOKIE) or new_token()
        lang = self.lang(request)
        html = self.envs[lang].get_template(template).render(
            request=request, lang=lang, languages=self.settings.languages,
            csrf_field=CSRF_FIELD, csrf_token=token, path=request.url.path,
            protected=self.settings.protected, version=api.__version__ if hasattr(
                api, "__version__") else "", **context)
        response = Response(html, status_code=status, media_type="text/html; charset=utf-8")
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")
        return response

    def error(self, request: Request, status: int, code: str, message: str = "",
              **context: Any) -> Response:
        """The error page: a code the template explains, and the library's message."""
        return self.page(request, "error.html.j2", status=status, code=code, message=message,
                         **context)

    def check_csrf(self, request: Request, form: Form) -> None:
        """Refuse a form that does not carry this browser's CSRF token."""
        host = request.headers.get("host")
        if not origin_allowed(request.headers, host) or not same_token(
                form.get(CSRF_FIELD), request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(403, "csrf")

    async def form_job(self, request: Request, kind: str, build: Callable[[Form, Path],
                       dict[str, Any]]) -> Any:
        """Receive a form into a request folder, check CSRF, run the ``kind`` job with the
        arguments ``build`` makes; the folder is gone when this returns or raises."""
        with request_folder() as folder:
            form = await receive_form(request, folder, self.settings.limits)
            self.check_csrf(request, form)
            kwargs = build(form, folder)
            job = form.get("job") or None
            self.runner.watch(job, self.owner(request))
            return await self.runner.run(kind, job, folder=folder, **kwargs)

    def packs_of(self, form: Form) -> list[str]:
        """Chosen packs, each one of the bundled packs."""
        known = {p["id"] for p in _packs()}
        chosen = form.getall("pack") or list(api.DEFAULT_PACKS)
        unknown = [p for p in chosen if p not in known]
        if unknown:
            raise ConfigError(f"unknown pack {unknown[0]!r}", hint="choose packs from the list")
        return chosen

    def lang_of(self, request: Request, form: Form) -> str:
        """The output language: the interface language (the selector in the page header),
        unless a form names another."""
        return api.check_language(form.get("lang") or self.lang(request))

    def problem(self, request: Request, exc: McqaError) -> str:
        """An error's one line in the interface language (file and location as they are)."""
        return api.error_text(exc, self.lang(request))

    # --- small pages ---------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        """Liveness, answered by the event loop alone (for monitors and the load test)."""
        return JSONResponse({"status": "ok", "kept_results": len(self.store)})

    async def home(self, request: Request) -> Response:
        return RedirectResponse("/check", status_code=303)

    async def set_lang(self, request: Request) -> Response:
        lang = request.query_params.get("lang", "")
        target = request.query_params.get("next", "/")
        if not target.startswith("/") or target.startswith("//"):
            target = "/"
        response = RedirectResponse(target, status_code=303)
        if lang in self.settings.languages:
            response.set_cookie(LANG_COOKIE, lang, samesite="strict", max_age=365 * 86400)
        return response

    async def login(self, request: Request) -> Response:
        if request.method == "GET":
            if not self.settings.protected:
                return RedirectResponse("/check", status_code=303)
            return self.page(request, "login.html.j2", users=bool(self.settings.users))
        with request_folder() as folder:
            form = await receive_form(request, folder, self.settings.limits)
        self.check_csrf(request, form)
        sid = await run_in_threadpool(self.sessions.login, token=form.get("token") or None,
                                      user=form.get("user") or None,
                                      password=form.get("password") or None)
        if sid is None:
            return self.page(request, "login.html.j2", status=401,
                             users=bool(self.settings.users), failed=True)
        response = RedirectResponse("/check", status_code=303)
        response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    async def logout(self, request: Request) -> Response:
        with request_folder() as folder:
            form = await receive_form(request, folder, self.settings.limits)
        self.check_csrf(request, form)
        self.sessions.logout(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    async def progress(self, request: Request) -> Response:
        entry = self.runner.status(request.path_params["job"], self.owner(request))
        if entry is None:  # not started yet (still uploading), or another browser's job
            return JSONResponse({"state": "unknown"})
        return JSONResponse({"state": entry.state, "done": entry.done, "total": entry.total})

    # --- check ---------------------------------------------------------------------

    async def check_form(self, request: Request) -> Response:
        return self.page(request, "check.html.j2", job=new_token(),
                         packs=_packs(self.lang(request)),
                         today=date.today().isoformat())

    async def check_post(self, request: Request) -> Response:
        def build(form: Form, folder: Path) -> dict[str, Any]:
            return {"uploads": form.files, "packs": self.packs_of(form),
                    "as_of": form.get("as_of") or None, "lang": self.lang_of(request, form),
                    "limits": self.settings.limits, "esco_db": self.settings.esco_db}

        try:
            result = await self.form_job(request, "check", build)
        except (McqaError, JobError) as exc:
            return self.page(request, "check.html.j2", status=_status(exc),
                             packs=_packs(self.lang(request)),
                             job=new_token(), today=date.today().isoformat(),
                             problem=self.problem(request, exc))
        size = sum(len(b) for b in result.blobs) + 400 * len(result.rows)
        key = self.store.put(self.owner(request), "report", result, size)
        return RedirectResponse(f"/report/{key}", status_code=303)

    def _kept(self, request: Request, kind: str) -> Any:
        data = self.store.get(request.path_params["key"], self.owner(request), kind)
        if data is None:
            raise HTTPException(404, "expired")
        return data

    async def report(self, request: Request) -> Response:
        result = self._kept(request, "report")
        q = request.query_params
        chosen = {"outcome": q.get("outcome", ""), "element": q.get("element", ""),
                  "severity": q.get("severity", ""), "status": q.get("status", ATTENTION)}
        wanted = frozenset(i for i, f in enumerate(result.facets) if _facet_matches(f, chosen))
        rows = [r for r in result.rows if _row_matches(r, chosen, wanted)]
        pages = max(1, math.ceil(len(rows) / RECORDS_PER_PAGE))
        try:
            page_no = min(max(1, int(q.get("page", "1"))), pages)
        except ValueError:
            page_no = 1
        shown = rows[(page_no - 1) * RECORDS_PER_PAGE:page_no * RECORDS_PER_PAGE]
        records = await run_in_threadpool(_records, result, shown, chosen, self.lang(request))
        base = {k: v for k, v in chosen.items() if v}
        return await run_in_threadpool(  # a page of findings takes a while to lay out
            self.page, request, "report.html.j2", key=request.path_params["key"], result=result,
            head=api.localized_report(result.head, self.lang(request)),
            summary=result.summary, records=records, chosen=chosen,
            elements=sorted({f[0] for f in result.facets if f[0]}),
            outcomes=sorted({r.outcome for r in result.rows}),
            statuses=[s.value for s in api.Status], severities=[s.value for s in api.Severity],
            matching=len(rows), page_no=page_no, pages=pages, downloads=REPORT_DOWNLOADS,
            page_url=lambda n: "?" + urlencode({**base, "page": n}))

    async def report_download(self, request: Request) -> Response:
        result = self._kept(request, "report")
        fmt = request.path_params["fmt"]
        formats = api.report_formats()
        if fmt not in formats:
            raise HTTPException(404, "format")
        media, suffix = formats[fmt]
        name = f"mcqa-report{suffix}"
        if fmt == "json":
            from mcqa.web.work import json_pieces

            lang = self.lang(request)

            def chunks() -> Iterator[bytes]:
                for piece in json_pieces(result, lang):
                    yield piece.encode("utf-8")

            return StreamingResponse(chunks(), media_type=media, headers=_attachment(name))
        try:
            data = await self.runner.run("render_report", None, result=result, fmt=fmt,
                                         lang=self.lang(request))
        except (McqaError, JobError) as exc:
            return self.error(request, _status(exc), "job", self.problem(request, exc))
        return Response(data, media_type=media, headers=_attachment(name))

    async def forget(self, request: Request) -> Response:
        with request_folder() as folder:
            form = await receive_form(request, folder, self.settings.limits)
        self.check_csrf(request, form)
        self.store.drop(request.path_params["key"], self.owner(request))
        target = form.get("next") if form.get("next") in (
            "/check", "/benchmark", "/dossier") else "/check"
        return RedirectResponse(f"{target}?forgotten=1", status_code=303)

    # --- benchmark -----------------------------------------------------------------

    async def benchmark_form(self, request: Request) -> Response:
        return self.page(request, "benchmark.html.j2", job=new_token(),
                         packs=_packs(self.lang(request)),
                         today=date.today().isoformat())

    async def benchmark_post(self, request: Request) -> Response:
        def build(form: Form, folder: Path) -> dict[str, Any]:
            return {"uploads": form.files, "packs": self.packs_of(form),
                    "group_by": form.get("group_by", "provider"),
                    "as_of": form.get("as_of") or None, "lang": self.lang_of(request, form),
                    "limits": self.settings.limits}

        try:
            result = await self.form_job(request, "benchmark", build)
        except (McqaError, JobError) as exc:
            return self.page(request, "benchmark.html.j2", status=_status(exc),
                             packs=_packs(self.lang(request)),
                             job=new_token(), today=date.today().isoformat(),
                             problem=self.problem(request, exc))
        size = sum(len(b) for b in result.downloads.values()) + 200_000
        key = self.store.put(self.owner(request), "benchmark", result, size)
        return RedirectResponse(f"/benchmark/{key}", status_code=303)

    async def benchmark_page(self, request: Request) -> Response:
        result = self._kept(request, "benchmark")
        from mcqa.render.xlsx import bin_labels

        return await run_in_threadpool(self.page, request, "benchmark_result.html.j2",
                                       key=request.path_params["key"], result=result,
                                       bm=result.benchmark, formats=list(result.downloads),
                                       unreadable=result.unreadable,
                                       bins=bin_labels(result.benchmark, self.lang(request)))

    async def benchmark_download(self, request: Request) -> Response:
        result = self._kept(request, "benchmark")
        fmt = request.path_params["fmt"]
        if fmt not in result.downloads:
            raise HTTPException(404, "format")
        media, suffix = api.benchmark_formats()[fmt]
        lang = self.lang(request)
        if lang == result.lang:
            data = zlib.decompress(result.downloads[fmt])
        else:  # the interface language changed since the run: render it again
            try:
                data = await self.runner.run("render_benchmark", None, result=result, fmt=fmt,
                                             lang=lang)
            except (McqaError, JobError) as exc:
                return self.error(request, _status(exc), "job", self.problem(request, exc))
        return Response(data, media_type=media, headers=_attachment(f"mcqa-benchmark{suffix}"))

    # --- dossier -------------------------------------------------------------------

    async def dossier_form(self, request: Request) -> Response:
        return self.page(request, "dossier.html.j2", targets=_targets(),
                         packs=_packs(self.lang(request)),
                         job=new_token(), today=date.today().isoformat())

    async def dossier_post(self, request: Request) -> Response:
        kept: dict[str, Any] = {}

        def build(form: Form, folder: Path) -> dict[str, Any]:
            review = _named_upload(form, "review_file")
            credential = _named_upload(form, "credential")
            if credential is None:
                raise ConfigError("no credential was uploaded", hint="choose a credential file")
            target = form.get("target", "")
            if not target:
                raise ConfigError("no target country or framework was chosen",
                                  hint="choose one from the list")
            kept.update(credential=(credential.name, credential.path.read_bytes()),
                        target=target, packs=self.packs_of(form),
                        as_of=form.get("as_of") or None, lang=self.lang_of(request, form))
            return {"credential": credential, "target": target, "packs": kept["packs"],
                    "as_of": kept["as_of"], "decisions": [], "review_upload": review,
                    "esco_db": self.settings.esco_db, "lang": kept["lang"],
                    "limits": self.settings.limits}

        try:
            result = await self.form_job(request, "dossier", build)
        except (McqaError, JobError) as exc:
            return self.page(request, "dossier.html.j2", status=_status(exc),
                             packs=_packs(self.lang(request)),
                             targets=_targets(), job=new_token(),
                             today=date.today().isoformat(), problem=self.problem(request, exc))
        kept["result"] = result
        size = len(kept["credential"][1]) * 2 + 200_000
        key = self.store.put(self.owner(request), "dossier", kept, size)
        return RedirectResponse(f"/dossier/{key}", status_code=303)

    async def dossier_page(self, request: Request, problem: str | None = None,
                           status: int = 200, typed: dict[str, str] | None = None
                           ) -> Response:
        kept = self._kept(request, "dossier")
        result = kept["result"]
        from mcqa.render.dossier_html import workload_text
        from mcqa.render.dossier_i18n import localize_dossier

        lang = self.lang(request)
        reviewers = [str(x["reviewer"]) for x in result.decisions if x.get("reviewer")]
        return self.page(request, "dossier_result.html.j2", status=status,
                         key=request.path_params["key"], kept=kept,
                         d=localize_dossier(result.dossier, lang),
                         workload=workload_text(result.dossier, lang),
                         reviewer=reviewers[-1] if reviewers else "", typed=typed or {},
                         result=result, formats=list(api.dossier_formats()), problem=problem,
                         today=date.today().isoformat(), job=new_token())

    async def dossier_review(self, request: Request) -> Response:
        kept = self._kept(request, "dossier")
        key = request.path_params["key"]
        typed: dict[str, str] = {}  # what the reviewer entered, shown again after a problem

        def build(form: Form, folder: Path) -> dict[str, Any]:
            typed.update({k: v[0] for k, v in form.fields.items()
                          if v and k.startswith(("reviewer", "decision:", "replace:"))})
            decisions = _decisions_from(form, kept["result"].dossier, self.settings.esco_db)
            name, data = kept["credential"]
            path = folder / "credential"
            path.write_bytes(data)
            return {"credential": Upload(path=path, name=name, size=len(data)),
                    "target": kept["target"], "packs": kept["packs"], "as_of": kept["as_of"],
                    "decisions": [*kept["result"].decisions, *decisions],
                    "review_upload": None, "esco_db": self.settings.esco_db,
                    "lang": kept["lang"], "limits": self.settings.limits}

        try:
            result = await self.form_job(request, "dossier", build)
        except (McqaError, JobError) as exc:
            return await self.dossier_page(request, problem=self.problem(request, exc),
                                           status=_status(exc), typed=typed)
        kept = {**kept, "result": result}
        self.store.replace(key, self.owner(request), kept, len(kept["credential"][1]) * 2
                           + 200_000)
        return RedirectResponse(f"/dossier/{key}#esco", status_code=303)

    async def dossier_download(self, request: Request) -> Response:
        kept = self._kept(request, "dossier")
        fmt = request.path_params["fmt"]
        stem = "mcqa-dossier"
        if fmt == "review":
            return Response(kept["result"].review_yaml or "decisions: []\n",
                            media_type="application/yaml",
                            headers=_attachment("review.yaml"))
        formats = api.dossier_formats()
        if fmt not in formats:
            raise HTTPException(404, "format")
        media, suffix = formats[fmt]
        try:
            data = await self.runner.run("render_dossier", None, dossier=kept["result"].dossier,
                                         fmt=fmt, lang=self.lang(request))
        except (McqaError, JobError) as exc:
            return self.error(request, _status(exc), "job", self.problem(request, exc))
        return Response(data, media_type=media, headers=_attachment(f"{stem}{suffix}"))

    # --- levels, rules, ESCO -------------------------------------------------------

    async def levels(self, request: Request) -> Response:
        q = request.query_params
        translation = conversion = None
        problem = None
        try:
            if q.get("source") and q.get("level") and q.get("target"):
                translation = await run_in_threadpool(
                    api.translate_level, f"{q['source']}:{q['level']}", q["target"])
            if q.get("amount") and q.get("unit") and q.get("to"):
                amount = api.parse_amount(q["amount"])
                conversion = await run_in_threadpool(api.convert_credits, amount, q["unit"],
                                                     q["to"])
        except McqaError as exc:
            problem = self.problem(request, exc)
        frameworks = await run_in_threadpool(_frameworks)
        return self.page(request, "levels.html.j2", status=422 if problem else 200,
                         frameworks=frameworks, targets=_targets(), units=_units(), q=q,
                         translation=translation, conversion=conversion, problem=problem)

    async def rules(self, request: Request) -> Response:
        return self.page(request, "rules.html.j2", packs=_packs(self.lang(request)))

    async def pack(self, request: Request) -> Response:
        pack_id = request.path_params["pack"]
        info = next((p for p in _packs(self.lang(request)) if p["id"] == pack_id), None)
        if info is None:
            raise HTTPException(404, "pack")
        rules = await run_in_threadpool(api.pack_rules, pack_id, self.lang(request))
        return self.page(request, "pack.html.j2", pack=info, rules=rules)

    async def rule(self, request: Request) -> Response:
        try:
            rule = await run_in_threadpool(api.rule_detail, request.path_params["rule"], (),
                                           self.lang(request))
        except ConfigError:
            raise HTTPException(404, "rule") from None
        import yaml

        check = {k: rule[k] for k in ("applies_when", "check") if k in rule}
        return self.page(request, "rule.html.j2", rule=rule,
                         check_yaml=yaml.safe_dump(check, sort_keys=False, allow_unicode=True)
                         if check else "")

    async def esco(self, request: Request) -> Response:
        q = request.query_params
        status = await run_in_threadpool(api.esco_status, self.settings.esco_db)
        hits: list[dict[str, Any]] | None = None
        problem = None
        text = q.get("q", "").strip()[:200]
        kind = q.get("type") or None
        if text and status["installed"]:
            try:
                hits = await run_in_threadpool(
                    lambda: api.esco_search(text, top=25, kind=kind, db=self.settings.esco_db))
            except McqaError as exc:
                problem = self.problem(request, exc)
        return self.page(request, "esco.html.j2", status_info=status, hits=hits, text=text,
                         kind=kind or "", problem=problem)

    async def esco_concept(self, request: Request) -> Response:
        uri = request.query_params.get("uri", "")
        status = await run_in_threadpool(api.esco_status, self.settings.esco_db)
        if not status["installed"]:
            return self.page(request, "esco.html.j2", status_info=status, hits=None, text="",
                             kind="", problem=None)
        detail = await run_in_threadpool(api.esco_show, uri, self.settings.esco_db) \
            if uri else None
        if detail is None:
            raise HTTPException(404, "concept")
        return self.page(request, "esco_concept.html.j2", c=detail, status_info=status)

    # --- errors --------------------------------------------------------------------

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return self.error(request, exc.status_code, str(exc.detail))

    async def mcqa_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, McqaError)
        return self.error(request, _status(exc), "input", self.problem(request, exc))

    async def internal_error(self, request: Request, exc: Exception) -> Response:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)  # the operator's log, not the page
        return self.error(request, 500, "internal")


def _status(exc: Exception) -> int:
    if isinstance(exc, JobError):
        return exc.status
    if isinstance(exc, InputLimitError):
        return 413
    if isinstance(exc, InputError | ConfigError):
        return 422
    return 400


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


def _named_upload(form: Form, field: str) -> Upload | None:
    """The file sent in form field ``field``."""
    return next((u for u in form.files if u.field == field), None)


def _row_matches(row: Any, chosen: dict[str, str], wanted: frozenset[int]) -> bool:
    """Does a record pass the filters? ``wanted``: the facets (indexes) they accept."""
    if chosen["outcome"] and row.outcome != chosen["outcome"]:
        return False
    if not (chosen["element"] or chosen["severity"] or chosen["status"] not in ("", "all")):
        return True
    if not row.facets:  # unreadable (or no rule applied): always worth attention
        return chosen["status"] in (ATTENTION, "all") and not (chosen["element"]
                                                               or chosen["severity"])
    return not row.facets.isdisjoint(wanted)


def _facet_matches(facet: tuple[str, str, str], chosen: dict[str, str]) -> bool:
    element, severity, status = facet
    if chosen["element"] and element != chosen["element"]:
        return False
    if chosen["severity"] and severity != chosen["severity"]:
        return False
    if chosen["status"] == ATTENTION:
        return status not in QUIET_STATUSES
    return not chosen["status"] or chosen["status"] == "all" or status == chosen["status"]


def _records(result: Any, rows: list[Any], chosen: dict[str, str], lang: str
             ) -> list[dict[str, Any]]:
    """The records of one page, read back from their JSON, with the matching findings, in
    the interface language."""
    out = []
    for row in rows:
        rec = api.localized_record(api.record_from_json(zlib.decompress(
            result.blobs[row.index])), lang)
        findings = [f for f in rec.findings
                    if _facet_matches((f.element or "", f.severity.value, f.status.value),
                                      chosen)]
        out.append({"row": row, "rec": rec, "findings": findings,
                    "hidden": len(rec.findings) - len(findings)})
    return out


_PACKS: dict[str, list[dict[str, Any]]] = {}


def _packs(lang: str = "en") -> list[dict[str, Any]]:
    """The bundled packs with their titles in ``lang`` (computed once per language)."""
    if lang not in _PACKS:
        _PACKS[lang] = api.pack_summaries(lang)
    return _PACKS[lang]


_TARGETS: list[tuple[str, str]] = []


def _targets() -> list[tuple[str, str]]:
    if not _TARGETS:
        _TARGETS.extend(api.dossier_targets())
    return _TARGETS


def _units() -> list[str]:
    return api.credit_units()


def _frameworks() -> list[dict[str, Any]]:
    return api.framework_summaries()


def _decisions_from(form: Form, dossier: Any, esco_db: Path | None) -> list[dict[str, Any]]:
    """Reviewer decisions posted by the dossier page: ``decision:<outcome>:<n>`` radio
    buttons (accept / reject / blank) for the n-th suggestion, ``replace:<outcome>``
    with a URI or a skill label to accept instead, and the reviewer's name."""
    reviewer = " ".join(form.get("reviewer").split())[:120]
    today = date.today().isoformat()
    decisions: list[dict[str, Any]] = []
    for outcome in dossier.esco.outcomes:
        for n, sug in enumerate(outcome.suggested):
            choice = form.get(f"decision:{outcome.index}:{n}")
            if choice in ("accept", "reject") and choice != {
                    "accepted": "accept", "rejected": "reject"}.get(sug.review_status):
                decisions.append({"outcome_hash": outcome.text_hash, "skill": sug.uri,
                                  "decision": choice})
        replacement = form.get(f"replace:{outcome.index}").strip()
        if replacement:
            uri = _skill_uri(replacement, esco_db)
            for sug in outcome.suggested:
                if sug.uri != uri and sug.review_status != "rejected":
                    decisions.append({"outcome_hash": outcome.text_hash, "skill": sug.uri,
                                      "decision": "reject"})
            decisions.append({"outcome_hash": outcome.text_hash, "skill": uri,
                              "decision": "accept"})
    if decisions and not reviewer:
        raise ConfigError("the reviewer's name is missing",
                          hint="type your name above the decisions: the dossier records who "
                               "decided")
    return [{**d, "reviewer": reviewer, "date": today} for d in decisions]


def _skill_uri(text: str, esco_db: Path | None) -> str:
    """A replacement skill: an ESCO URI as given, else the skill whose label matches."""
    if text.startswith("http://data.europa.eu/esco/"):
        return text
    hits = api.esco_search(text, top=5, kind="skill", db=esco_db)
    exact = [h for h in hits if str(h.get("label", "")).casefold() == text.casefold()]
    if exact or hits:
        return str((exact or hits)[0]["uri"])
    raise ConfigError(f"no ESCO skill matches {text!r}",
                      hint="search on the ESCO page and paste the skill's URI")


def create_app(settings: Settings | None = None) -> Any:
    """The ASGI application for ``settings`` (defaults: loopback, no token); its
    ``state.web`` is the :class:`WebApp` behind it."""
    settings = settings or Settings()
    settings.check()
    web = WebApp(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(web.runner.start)
        yield

    routes = [
        Route("/health", web.health),
        Route("/", web.home),
        Route("/favicon.ico", lambda request: RedirectResponse("/static/favicon.svg", 301)),
        Route("/lang", web.set_lang),
        Route("/login", web.login, methods=["GET", "POST"]),
        Route("/logout", web.logout, methods=["POST"]),
        Route("/progress/{job}", web.progress),
        Route("/check", web.check_form),
        Route("/check", web.check_post, methods=["POST"]),
        Route("/report/{key}", web.report),
        Route("/report/{key}/download/{fmt}", web.report_download),
        Route("/forget/{key}", web.forget, methods=["POST"]),
        Route("/benchmark", web.benchmark_form),
        Route("/benchmark", web.benchmark_post, methods=["POST"]),
        Route("/benchmark/{key}", web.benchmark_page),
        Route("/benchmark/{key}/download/{fmt}", web.benchmark_download),
        Route("/dossier", web.dossier_form),
        Route("/dossier", web.dossier_post, methods=["POST"]),
        Route("/dossier/{key}", web.dossier_page),
        Route("/dossier/{key}/review", web.dossier_review, methods=["POST"]),
        Route("/dossier/{key}/download/{fmt}", web.dossier_download),
        Route("/levels", web.levels),
        Route("/rules", web.rules),
        Route("/rules/{pack}", web.pack),
        Route("/rule/{rule}", web.rule),
        Route("/esco", web.esco),
        Route("/esco/concept", web.esco_concept),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(AccessGuard, sessions=web.sessions)],
                    exception_handlers={HTTPException: web.http_error, McqaError: web.mcqa_error,
                                        Exception: web.internal_error})
    app.state.web = web
    return SecurityHeaders(app)  # outermost: error pages get the headers too


class AccessGuard:
    """ASGI middleware: with ``--token`` or ``--users``, only logged-in browsers (or
    ``Authorization: Bearer TOKEN``) get past; pages redirect to the login page."""

    def __init__(self, app: Any, sessions: Sessions) -> None:
        self.app = app
        self.sessions = sessions

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            if not self.sessions.allowed(request.url.path, dict(request.cookies),
                                         request.headers):
                response: Response
                if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                    response = RedirectResponse("/login", status_code=303)
                else:
                    response = PlainTextResponse("access token required", status_code=401)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
