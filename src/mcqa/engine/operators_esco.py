"""Operators that judge a credential's ESCO links against an imported ESCO release.

mcqa ships no ESCO data: the release the user imported (``mcqa esco import``)
reaches the operators as the ``esco`` service in :class:`Context.services`
(a :class:`mcqa.esco.EscoService`). The promises, shared with the framework
operators:

* an operator that needs the index and has none returns an *unverifiable*
  :class:`Outcome` that says how to provide one. Passing would vouch for links
  nobody looked up; failing would blame the credential for a missing install;
* the first URI that decides a failure is named in ``observed``, and when the
  release names a successor for an obsolete concept, so does the finding;
* URIs are looked up exactly as written (whitespace trimmed), so the verdict is
  the one any consumer of the credential would get.

Existence (``esco_uri_valid``) and type (``esco_concept_type``) are separate
operators, so a pack can give a made-up URI and a URI of the wrong kind their
own rule, citation and severity, and one bad URI is not reported twice for the
same reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mcqa.engine.operators import Context, Outcome, Values, _as_list, operator
from mcqa.esco.service import SERVICE_NAME
from mcqa.marks import N_
from mcqa.model import CredentialRecord

if TYPE_CHECKING:
    from mcqa.esco.store import EscoIndex

__all__ = ["NO_INDEX_EVIDENCE", "op_esco_concept_type", "op_esco_outcome_coverage",
           "op_esco_uri_valid"]

NO_INDEX_EVIDENCE = ("Import an ESCO release once with `mcqa esco import PATH` (the official "
                     "ESCO classification download) or pass `--esco-db FILE`, then check again.")
"""Evidence request of every finding an ESCO operator could not verify."""

_STATUSES = ["malformed", "unknown", "obsolete"]
_TYPES = ["skill", "occupation", "skill-group", "isco-group"]


def _index(ctx: Context) -> EscoIndex | None:
    """This process's ESCO index, or ``None`` when no ESCO service was configured."""
    service = ctx.services.get(SERVICE_NAME)
    if service is None:
        return None
    index: EscoIndex = service.index()
    return index


def _uris(values: Values) -> list[tuple[str, str]]:
    """Every non-blank text under the resolved values, as ``(item path, uri)``, in order.

    The item path (``learning_outcomes.1.esco_skills.0``) lets a finding point
    at the very link when the loader recorded where each one came from.
    """
    out: list[tuple[str, str]] = []
    for path, value in values:
        for j, item in enumerate(_as_list(value)):
            if item is not None and str(item).strip():
                out.append((f"{path}.{j}", str(item).strip()))
    return out


def _tail(uri: str) -> str:
    """The last path segment of a URI (the concept id), to keep notes short."""
    return uri.rstrip("/").rsplit("/", 1)[-1]


def _uris_to_check(values: Values, ctx: Context
                   ) -> Outcome | tuple[list[tuple[str, str]], EscoIndex]:
    """The stated URIs and this process's index, or the outcome when there is nothing
    to look up (no URI stated: a pass) or nothing to look it up in (unverifiable)."""
    uris = _uris(values)
    if not uris:
        return Outcome(True, values[0][0] if values else "", "no ESCO URI stated")
    index = _index(ctx)
    if index is None:
        return Outcome(False, uris[0][0], "no ESCO index is available to look the ESCO URIs "
                       "up", unverifiable=True, evidence=NO_INDEX_EVIDENCE)
    return uris, index


WRONG_TYPE = {
    "skill": N_("{uri} is an ESCO skill ('{preferred_label}')"),
    "occupation": N_("{uri} is an ESCO occupation ('{preferred_label}')"),
    "skill-group": N_("{uri} is an ESCO skill-group ('{preferred_label}')"),
    "isco-group": N_("{uri} is an ESCO isco-group ('{preferred_label}')"),
}
"""A whole sentence per ESCO concept type, so the type is translated with it."""


@operator("esco_uri_valid",
          {"reject": {"type": "array", "minItems": 1, "uniqueItems": True,
                      "items": {"enum": _STATUSES},
                      "description": "URI statuses that fail the rule (default: all three)."}},
          service=SERVICE_NAME)
def op_esco_uri_valid(values: Values, args: Mapping[str, Any], ctx: Context,
                      rec: CredentialRecord) -> Outcome:
    """Every ESCO URI at ``path`` exists in the imported release and is current.

    Each URI is ``malformed`` (not an ``http://data.europa.eu/esco/`` URI),
    ``unknown`` (not in this release: made up, mistyped or from another
    release), ``obsolete`` (withdrawn; the note names the successor when the
    release does) or fine. ``reject`` lists the statuses this rule fails on,
    so made-up and merely outdated links can be rules of different severity.
    Passes when no URI is stated (gate the rule with ``applies_when``);
    *unverifiable* without an index.
    """
    prepared = _uris_to_check(values, ctx)
    if isinstance(prepared, Outcome):
        return prepared
    uris, index = prepared
    rejected = set(args.get("reject", _STATUSES))
    tolerated: dict[str, int] = {}
    for path, uri in uris:
        check = index.check_uri(uri)
        if check.status == "ok":
            continue
        if check.status not in rejected:
            tolerated[check.status] = tolerated.get(check.status, 0) + 1
            continue
        if check.status == "obsolete":
            # observed is cut at 120 characters: the successor's full URI must survive
            note = (f"{_tail(uri)} obsolete -> {check.replaced_by}" if check.replaced_by
                    else f"{uri} obsolete in ESCO {index.version}, no successor named")
            return Outcome(False, path, note)
        return Outcome(False, path, f"{uri} {check.message}")
    note = f"{len(uris)} ESCO URI(s) checked against ESCO {index.version}"
    if tolerated:
        note += "; not judged by this rule: " + ", ".join(
            f"{n} {status}" for status, n in sorted(tolerated.items()))
    return Outcome(True, uris[0][0], note)


@operator("esco_concept_type",
          {"types": {"type": "array", "minItems": 1, "uniqueItems": True,
                     "items": {"enum": _TYPES},
                     "description": "ESCO concept types allowed in the slot (default: skill)."}},
          service=SERVICE_NAME)
def op_esco_concept_type(values: Values, args: Mapping[str, Any], ctx: Context,
                         rec: CredentialRecord) -> Outcome:
    """Every ESCO URI at ``path`` that the release knows is a concept of an allowed type.

    For a skill slot (``types: [skill]``, the default) that means an ESCO
    skill, competence or knowledge concept: an occupation, an ISCO group or a
    skill group fails, with its type and label in the note. Skill groups share
    the ``/esco/skill/`` URI prefix with skills, so only the release can tell.
    URIs the release does not know are left to ``esco_uri_valid``. Passes when
    no URI is stated; *unverifiable* without an index.
    """
    prepared = _uris_to_check(values, ctx)
    if isinstance(prepared, Outcome):
        return prepared
    uris, index = prepared
    allowed = list(args.get("types", ["skill"]))
    judged = 0
    for path, uri in uris:
        info = index.resolve(uri)
        if info is None:
            continue
        judged += 1
        if info.type not in allowed:
            lang = getattr(ctx.services.get(SERVICE_NAME), "lang", None)
            preferred_label = index.label(uri, lang) or info.preferred_label  # the msgid's name
            message = WRONG_TYPE.get(info.type) or N_(
                "{uri} is an ESCO concept of type {type} ('{preferred_label}')")
            return Outcome(False, path, message.format(uri=uri, type=info.type,
                                                       preferred_label=preferred_label))
    unknown = len(uris) - judged
    if not judged:
        return Outcome(True, uris[0][0], f"none of {unknown} URI(s) is in ESCO {index.version}; "
                                         "type not judged")
    note = f"{judged} URI(s) in ESCO {index.version}, all {' or '.join(allowed)} concepts"
    if unknown:
        note += f"; {unknown} not in this release, not judged"
    return Outcome(True, uris[0][0], note)


@operator("esco_outcome_coverage",
          {"min": {"type": "number", "minimum": 0, "maximum": 1,
                   "description": "Lowest share (0-1) of outcomes citing an ESCO URI."}},
          required=["min"], needs_path=False)
def op_esco_outcome_coverage(values: Values, args: Mapping[str, Any], ctx: Context,
                             rec: CredentialRecord) -> Outcome:
    """At least ``min`` of the learning outcomes cite an ESCO URI (needs no index).

    Counts outcomes with at least one ESCO link, whether or not the link is
    valid (that is ``esco_uri_valid``'s job). Fails when there are no
    learning outcomes; gate the rule with ``applies_when``. When the ESCO
    service is there (another rule of the run needs the index), the failure
    names the mapper's best skill for the first unlinked outcome.
    """
    from mcqa.esco.coverage import outcome_coverage

    outcomes = rec.learning_outcomes
    if not outcomes:
        return Outcome(False, "learning_outcomes", "no learning outcomes")
    share = outcome_coverage(rec)
    linked = round(share * len(outcomes))
    note = (f"{linked} of {len(outcomes)} learning outcomes cite an ESCO URI "
            f"({share:.0%}; minimum {float(args['min']):.0%})")
    if share + 1e-9 >= float(args["min"]):
        return Outcome(True, "learning_outcomes", note)
    first = next(i for i, lo in enumerate(outcomes) if not any(u.strip() for u in lo.esco_skills))
    note = f"{note}; first unlinked: outcome {first + 1}"
    service = ctx.services.get(SERVICE_NAME)
    if service is not None:  # an index is installed: name the mapper's best skill for it
        from mcqa.esco.mapper import TextLanguageError

        try:
            best = [s for s in service.mapper().map(outcomes[first].text, top=1)
                    if s.decision != "reject"]
        except TextLanguageError:  # French text, English-only index: no made-up match
            note += ", not mapped: the ESCO index has no labels in the outcome's language"
        else:
            note += (f", e.g. '{best[0].label}' ({best[0].decision})" if best
                     else ", no ESCO skill above threshold")
    return Outcome(False, f"learning_outcomes.{first}.text", note)
