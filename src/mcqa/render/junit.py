"""JUnit XML: one test suite per record, one test case per rule, for CI dashboards.

Why: every CI system (Jenkins, GitLab, Azure) shows JUnit results natively,
so a provider's pipeline can fail and show which rule broke on which record.
Mapping: ``fail`` → ``<failure>``; rule ``error`` and unreadable records →
``<error>``; ``not_applicable`` and ``waived`` → ``<skipped>``; ``pass`` and
``unverifiable`` pass (the evidence request goes to ``<system-out>``).
Counts in the suite attributes are tallied from the findings as laid out,
not recomputed verdicts. Text from inputs is escaped by ElementTree, and
characters XML 1.0 forbids are removed so the file always parses.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from mcqa.i18n import DEFAULT_LANG, N_, _, localize_report
from mcqa.model import Status
from mcqa.model.report import RecordResult, Report
from mcqa.render._safe import plain_safe, xml_safe


def _t(text: str | None) -> str:
    """XML-safe (the shared output-safety layer) and without terminal escapes: CI logs
    print these strings."""
    return xml_safe(plain_safe(text))


def _suite(rec: RecordResult, lang: str) -> ET.Element:
    suite = ET.Element("testsuite", {"name": _t(rec.record_id), "file": _t(rec.source_file)})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "mcqa.lang", "value": lang})
    failures = errors = skipped = 0
    if rec.skipped is not None:
        case = ET.SubElement(suite, "testcase", {"name": "MCQA-READ input.micro-credential",
                                                 "classname": _t(rec.record_id)})
        ET.SubElement(case, "skipped", {"message": _t(rec.skipped)})
        skipped += 1
    if rec.input_error is not None:
        case = ET.SubElement(suite, "testcase", {"name": "MCQA-READ input.readable",
                                                 "classname": _t(rec.record_id)})
        ET.SubElement(case, "error", {"message": _t(rec.input_error),
                                      "type": "input_error"}).text = _t(rec.input_error)
        errors += 1
    for f in rec.findings:
        case = ET.SubElement(suite, "testcase", {
            "name": _t(f"{f.rule_id} {f.title}".strip()), "classname": _t(rec.record_id),
            "file": _t(f.source_file)})
        where = f.location.display() if f.location else ""
        detail = "\n".join(x for x in (
            f.message, _(N_("Remedy: {remedy}"), lang, remedy=f.remedy) if f.remedy else "",
            _(N_("Observed: {observed}"), lang, observed=f.observed) if f.observed else "",
            _(N_("Location: {where}"), lang, where=where) if where else "",
            _(N_("Source: {citation}"), lang, citation=f.citation.display())) if x)
        if f.status == Status.FAIL:
            ET.SubElement(case, "failure", {"message": _t(f.message),
                                            "type": f.severity.value}).text = _t(detail)
            failures += 1
        elif f.status == Status.ERROR:
            ET.SubElement(case, "error", {"message": _t(f.message),
                                          "type": "rule_error"}).text = _t(detail)
            errors += 1
        elif f.status in (Status.NOT_APPLICABLE, Status.WAIVED):
            note = f.message if f.waiver is None else _(
                N_("waived by {approver}: {justification}"), lang,
                approver=f.waiver.approver, justification=f.waiver.justification)
            ET.SubElement(case, "skipped", {"message": _t(note)})
            skipped += 1
        elif f.status == Status.WITHHELD:  # not evaluated: the holder withheld the data
            ET.SubElement(case, "skipped", {"message": _t(_(
                N_("withheld by the holder: {request}"), lang,
                request=f.evidence_request))}).text = _t(detail)
            skipped += 1
        elif f.status == Status.REVIEW:
            ET.SubElement(case, "system-out").text = _t(_(
                N_("Needs review: {message} Found: {found}. Please confirm: {request}"), lang,
                message=f.message, found=f.observed, request=f.evidence_request))
        elif f.status == Status.UNVERIFIABLE and f.evidence_request:
            ET.SubElement(case, "system-out").text = _t(_(
                N_("Evidence: {request}"), lang, request=f.evidence_request))
    tests = len(rec.findings) + (rec.input_error is not None) + (rec.skipped is not None)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    return suite


def render_junit(report: Report, lang: str = DEFAULT_LANG, **_: Any) -> str:
    """Deterministic JUnit XML (records in report order, cases in finding order); messages
    in ``lang``, which every suite names in its ``mcqa.lang`` property."""
    report = localize_report(report, lang)
    root = ET.Element("testsuites", {"name": "mcqa", "timestamp": report.as_of})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for rec in report.records:
        suite = _suite(rec, lang)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
