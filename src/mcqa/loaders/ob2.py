"""Open Badges 2.0 (Assertion + BadgeClass + Issuer) -> :class:`CredentialRecord`.

An OB 2.0 assertion usually *references* its BadgeClass and Issuer by URL.
mcqa never fetches them: it looks for local JSON files next to the input (same
folder; its direct sub-folders, e.g. the validator's ``assets/``, only when the
user named a folder holding them), matched by the ``id`` inside each file. Links
leading out of the folder are not followed. A reference that cannot be resolved locally is
kept in ``extensions`` (``unresolved.badge_class`` / ``unresolved.issuer`` =
URL) so a rule can report the dependent elements as UNVERIFIABLE instead of
missing.

Micro-credential data in OB 2.0 comes from extensions, chiefly the Dutch
edubadges set (``extensions:ECTSExtension``, ``EQFExtension``,
``LearningOutcomeExtension``, ``StudyLoadExtension``,
``TimeInvestmentExtension``, ``InstitutionCountryExtension``,
``LanguageExtension``...), and from ``alignment`` entries pointing at ESCO or
EQF. A BadgeClass on its own is read as a record without learner (a
description of the offer); Issuer, key, revocation-list and endorsement
documents are supporting files and reported as such.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from mcqa.errors import InputError
from mcqa.loaders._common import (
    EnvelopeLoader,
    J,
    Mapper,
    calendar_days,
    context_urls,
    duration_hours,
    is_duration,
    last_segment,
    type_names,
    unwrap,
)
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.jwt import parse_json_text
from mcqa.loaders.terms import country_code, is_esco, language_code
from mcqa.model import (
    CredentialRecord,
    Learner,
    LearningOutcome,
    Level,
    LoadItem,
    Organisation,
    Signature,
    Skipped,
    Workload,
)

OB2_CONTEXT_MARKERS = ("w3id.org/openbadges/v2", "openbadgespec.org/v2", "w3id.org/openbadges/v1",
                       "openbadgespec.org/v1")
OB2_RECORD_TYPES = frozenset({"Assertion", "BadgeClass"})
OB2_SUPPORT_TYPES = frozenset({"Issuer", "Profile", "CryptographicKey", "RevocationList",
                               "Endorsement", "Criteria", "Extension"})
MAX_NEIGHBOURS = 2000
MAX_NEIGHBOUR_BYTES = 2 * 1024 * 1024


def is_ob2(data: object) -> bool:
    """OB 2.0 context, or an Assertion/BadgeClass shape (``recipient``+``badge``)."""
    if not isinstance(data, dict):
        return False
    ctx = data.get("@context")
    urls = context_urls(ctx)
    if any(m in u for u in urls for m in OB2_CONTEXT_MARKERS):
        return True
    inline = [c for c in (ctx if isinstance(ctx, list) else [ctx]) if isinstance(c, dict)]
    if any(v == "https://w3id.org/openbadges#" for c in inline for v in c.values()):
        return True
    types = type_names(data)
    if "Assertion" in types and "recipient" in data:
        return True
    return "BadgeClass" in types and "issuer" in data and "criteria" in data


class Ob2Loader(EnvelopeLoader):
    """Open Badges 2.0 assertions (JSON, signed JWS, baked PNG/SVG) and BadgeClasses.

    Detected by: OB 2.0 context or Assertion/BadgeClass shape.
    Records: one record per assertion or standalone BadgeClass.
    """

    name = "ob2"
    label = "Open Badges 2.0"
    recognise = staticmethod(is_ob2)

    def _load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        env = unwrap(doc)
        root = env.root
        types = root.types()
        if "Assertion" in types or (root.get("recipient") is not None
                                    and root.get("badge") is not None):
            yield map_assertion(doc, root, env.prefix, env.method)
            return
        if "BadgeClass" in types:
            yield map_badge_class(doc, root, env.prefix)
            return
        kind = ", ".join(sorted(types & OB2_SUPPORT_TYPES)) or ", ".join(sorted(types)) or "untyped"
        if types & OB2_SUPPORT_TYPES:
            yield Skipped(file=doc.display, locator=env.prefix or "",
                          reason=f"an Open Badges 2.0 {kind} document; assertions link to it, "
                                 "and mcqa reads it from there when it is in the same folder")
            return
        raise InputError(
            f"Open Badges 2.0 {kind} document, not a badge assertion or badge class",
            file=doc.display, location=f"{env.prefix}/type" if types else env.prefix or "/",
            hint="check the assertion that refers to it; mcqa reads it from there when it is "
                 "in the same folder",
        )


def _plain_files(folder: Path) -> list[Path]:
    """Regular files directly in ``folder`` that really are there: hidden files, and
    symbolic links leading out of the folder, are left out."""
    real = os.path.realpath(folder)
    out: list[Path] = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or not p.is_file():
            continue
        if p.is_symlink() and os.path.dirname(os.path.realpath(p)) != real:
            continue
        out.append(p)
    return out


@lru_cache(maxsize=32)
def _neighbour_index(folder: str, subfolders: bool) -> dict[str, tuple[str, object]]:
    """``id`` -> (file name, parsed JSON) for JSON files in ``folder`` and, when the user
    named a folder that holds it (``subfolders``), its direct sub-folders."""
    base = Path(folder)
    index: dict[str, tuple[str, object]] = {}
    try:
        candidates = _plain_files(base)
        if subfolders:
            for sub in sorted(base.iterdir()):
                if sub.is_dir() and not sub.is_symlink() and not sub.name.startswith("."):
                    candidates.extend(_plain_files(sub))
    except OSError:
        return index
    for path in candidates[:MAX_NEIGHBOURS]:
        try:
            if path.stat().st_size > MAX_NEIGHBOUR_BYTES:
                continue
            raw = path.read_bytes()
            if raw.lstrip()[:1] != b"{":
                continue
            data = parse_json_text(raw.decode("utf-8-sig"))
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            continue
        if isinstance(data, dict):
            ident = data.get("id")
            if not isinstance(ident, str):
                continue
            # Several files may claim one id; prefer the one named like the URL.
            named = path.name == ident.rstrip("/").rsplit("/", 1)[-1]
            if ident not in index or named:
                index[ident] = (str(path.relative_to(base)), data)
    return index


class _Resolver:
    """Follows an OB 2.0 reference to an embedded object or a local file, never the network."""

    def __init__(self, doc: SourceDocument) -> None:
        folder = os.path.abspath(doc.path.parent)
        self.folder = folder
        # Sub-folders only when the user named a folder that holds this one: reading is
        # limited to what the user named (own folder, or the scanned tree).
        self.subfolders = any(folder == str(r) or folder.startswith(str(r).rstrip(os.sep)
                                                                    + os.sep)
                              for r in doc.options.roots)

    def resolve(self, node: J | None) -> tuple[J | None, str | None, str | None]:
        """(object, local file it came from or None, unresolved URL or None)."""
        if node is None:
            return None, None, None
        if node.is_obj:
            ident = node.id()
            if len(node.v) <= 2 and ident:  # id-only object: a reference
                return self._lookup(ident, node.ptr)
            return node, None, None
        if isinstance(node.v, str):
            return self._lookup(node.v.strip(), node.ptr)
        return None, None, None

    def _lookup(self, ident: str, ptr: str) -> tuple[J | None, str | None, str | None]:
        found = _neighbour_index(self.folder, self.subfolders).get(ident)
        if found is None:
            return None, None, ident
        name, data = found
        return J(data, ""), name, None


def _signature(root: J, method: str | None) -> Signature:
    """Signed only when the file is the signed JWS (``method`` judged by the unwrapper):
    a plain-JSON assertion whose ``verification`` says "signed" only claims it."""
    if method is not None:
        return Signature(signed=True, method="jws" if method == "jwt" else method)
    return Signature(signed=False)


def map_assertion(doc: SourceDocument, root: J, prefix: str, method: str | None
                  ) -> CredentialRecord:
    """Assertion + (resolved) BadgeClass + Issuer -> one record."""
    m = Mapper(doc, "ob2", prefix)
    resolver = _Resolver(doc)
    m.b.fields["record_id"] = root.id() or f"{doc.display}#{m.loc(root.ptr)}"
    m.b.fields["signature"] = _signature(root, method)
    m.source("signature", root.ptr)
    recipient = root.get("recipient")
    if recipient is not None and recipient.is_obj:
        identity = recipient.get("identity")
        name = root.path("recipientProfile", "name")
        ident = identity.scalar() if identity is not None else None
        m.set("learner", Learner(name=name.text() if name is not None else None,
                                 identifier=ident), recipient.ptr)
    else:
        m.looked("learner", f"{root.ptr}/recipient")
    date = root.get("issuedOn")
    if date is not None and date.scalar():
        m.set("issue_date", date.scalar(), date.ptr)
    else:
        m.looked("issue_date", f"{root.ptr}/issuedOn")
    expires = root.get("expires")
    if expires is not None and expires.scalar():
        m.set("valid_until", expires.scalar(), expires.ptr)
    badge_ref = root.get("badge")
    badge, badge_file, badge_url = resolver.resolve(badge_ref)
    badge_ptr = badge_ref.ptr if badge_ref is not None else f"{root.ptr}/badge"
    if badge_url:
        m.ext("unresolved.badge_class", badge_url, badge_ptr)
    if badge_file:
        m.ext("resolved.badge_class", badge_file, badge_ptr)
    _badge_fields(m, badge, badge_ptr, badge_file, resolver)
    return m.build()


def map_badge_class(doc: SourceDocument, root: J, prefix: str) -> CredentialRecord:
    """A BadgeClass read on its own: the offer, without a learner."""
    m = Mapper(doc, "ob2", prefix)
    m.b.fields["record_id"] = root.id() or f"{doc.display}#{m.loc(root.ptr)}"
    m.b.fields["signature"] = Signature(signed=False)
    m.b.fields["record_kind"] = "specification"  # the offer: no learner, no date of issuing
    m.looked("learner", f"{root.ptr}/recipient")
    m.looked("issue_date", f"{root.ptr}/issuedOn")
    m.ext("ob2.document", "BadgeClass", f"{root.ptr}/type")
    _badge_fields(m, root, root.ptr, None, _Resolver(doc))
    return m.build()


def _loc(m: Mapper, file: str | None, ptr: str) -> str:
    """Pointer inside a resolved neighbour file is written ``file#ptr``."""
    return f"{file}#{ptr or '/'}" if file else ptr


def _ext(badge: J, ext_name: str, field: str) -> J | None:
    """Value of an edubadges-style extension (``extensions:<ext_name>`` -> ``<field>``)."""
    node = badge.get(ext_name, f"{ext_name}Extension")
    if node is None:
        return None
    for item in node.items():
        if item.is_obj:
            value = item.get(field)
            if value is not None:
                return value
    return None


def _badge_fields(m: Mapper, badge: J | None, badge_ptr: str, file: str | None,
                  resolver: _Resolver) -> None:
    def put(field: str, value: object, ptr: str) -> None:
        if file:
            m.b.set(field, value, _loc(m, file, ptr))
        else:
            m.set(field, value, ptr)

    def src(path: str, ptr: str) -> None:
        if file:
            m.b.source(path, _loc(m, file, ptr))
        else:
            m.source(path, ptr)

    if badge is None:
        described = ("title", "awarding_body", "issuer_country", "learning_outcomes",
                     "workload", "level", "further_info", "assessment_type",
                     "participation_form", "quality_assurance", "prerequisites",
                     "supervision_identity", "stackability")
        for element in (*described, "grade"):
            m.looked(element, badge_ptr)
        # the BadgeClass holds these, and it was only linked: unknown, never "missing"
        m.b.fields["unavailable"] = described
        return
    name = badge.get("name")
    found = name.text_at() if name is not None else None
    if found:
        put("title", found[0], found[1])
    else:
        m.looked("title", _loc(m, file, f"{badge.ptr}/name"))
    # issuer
    issuer_ref = badge.get("issuer")
    issuer, issuer_file, issuer_url = resolver.resolve(issuer_ref)
    issuer_ptr = issuer_ref.ptr if issuer_ref is not None else f"{badge.ptr}/issuer"
    if issuer_url:
        m.ext("unresolved.issuer", issuer_url, None)
        src("extensions.unresolved.issuer", issuer_ptr)
    ifile = issuer_file or (file if issuer is not None and issuer_file is None else None)
    country: tuple[str, str] | None = None
    for holder, hfile in ((badge, file), (issuer, ifile)):
        if holder is None:
            continue
        value = _ext(holder, "InstitutionCountry", "InstitutionCountry")
        code = country_code(value.scalar() or "") if value is not None else None
        if code and value is not None:
            country = (code, _loc(m, hfile, value.ptr))
            break
    if issuer is not None and issuer.is_obj:
        iname = issuer.get("name")
        inst = _ext(badge, "InstitutionName", "InstitutionName")
        url = issuer.get("url")
        org = Organisation(
            name=(iname.text() if iname is not None else None) or (
                inst.text() if inst is not None else None),
            identifier=issuer.id(),
            url=url.scalar() if url is not None else None,
            country=country[0] if country else None,
        )
        m.b.set("awarding_body", (org,), _loc(m, ifile, issuer.ptr) if ifile else m.loc(
            issuer.ptr))
        m.b.fields["provider_name"] = org.name
        m.b.fields["provider_id"] = org.identifier
    elif issuer_url:
        m.b.set("awarding_body", (Organisation(identifier=issuer_url),), m.loc(issuer_ptr)
                if not file else _loc(m, file, issuer_ptr))
        m.b.fields["provider_id"] = issuer_url
        if not country:  # the issuer profile (with its address) was only linked
            m.b.fields["unavailable"] = ("issuer_country",)
    else:
        m.looked("awarding_body", _loc(m, file, issuer_ptr))
    if country:
        m.b.set("issuer_country", (country[0],), country[1] if file or ifile else m.loc(
            country[1]))
    else:
        m.looked("issuer_country", _loc(m, file, f"{badge.ptr}/extensions:InstitutionCountry"
                                        "Extension"))
    _outcomes(m, badge, file)
    _workload_level(m, badge, file)
    criteria = badge.get("criteria")
    crit_url = None
    if criteria is not None:
        crit_url = criteria.scalar() if not criteria.is_obj else (criteria.id() or None)
    if crit_url and crit_url.startswith(("http://", "https://")):
        put("further_info", crit_url, criteria.ptr)  # type: ignore[union-attr]
    else:
        m.looked("further_info", _loc(m, file, f"{badge.ptr}/criteria"))
    lang = _ext(badge, "Language", "Language") or badge.get("inLanguage")
    code = language_code(lang.scalar() or "") if lang is not None else None
    if code and lang is not None:
        put("language", code, lang.ptr)
    for element in ("assessment_type", "participation_form", "quality_assurance",
                    "prerequisites", "supervision_identity", "grade", "stackability"):
        m.looked(element, _loc(m, file, f"{badge.ptr}/extensions"))
    _prose(m, badge, file)


def _prose(m: Mapper, badge: J, file: str | None) -> None:
    """The BadgeClass's description, criteria narrative and endorsements as free text
    (located in the neighbour file they came from, when resolved from one)."""
    from mcqa.loaders.ob3 import endorsement

    def keep(field: str, node: J | None, base: tuple[str, ...] = (),
             describes: bool = False) -> None:
        if node is None:
            return
        if file:
            found = node.text_at()
            if found:
                m.prose(field, J(found[0], _loc(m, file, found[1])), base, text=found[0],
                        describes=describes)
        else:
            m.prose(field, node, base, describes=describes)

    keep("badge.description", badge.get("description"), describes=True)
    criteria = badge.get("criteria")
    if criteria is not None and criteria.is_obj:
        keep("criteria.narrative", criteria.get("narrative"))
    if not file:
        for end in badge.each("endorsement"):
            endorsement(m, end)


def _outcomes(m: Mapper, badge: J, file: str | None) -> None:
    outcomes: list[LearningOutcome] = []
    ptrs: list[str] = []
    value = _ext(badge, "LearningOutcome", "LearningOutcome")
    if value is not None:
        for item in value.items():
            found = item.text_at()
            if found:
                lines = [x.strip(" -*\u2022\t") for x in re.split(r"\n+", found[0])]
                for line in (x for x in lines if x):
                    outcomes.append(LearningOutcome(text=line))
                    ptrs.append(found[1])
    for al in badge.each("alignment"):
        url = al.get("targetUrl")
        uri = url.scalar() if url is not None else None
        if not uri or not is_esco(uri):
            continue
        text = al.get("targetName") or al.get("targetDescription")
        found = text.text_at() if text is not None else None
        if found:
            outcomes.append(LearningOutcome(text=found[0], esco_skills=(uri,)))
            ptrs.append(found[1])
    if outcomes:
        m.b.set("learning_outcomes", tuple(outcomes), _loc(m, file, ptrs[0]) if file
                else m.loc(ptrs[0]))
        for i, p in enumerate(ptrs):
            m.b.source(f"learning_outcomes.{i}.text", _loc(m, file, p) if file else m.loc(p))
    else:
        m.looked("learning_outcomes",
                 _loc(m, file, f"{badge.ptr}/extensions:LearningOutcomeExtension"),
                 _loc(m, file, f"{badge.ptr}/alignment"))


def _workload_level(m: Mapper, badge: J, file: str | None) -> None:
    def where(ptr: str) -> str:
        return _loc(m, file, ptr) if file else m.loc(ptr)

    fields: dict[str, object] = {}
    first: str | None = None
    ects = _ext(badge, "ECTS", "ECTS")
    if ects is not None and ects.number() is not None:
        fields.update(ects=ects.number(), credit_system="ECTS", credit_amount=ects.number())
        m.b.source("workload.ects", where(ects.ptr))
        first = ects.ptr
    for name in ("StudyLoad", "TimeInvestment"):
        hours = _ext(badge, name, name)
        if hours is None:
            continue
        value = hours.number()
        if value is None and is_duration(hours.scalar() or ""):
            value = duration_hours(hours.scalar() or "")
            if value is None and calendar_days(hours.scalar() or ""):
                # days or weeks: a calendar length, not hours of study; quoted for review
                m.prose(name, hours, ("workload",), at=where(hours.ptr))
        if value is not None:
            fields["hours"] = value
            m.b.source("workload.hours", where(hours.ptr))
            first = first or hours.ptr
            break
    if first is not None:
        m.b.set("workload", Workload.model_validate(fields), where(first))
    else:
        m.looked("workload", _loc(m, file, f"{badge.ptr}/extensions:ECTSExtension"))
    eqf = _ext(badge, "EQF", "EQF")
    level = int(eqf.number() or 0) if eqf is not None and eqf.number() is not None else 0
    if eqf is not None and 1 <= level <= 8:
        m.b.set("level", Level(eqf=level), where(eqf.ptr))
        return
    for al in badge.each("alignment"):
        url = al.get("targetUrl")
        fw = al.get("targetFramework")
        text = " ".join(x.scalar() or "" for x in (url, fw, al.get("targetName")) if x)
        if "eqf" not in text.lower():
            continue
        code = al.get("targetCode")
        candidate = (code.scalar() if code is not None else None) or (
            last_segment(url.scalar() or "") if url is not None else "")
        match = re.search(r"\b([1-8])\b", candidate or text)
        if match:
            m.b.set("level", Level(eqf=int(match.group(1))), where(al.ptr))
            return
    m.looked("level", _loc(m, file, f"{badge.ptr}/extensions:EQFExtension"))


__all__ = ["Ob2Loader", "is_ob2", "map_assertion", "map_badge_class"]
