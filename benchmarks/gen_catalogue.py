"""Generate a realistic synthetic micro-credential catalogue (JSONL, CSV or XLSX).

Used to measure intake throughput at ministry scale and to exercise the
loaders on the gaps real catalogues have: most rows complete, some missing
QA or level, attendance-only assessment, workload in hours only, bad dates,
wrong types, formula-like titles, and empty rows. Output is deterministic
for a given ``--seed``.

    python benchmarks/gen_catalogue.py --rows 100000 --providers 40 \\
        --format xlsx [--xlsx-style excel] --out /tmp/cat.xlsx
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HEADERS: tuple[str, ...] = (
    "ID", "Title", "Provider", "Provider ID", "Awarding body", "Country", "Language",
    "ISCED-F", "EQF level", "NQF level", "ECTS", "Hours", "Learning outcomes", "Assessment",
    "Mode of delivery", "Quality assurance", "Issue date", "Prerequisites", "Stackability",
    "URL", "Internal notes",
)
"""Header row: common English names (recognised without a mapping file)."""

_COUNTRIES = ("IE", "FR", "DE", "ES", "NL", "IT", "PL", "PT", "GR", "AT", "BE", "FI", "SE", "DK")
_LANG = {"IE": "en", "FR": "fr", "DE": "de", "ES": "es", "NL": "nl", "IT": "it", "PL": "pl",
         "PT": "pt", "GR": "el", "AT": "de", "BE": "fr", "FI": "fi", "SE": "sv", "DK": "da"}
_KINDS = ("University", "Institute of Technology", "Academy", "College", "Training Centre",
          "Chamber of Commerce", "Polytechnic", "School of Management")
_PLACES = ("Liffey", "Rhône", "Elbe", "Tajo", "Maas", "Arno", "Vistula", "Douro", "Aegean",
           "Danube", "Scheldt", "Saimaa", "Göta", "Jutland", "Shannon", "Loire", "Main")
_TOPICS = ("Data Analytics", "Cloud Security", "Green Skills for Construction",
           "Solar PV Installation", "Digital Marketing", "Project Management", "Machine Learning",
           "Circular Economy", "Cybersecurity Fundamentals", "Health Data Management",
           "Supply Chain Logistics", "Renewable Energy Systems", "Software Testing",
           "Sustainable Agriculture", "Accessible Web Design", "Financial Literacy",
           "Robotics Maintenance", "Early Childhood Education", "Public Procurement",
           "Water Management")
_LEVELS = ("Introduction to", "Applied", "Advanced", "Foundations of", "Professional",
           "Certificate in", "Essentials of")
_VERBS = ("Analyse", "Design", "Evaluate", "Apply", "Implement", "Explain", "Compare",
          "Plan", "Document", "Communicate")
_OBJECTS = ("a data set using appropriate tools", "security controls for a cloud workload",
            "an installation plan that meets safety standards", "a marketing campaign budget",
            "a project schedule with risks and mitigations", "a supervised learning model",
            "the life-cycle impact of a product", "incident response procedures",
            "patient records in line with data protection law", "a warehouse layout",
            "findings to non-specialist stakeholders", "test cases for a web application")
_ASSESS = ("Written examination and project", "Portfolio of practical assignments",
           "Online quiz and final project", "Practical assessment observed by an assessor",
           "Oral presentation and report", "Capstone project with peer review")
_MODES = ("online", "blended", "on-site", "online (self-paced)", "hybrid")
_QA = ("Internal programme approval; external review by the national QA agency",
       "Accredited by the national accreditation body (2023)",
       "ISO 9001 certified provider; annual internal review",
       "Programme validated under the institution's QA procedures")
_STACK = ("stand-alone", "stackable", "stackable towards a Postgraduate Certificate")


class _Provider:
    def __init__(self, rng: random.Random, index: int):
        self.country = rng.choice(_COUNTRIES)
        self.name = f"{rng.choice(_KINDS)} of {rng.choice(_PLACES)} {index + 1}"
        self.id = f"{self.country}-PROV-{index + 1:04d}"
        self.language = _LANG[self.country]
        self.qa_habit = rng.random()  # some providers rarely state QA
        self.url = f"https://provider{index + 1}.example.{self.country.lower()}"


def _row(rng: random.Random, providers: list[_Provider], n: int) -> dict[str, Any] | None:
    """One catalogue row as header → value (``None`` for an empty row)."""
    if rng.random() < 0.01:
        return None
    p = providers[rng.randrange(len(providers))]
    topic = rng.choice(_TOPICS)
    title = f"{rng.choice(_LEVELS)} {topic}"
    if rng.random() < 0.01:
        title = f'=HYPERLINK("{p.url}/c{n}","{title}")'
    ects: Any = rng.choice((1, 2, 3, 4, 5, 5, 6, 7.5, 10, 15))
    hours: Any = int(ects * rng.choice((25, 25, 30)))
    roll = rng.random()
    if roll < 0.08:
        ects = None  # workload in hours only
    elif roll < 0.10:
        hours = None
    elif roll < 0.105:
        ects = "ten"  # wrong type
    elif roll < 0.13:
        ects = f"{ects} ECTS"
    eqf: Any = rng.choice((4, 5, 5, 6, 6, 6, 7, 7, 8))
    nqf: Any = str(eqf + rng.choice((0, 1, 2))) if rng.random() < 0.6 else None
    if rng.random() < 0.10:
        eqf = nqf = None  # missing level
    outcomes = "\n".join(f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
                         for _ in range(rng.randint(2, 5)))
    if rng.random() < 0.03:
        outcomes = f"{topic}; Teamwork"  # topics, not outcomes
    assessment = rng.choice(_ASSESS) if rng.random() > 0.05 else "Attendance"
    qa = rng.choice(_QA) if rng.random() < 0.6 + 0.4 * p.qa_habit else None
    year = rng.choice((2024, 2025))
    issue = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    dice = rng.random()
    if dice < 0.01:
        issue = f"31/02/{year}"
    elif dice < 0.015:
        issue = "soon"
    elif dice < 0.02:
        issue = None
    return {
        "ID": f"{p.id}-C{n:07d}",
        "Title": title,
        "Provider": p.name,
        "Provider ID": p.id,
        "Awarding body": p.name if rng.random() > 0.03 else None,
        "Country": p.country,
        "Language": p.language,
        "ISCED-F": rng.choice(("0613", "0612", "0732", "0413", "0713", "0521", "0111")),
        "EQF level": eqf,
        "NQF level": nqf,
        "ECTS": ects,
        "Hours": hours,
        "Learning outcomes": outcomes,
        "Assessment": assessment,
        "Mode of delivery": rng.choice(_MODES),
        "Quality assurance": qa,
        "Issue date": issue,
        "Prerequisites": rng.choice((None, "None", "EQF level 5 qualification or equivalent",
                                     "Basic IT skills")),
        "Stackability": rng.choice(_STACK),
        "URL": f"{p.url}/courses/{n}",
        "Internal notes": rng.choice((None, None, "reviewed", "to be updated")),
    }


def rows(n_rows: int, n_providers: int, seed: int) -> Iterator[dict[str, Any] | None]:
    """The catalogue rows (``None`` = empty row), deterministic for ``seed``."""
    rng = random.Random(seed)
    providers = [_Provider(rng, i) for i in range(n_providers)]
    for n in range(1, n_rows + 1):
        yield _row(rng, providers, n)


def _descriptor(row: dict[str, Any]) -> dict[str, Any]:
    """A catalogue row in the native descriptor shape (for JSONL)."""
    out: dict[str, Any] = {
        "kind": "specification", "id": row["ID"], "title": row["Title"],
        "provider": {"id": row["Provider ID"], "name": row["Provider"]},
        "issuer_country": row["Country"], "language": row["Language"],
        "isced_f": row["ISCED-F"], "issue_date": row["Issue date"],
        "learning_outcomes": [{"text": t} for t in row["Learning outcomes"].split("\n")],
        "assessment_type": row["Assessment"], "participation_form": row["Mode of delivery"],
        "prerequisites": row["Prerequisites"], "stackability": {"mode": row["Stackability"]},
        "further_info": row["URL"],
    }
    if row["Awarding body"]:
        out["awarding_body"] = {"name": row["Awarding body"]}
    workload = {k: v for k, v in (("ects", row["ECTS"]), ("hours", row["Hours"])) if v is not None}
    if workload:
        out["workload"] = workload
    if row["EQF level"] is not None:
        out["level"] = {"eqf": row["EQF level"]}
    if row["Quality assurance"]:
        out["quality_assurance"] = {"description": row["Quality assurance"]}
    if row["Internal notes"]:
        out["extensions"] = {"col.internal_notes": row["Internal notes"]}
    return {k: v for k, v in out.items() if v is not None}


def write_jsonl(path: Path, data: Iterator[dict[str, Any] | None]) -> None:
    """One object per line; an empty row becomes a blank line."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in data:
            fh.write("\n" if row is None else json.dumps(_descriptor(row), ensure_ascii=False,
                                                         sort_keys=True) + "\n")


def write_csv(path: Path, data: Iterator[dict[str, Any] | None], delimiter: str) -> None:
    """CSV UTF-8 (no BOM); an empty row is a row of empty fields."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(HEADERS)
        for row in data:
            writer.writerow([""] * len(HEADERS) if row is None else
                            ["" if row[h] is None else row[h] for h in HEADERS])


def write_xlsx(path: Path, data: Iterator[dict[str, Any] | None], seed: int) -> None:
    """XLSX via openpyxl write-only mode; formula-like titles are stored as text, and
    a few Hours cells are real formulas (``=K5*25``), as providers do."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    rng = random.Random(seed + 1)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Catalogue")
    ws.append(["Micro-credential catalogue (synthetic)"])
    ws.append(list(HEADERS))
    hours_col = HEADERS.index("Hours")
    ects_letter = chr(ord("A") + HEADERS.index("ECTS"))
    for number, row in enumerate(data, start=3):
        if row is None:
            ws.append([])
            continue
        cells: list[Any] = []
        for i, header in enumerate(HEADERS):
            value = row[header]
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text that looks like a formula, not a formula
                cells.append(cell)
            elif i == hours_col and value is not None and rng.random() < 0.005:
                cells.append(f"={ects_letter}{number}*25")
            else:
                cells.append(value)
        ws.append(cells)
    wb.save(path)


def write_xlsx_excel_style(path: Path, data: Iterator[dict[str, Any] | None],
                           seed: int) -> None:
    """XLSX laid out the way Excel and LibreOffice save it: a shared-string table and a
    <dimension> element (written by XlsxWriter, the ``bench`` extra). Same cells as
    :func:`write_xlsx`; openpyxl's write-only mode, used there, stores every string
    inline and no dimension, which readers parse about twice as slowly."""
    import xlsxwriter

    rng = random.Random(seed + 1)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                         "strings_to_formulas": False,
                                         "strings_to_urls": False})
    ws = wb.add_worksheet("Catalogue")
    ws.write_string(0, 0, "Micro-credential catalogue (synthetic)")
    for col, header in enumerate(HEADERS):
        ws.write_string(1, col, header)
    hours_col = HEADERS.index("Hours")
    ects_letter = chr(ord("A") + HEADERS.index("ECTS"))
    for number, row in enumerate(data, start=3):
        if row is None:
            continue
        for i, header in enumerate(HEADERS):
            value = row[header]
            if value is None:
                continue
            if i == hours_col and rng.random() < 0.005:
                ws.write_formula(number - 1, i, f"={ects_letter}{number}*25")
            elif isinstance(value, str):
                ws.write_string(number - 1, i, value)  # formula-like titles stay text
            else:
                ws.write(number - 1, i, value)
    wb.close()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--providers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("jsonl", "csv", "xlsx"), required=True)
    parser.add_argument("--delimiter", default=",", choices=(",", ";", "\t"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--xlsx-style", choices=("openpyxl", "excel"), default="openpyxl",
                        help="openpyxl write-only (inline strings, no dimension) or as Excel "
                             "saves it (shared strings; needs the `bench` extra)")
    args = parser.parse_args(argv)
    if args.rows < 0 or args.providers < 1:
        parser.error("--rows must be >= 0 and --providers >= 1")
    data = rows(args.rows, args.providers, args.seed)
    if args.format == "jsonl":
        write_jsonl(args.out, data)
    elif args.format == "csv":
        write_csv(args.out, data, args.delimiter)
    elif args.xlsx_style == "excel":
        write_xlsx_excel_style(args.out, data, args.seed)
    else:
        write_xlsx(args.out, data, args.seed)
    print(f"wrote {args.rows} rows ({args.providers} providers) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
