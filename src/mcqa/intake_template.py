"""``mcqa template``: an XLSX intake workbook generated from the rule packs.

One column per element field (headers are the descriptor's dotted field paths, so a
filled template reads back through the catalogue loader without a mapping file), a
label row, dropdowns from controlled vocabularies, and an instructions sheet that
cites, for every element, the rules that judge it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mcqa.model import MANDATORY_ELEMENTS
from mcqa.packs import resolve_packs

# (header = descriptor field path, human label (a cell comment), element key or None, vocabulary or None)
COLUMNS: tuple[tuple[str, str, str | None, str | None], ...] = (
    ("id", "Record identifier", None, None),
    ("provider.id", "Provider identifier", None, None),
    ("provider.name", "Provider name", None, None),
    ("kind", "credential / specification", None, "kind"),
    ("title", "Title of the micro-credential", "title", None),
    ("learner.name", "Learner name (issued credentials only)", "learner", None),
    ("learner.identifier", "Learner identifier", "learner", None),
    ("issuer_country", "Country of the issuer (ISO code)", "issuer_country", "country"),
    ("awarding_body.name", "Awarding body", "awarding_body", None),
    ("awarding_body.legal_identifier", "Awarding body legal id (registration/VAT)",
     "awarding_body", None),
    ("awarding_body.url", "Awarding body web address", "awarding_body", None),
    ("issue_date", "Date of issuing (YYYY-MM-DD)", "issue_date", None),
    ("learning_outcomes", "Learning outcomes (one per line)", "learning_outcomes", None),
    ("workload.ects", "Workload in ECTS", "workload", None),
    ("workload.hours", "Notional learning hours", "workload", None),
    ("workload.credit_system", "Other credit system", "workload", "credit_system"),
    ("workload.credit_amount", "Credits in that system", "workload", None),
    ("level.eqf", "EQF level (1-8)", "level", "eqf"),
    ("level.framework", "National framework id (e.g. IE-NFQ)", "level", None),
    ("level.nqf", "Level in the national framework", "level", None),
    ("level.qf_ehea_cycle", "QF-EHEA cycle", "level", "cycle"),
    ("assessment_type", "Type of assessment", "assessment_type", "assessment"),
    ("participation_form", "Form of participation", "participation_form", "participation"),
    ("quality_assurance.description", "Type of quality assurance", "quality_assurance", None),
    ("quality_assurance.internal", "Internal QA arrangements", "quality_assurance", None),
    ("quality_assurance.external", "External QA arrangements", "quality_assurance", None),
    ("quality_assurance.external_body", "External QA body", "quality_assurance", None),
    ("prerequisites", "Prerequisites for enrolment", "prerequisites", None),
    ("supervision_identity", "Supervision and identity verification", "supervision_identity",
     "supervision"),
    ("grade", "Grade achieved (issued credentials only)", "grade", None),
    ("stackability.mode", "stand-alone / stackable", "stackability", "stackability"),
    ("stackability.towards", "Credential it stacks towards", "stackability", None),
    ("further_info", "Further information (web page)", "further_info", None),
    ("isced_f", "ISCED-F 2013 field code", None, "isced"),
    ("language", "Language of the description", None, None),
)


def _vocabularies() -> dict[str, list[str]]:
    import pycountry

    countries = sorted({c.alpha_2 for c in pycountry.countries} | {"EL", "UK"})
    return {
        "kind": ["specification", "credential"],
        "country": countries,
        "credit_system": ["ECTS", "UK", "SCQF", "CQFW", "NZ", "US-SCH", "MQF", "HOURS"],
        "eqf": [str(n) for n in range(1, 9)],
        "cycle": ["short", "first", "second", "third"],
        "assessment": ["written examination", "oral examination", "practical assessment",
                       "portfolio", "project work", "marked assignment", "presentation",
                       "continuous evaluation", "peer assessment", "quiz", "artefact assessment"],
        "participation": ["online", "onsite", "blended", "hybrid", "work-based"],
        "supervision": ["unsupervised with no identity verification",
                        "supervised with no identity verification",
                        "supervised online with identity verification",
                        "supervised onsite with identity verification"],
        "stackability": ["stand-alone", "stackable", "integrated"],
        "isced": ["00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "99"],
    }


_FIXED_TIME = datetime(2026, 1, 1)  # fixed metadata: the same packs give the same bytes


def build_template(packs: Sequence[str] = ("eu-2022",), rows: int = 500) -> bytes:
    """The intake workbook as XLSX bytes."""
    rules = resolve_packs(packs)
    vocab = _vocabularies()
    wb = Workbook()
    ws = wb.active
    ws.title = "Intake"
    lists = wb.create_sheet("Lists")
    lists.sheet_state = "hidden"
    list_ranges: dict[str, str] = {}
    for col, (name, values) in enumerate(sorted(vocab.items()), start=1):
        letter = get_column_letter(col)
        lists.cell(row=1, column=col, value=name)
        for i, value in enumerate(values, start=2):
            lists.cell(row=i, column=col, value=value)
        list_ranges[name] = f"Lists!${letter}$2:${letter}${len(values) + 1}"

    head_font = Font(bold=True)
    mandatory_fill = PatternFill("solid", fgColor="FDE9D9")
    for col, (header, label, element, vocab_name) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        top = ws.cell(row=1, column=col, value=header)
        top.font = head_font
        top.comment = Comment(label + (" (mandatory Annex I element)"
                                       if element in MANDATORY_ELEMENTS else ""), "mcqa")
        if element in MANDATORY_ELEMENTS:
            top.fill = mandatory_fill
        ws.column_dimensions[letter].width = max(14, min(40, len(label) + 2))
        if vocab_name:
            dv = DataValidation(type="list", formula1=f"={list_ranges[vocab_name]}",
                                allow_blank=True, showDropDown=False)
            dv.error = f"Choose a value from the list ({vocab_name})."
            dv.errorStyle = "warning"  # national values outside the list stay possible
            dv.add(f"{letter}2:{letter}{rows + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "B2"

    info = wb.create_sheet("Instructions", 0)
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 14
    info.column_dimensions["C"].width = 60
    info.column_dimensions["D"].width = 70
    info.append(["mcqa intake template"])
    info["A1"].font = Font(bold=True, size=14)
    info.append(["Fill one row per micro-credential on the Intake sheet, from row 2. Row 1 "
                 "holds the field names mcqa reads (hover for a description); do not change "
                 "it. Shaded columns are mandatory Annex I elements. Read it back with: "
                 "mcqa check intake.xlsx"])
    info.append(["Packs: " + ", ".join(f"{p.meta.id} {p.meta.version} ({p.meta.source.document})"
                                       for p in rules.packs)])
    info.append([])
    info.append(["Column", "Element", "Rules that judge it", "Citations"])
    for cell in info[5]:
        cell.font = head_font
    for header, _label, element, _v in COLUMNS:
        judged = [(r.id, r.citation.display()) for _, r in rules.rules if element and
                  r.element == element]
        info.append([header, f"Annex I: {element}" if element else "", ", ".join(rid for rid, _ in judged),
                     "; ".join(sorted({c for _, c in judged}))])
    for row in info.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    wb.properties.creator = "mcqa"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    from mcqa.render.xlsx import workbook_bytes

    return workbook_bytes(wb)  # fixed zip times: byte-identical across runs
