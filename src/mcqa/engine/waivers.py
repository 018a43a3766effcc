"""Waivers: an approved, justified, dated exception to one rule for some records.

A waived finding stays in the report with status ``waived`` and its
justification. An expired waiver no longer applies (the finding returns) and
is reported, and so is a waiver that matched nothing. Failures, unverifiable
findings and elements withheld by the holder can be waived (a relying party may
accept a presentation without, say, the learner's name); findings to review
cannot (a person confirms those).
"""

from __future__ import annotations

import fnmatch
import re
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mcqa.errors import ConfigError
from mcqa.marks import N_
from mcqa.model import Finding, Status, WaiverRef
from mcqa.model.report import WaiverNote


class Waiver(BaseModel):
    """One waiver entry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="Rule id the waiver applies to.")
    records: str = Field(default="*", description="Glob over record id or source file.")
    justification: str = Field(min_length=10)
    approver: str = Field(min_length=2)
    expires: date | None = None

    def matches(self, finding: Finding) -> bool:
        """Same rule, and the record id or file matches the glob."""
        return finding.rule_id == self.rule and (
            fnmatch.fnmatchcase(finding.record_id, self.records)
            or fnmatch.fnmatchcase(finding.source_file, self.records)
        )


class WaiverFile(BaseModel):
    """The waivers file: ``waivers: [...]``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    waivers: tuple[Waiver, ...]


MAX_WAIVER_BYTES = 4 * 1024 * 1024
"""Largest waivers file read (thousands of waivers are a few hundred kB)."""


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    """Read and validate a waivers YAML file (bounded: see :func:`mcqa._yaml.load_aux`)."""
    from mcqa._yaml import line_of, load_aux
    from mcqa.fsguard import display_name

    data, text = load_aux(path, what=N_("waivers file"), error=ConfigError,
                          limit=MAX_WAIVER_BYTES)
    try:
        return WaiverFile.model_validate(data).waivers
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = "/" + "/".join(str(p) for p in err["loc"])
        line = line_of(text, err["loc"]) if isinstance(data, dict) else None
        raise ConfigError(err["msg"][:200], file=display_name(path),
                          location=f"line {line} ({loc})" if line else loc,
                          hint="each waiver needs rule, records, justification, approver, "
                          "and optionally expires (YYYY-MM-DD)") from None


_WAIVABLE = (Status.FAIL, Status.UNVERIFIABLE, Status.WITHHELD)


class _RuleWaivers:
    """The waivers of one rule, matched in file order by compiled alternations of
    :data:`_BLOCK` globs: branch ``k`` of a block is its ``k``-th glob, and the first branch
    that matches the whole text is the first waiver that does (:meth:`Waiver.matches`
    without one Python call per waiver and record: 12,000 waivers over 2,000 records took
    minutes). Blocks are compiled when first needed (one alternation of 20,000 globs took
    seconds to compile); results for a source file are kept, as a catalogue's records
    share one."""

    def __init__(self, positions: list[int], waivers: tuple[Waiver, ...]) -> None:
        self.blocks = [positions[k:k + _BLOCK] for k in range(0, len(positions), _BLOCK)]
        self.waivers = waivers
        self.patterns: list[re.Pattern[str]] = []
        self.files: dict[str, int | None] = {}

    def _pattern(self, n: int) -> re.Pattern[str]:
        while len(self.patterns) <= n:
            block = self.blocks[len(self.patterns)]
            self.patterns.append(re.compile("|".join(
                f"({fnmatch.translate(self.waivers[i].records)})" for i in block)))
        return self.patterns[n]

    def _first(self, text: str) -> int | None:
        for n, block in enumerate(self.blocks):
            m = self._pattern(n).match(text)
            if m is not None and m.lastindex is not None:
                return block[m.lastindex - 1]
        return None

    def first(self, record_id: str, source_file: str) -> int | None:
        if source_file not in self.files:
            if len(self.files) > 10_000:
                self.files.clear()
            self.files[source_file] = self._first(source_file)
        hits = [i for i in (self._first(record_id), self.files[source_file]) if i is not None]
        return min(hits) if hits else None


_BLOCK = 256
"""Globs per compiled alternation: compiling grows faster than linearly with the branches."""

_INDEX: dict[int, tuple[tuple[Waiver, ...], dict[str, _RuleWaivers]]] = {}


def _index(waivers: tuple[Waiver, ...]) -> dict[str, _RuleWaivers]:
    """The waivers grouped by rule, built once per waivers tuple (a run applies one)."""
    cached = _INDEX.get(id(waivers))
    if cached is not None and cached[0] is waivers:
        return cached[1]
    by_rule: dict[str, list[int]] = {}
    for i, w in enumerate(waivers):
        by_rule.setdefault(w.rule, []).append(i)
    index = {rule: _RuleWaivers(positions, waivers) for rule, positions in by_rule.items()}
    if len(_INDEX) > 8:
        _INDEX.clear()
    _INDEX[id(waivers)] = (waivers, index)
    return index


def apply_waivers(findings: list[Finding], waivers: tuple[Waiver, ...], as_of: date,
                  used: set[int]) -> list[Finding]:
    """Mark failing, unverifiable or withheld findings covered by a live waiver as waived;
    note used waivers."""
    if not waivers:
        return findings
    index = _index(waivers)
    out = []
    for f in findings:
        if f.status in _WAIVABLE and f.rule_id in index:
            i = index[f.rule_id].first(f.record_id, f.source_file)
            if i is not None:
                w = waivers[i]
                used.add(i)
                if w.expires is None or w.expires >= as_of:
                    f = f.model_copy(update={
                        "status": Status.WAIVED,
                        "waiver": WaiverRef(justification=w.justification, approver=w.approver,
                                            expires=w.expires.isoformat() if w.expires else None),
                    })
        out.append(f)
    return out


def waiver_notes(waivers: tuple[Waiver, ...], used: set[int], as_of: date) -> tuple[WaiverNote, ...]:
    """Unused and expired waivers, for the report."""
    notes = []
    for i, w in enumerate(waivers):
        expired = w.expires is not None and w.expires < as_of
        if i not in used or expired:
            notes.append(WaiverNote(rule=w.rule, records=w.records,
                                    status="expired" if expired else "unused",
                                    expires=w.expires.isoformat() if w.expires else None,
                                    approver=w.approver))
    return tuple(notes)
