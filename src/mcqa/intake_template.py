"""``mcqa template``: an XLSX intake workbook generated from the rule packs.

One column per element field (headers are the descriptor's dotted field paths, so a
filled template reads back through the catalogue loader without a mapping file, in
every language), a description per column, dropdowns from controlled vocabularies,
and an instructions sheet that cites, for every element, the rules that judge it.
Everything a person reads (sheet names, descriptions, instructions, the dropdowns'
prompts and warnings) is in the language asked for; the dropdown values are the
vocabulary terms mcqa reads (Europass terms, codes), the same in every language, and
the prompt says what each means.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mcqa.i18n import DEFAULT_LANG, N_, _, element_label
from mcqa.model import MANDATORY_ELEMENTS
from mcqa.packs import resolve_packs

# (header = descriptor field path, human label (a cell comment), element key or None, vocabulary or None)
COLUMNS: tuple[tuple[str, str, str | None, str | None], ...] = (
    ("id", N_("Record identifier"), None, None),
    ("provider.id", N_("Provider identifier"), None, None),
    ("provider.name", N_("Provider name"), None, None),
    ("kind", N_("credential / specification"), None, "kind"),
    ("title", N_("Title of the micro-credential"), "title", None),
    ("learner.name", N_("Learner name (issued credentials only)"), "learner", None),
    ("learner.identifier", N_("Learner identifier"), "learner", None),
    ("issuer_country", N_("Country of the issuer (ISO code)"), "issuer_country", "country"),
    ("awarding_body.name", N_("Awarding body"), "awarding_body", None),
    ("awarding_body.legal_identifier", N_("Awarding body legal id (registration/VAT)"),
     "awarding_body", None),
    ("awarding_body.url", N_("Awarding body web address"), "awarding_body", None),
    ("issue_date", N_("Date of issuing (YYYY-MM-DD)"), "issue_date", None),
    ("learning_outcomes", N_("Learning outcomes (one per line)"), "learning_outcomes", None),
    ("workload.ects", N_("Workload in ECTS"), "workload", None),
    ("workload.hours", N_("Notional learning hours"), "workload", None),
    ("workload.credit_system", N_("Other credit system"), "workload", "credit_system"),
    ("workload.credit_amount", N_("Credits in that system"), "workload", None),
    ("level.eqf", N_("EQF level (1-8)"), "level", "eqf"),
    ("level.framework", N_("National framework id (e.g. IE-NFQ)"), "level", None),
    ("level.nqf", N_("Level in the national framework"), "level", None),
    ("level.qf_ehea_cycle", N_("QF-EHEA cycle"), "level", "cycle"),
    ("assessment_type", N_("Type of assessment"), "assessment_type", "assessment"),
    ("participation_form", N_("Form of participation"), "participation_form",
     "participation"),
    ("quality_assurance.description", N_("Type of quality assurance"), "quality_assurance",
     None),
    ("quality_assurance.internal", N_("Internal QA arrangements"), "quality_assurance", None),
    ("quality_assurance.external", N_("External QA arrangements"), "quality_assurance", None),
    ("quality_assurance.external_body", N_("External QA body"), "quality_assurance", None),
    ("prerequisites", N_("Prerequisites for enrolment"), "prerequisites", None),
    ("supervision_identity", N_("Supervision and identity verification"),
     "supervision_identity", "supervision"),
    ("grade", N_("Grade achieved (issued credentials only)"), "grade", None),
    ("stackability.mode", N_("stand-alone / stackable"), "stackability", "stackability"),
    ("stackability.towards", N_("Credential it stacks towards"), "stackability", None),
    ("further_info", N_("Further information (web page)"), "further_info", None),
    ("isced_f", N_("ISCED-F 2013 field code"), None, "isced"),
    ("language", N_("Language of the description"), None, None),
)

MEANINGS: dict[str, str] = {
    "specification": N_("specification: the offer as a provider describes it"),
    "credential": N_("credential: one issued to a learner"),
    "written examination": N_("written examination"), "oral examination": N_("oral examination"),
    "practical assessment": N_("practical assessment"), "portfolio": N_("portfolio"),
    "project work": N_("project work"), "marked assignment": N_("marked assignment"),
    "presentation": N_("presentation"), "continuous evaluation": N_("continuous evaluation"),
    "peer assessment": N_("peer assessment"), "quiz": N_("quiz"),
    "artefact assessment": N_("artefact assessment"),
    "online": N_("online"), "onsite": N_("onsite"), "blended": N_("blended"),
    "hybrid": N_("hybrid"), "work-based": N_("work-based"),
    "unsupervised with no identity verification":
        N_("unsupervised with no identity verification"),
    "supervised with no identity verification": N_("supervised with no identity verification"),
    "supervised online with identity verification":
        N_("supervised online with identity verification"),
    "supervised onsite with identity verification":
        N_("supervised onsite with identity verification"),
    "stand-alone": N_("stand-alone"), "stackable": N_("stackable"),
    "integrated": N_("integrated"),
    "short": N_("short cycle"), "first": N_("first cycle (bachelor)"),
    "second": N_("second cycle (master)"), "third": N_("third cycle (doctorate)"),
}
"""What a dropdown value means, in the reader's language (the value itself stays)."""
VOCABULARY_NAMES: dict[str, str] = {
    "kind": N_("record kind"), "country": N_("country code"),
    "credit_system": N_("credit system"), "eqf": N_("EQF level"), "cycle": N_("QF-EHEA cycle"),
    "assessment": N_("type of assessment"), "participation": N_("form of participation"),
    "supervision": N_("supervision and identity verification"),
    "stackability": N_("integration / stackability"), "isced": N_("ISCED-F field"),
}
SHEETS = {"intake": N_("Intake"), "lists": N_("Lists"), "instructions": N_("Instructions")}


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


def _sheet(name: str, lang: str) -> str:
    """A sheet name in ``lang``: at most 31 characters, none of ``[]:*?/\\``."""
    text = _(SHEETS[name], lang)
    return "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]


def build_template(packs: Sequence[str] = ("eu-2022",), rows: int = 500,
                   lang: str = DEFAULT_LANG) -> bytes:
    """The intake workbook as XLSX bytes, for readers of ``lang``."""
    rules = resolve_packs(packs)
    vocab = _vocabularies()
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet("intake", lang)
    lists = wb.create_sheet(_sheet("lists", lang))
    lists.sheet_state = "hidden"
    list_ranges: dict[str, str] = {}
    for col, (name, values) in enumerate(sorted(vocab.items()), start=1):
        letter = get_column_letter(col)
        lists.cell(row=1, column=col, value=name)
        for i, value in enumerate(values, start=2):
            lists.cell(row=i, column=col, value=value)
        sheet = lists.title if lists.title.isalnum() else f"'{lists.title}'"
        list_ranges[name] = f"{sheet}!${letter}$2:${letter}${len(values) + 1}"

    head_font = Font(bold=True)
    mandatory_fill = PatternFill("solid", fgColor="FDE9D9")
    for col, (header, label, element, vocab_name) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        top = ws.cell(row=1, column=col, value=header)
        top.font = head_font
        text = _(label, lang)
        top.comment = Comment(_("{label} (mandatory Annex I element)", lang, label=text)
                              if element in MANDATORY_ELEMENTS else text, "mcqa")
        if element in MANDATORY_ELEMENTS:
            top.fill = mandatory_fill
        ws.column_dimensions[letter].width = max(14, min(40, len(text) + 2))
        if vocab_name:
            dv = DataValidation(type="list", formula1=f"={list_ranges[vocab_name]}",
                                allow_blank=True, showDropDown=False)
            what = _(VOCABULARY_NAMES[vocab_name], lang)
            dv.errorTitle = _("Not a value of the list", lang)[:32]
            dv.error = _("Choose a value from the list ({vocabulary}).", lang,
                         vocabulary=what)[:255]
            meanings = [f"{v} = {_(MEANINGS[v], lang)}" for v in vocab[vocab_name]
                        if v in MEANINGS and _(MEANINGS[v], lang) != v]
            if meanings:
                dv.promptTitle = what[:32]
                dv.prompt = "; ".join(meanings)[:255]
                dv.showInputMessage = True
            dv.errorStyle = "warning"  # national values outside the list stay possible
            dv.add(f"{letter}2:{letter}{rows + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "B2"

    info = wb.create_sheet(_sheet("instructions", lang), 0)
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 14
    info.column_dimensions["C"].width = 60
    info.column_dimensions["D"].width = 70
    info.append([_("mcqa intake template", lang)])
    info["A1"].font = Font(bold=True, size=14)
    info.append([_("Fill one row per micro-credential on the {sheet} sheet, from row 2. Row 1 "
                   "holds the field names mcqa reads (hover for a description); do not change "
                   "it. Shaded columns are mandatory Annex I elements. Read it back with: "
                   "mcqa check intake.xlsx", lang, sheet=ws.title)])
    info.append([_("Packs: {packs}", lang, packs=", ".join(
        f"{p.meta.id} {p.meta.version} ({p.meta.source.document})" for p in rules.packs))])
    info.append([])
    info.append([_("Column", lang), _("Element", lang), _("Rules that judge it", lang),
                 _("Citations", lang)])
    for cell in info[5]:
        cell.font = head_font
    for header, _label, element, _v in COLUMNS:
        judged = [(r.id, r.citation.display()) for _p, r in rules.rules if element and
                  r.element == element]
        info.append([header,
                     _("Annex I: {element}", lang, element=element_label(element, lang))
                     if element else "",
                     ", ".join(rid for rid, _c in judged),
                     "; ".join(sorted({c for _r, c in judged}))])
    for row in info.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    wb.properties.creator = "mcqa"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    from mcqa.render.xlsx import workbook_bytes

    return workbook_bytes(wb)  # fixed zip times: byte-identical across runs
