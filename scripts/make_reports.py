"""Regenerate the golden example reports in reports/ (run: python scripts/make_reports.py).

The audit date is fixed so the files are byte-identical on every machine and
every day; tests/test_reports_golden.py fails when they drift.

Three sets are written:

* ``examples-eu-2022.*``: every example against the EU pack, in every format;
* ``<example>.<pack>.*``: each national pack's own example against that pack
  (text and Markdown), so a reader sees the pack's findings with its citations;
* ``examples-country-auto.txt``: every example with ``--country auto``, which adds
  to ``eu-2022`` the national packs of each record's awarding-body country.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 1, 1)
FORMATS = {"text": "txt", "json": "json", "md": "md", "html": "html"}
NATIONAL = {
    "es-rd822": "es-microcredencial-ciberseguridad.yaml",
    "es-vet-grado-a": "es-fp-grado-a-fotovoltaica.yaml",
    "nl-hbo-wo-mc": "nl-edubadge-circulair-bouwen.yaml",
    "ee-adult-ed": "ee-mikrokvalifikatsioon-andmeanalyys.yaml",
    "at-mc": "at-microcredential-digitale-lehre.yaml",
    "fi-fineec": "fi-mikrotutkinto-tekoaly-sote.yaml",
    "fr-registers": "fr-bloc-rncp-analyse-donnees.yaml",
}
"""National pack -> its bundled example (in the country's language)."""
NATIONAL_FORMATS = {"text": "txt", "md": "md"}


def build(out_dir: Path) -> list[Path]:
    """Write every golden report into ``out_dir``; return the paths in a fixed order."""
    import os

    from mcqa.api import check
    from mcqa.render import get_renderer

    os.chdir(REPO)  # report paths are relative: examples/...
    written = []

    def write(report: object, name: str, formats: dict[str, str]) -> None:
        for fmt, ext in formats.items():
            path = out_dir / f"{name}.{ext}"
            path.write_text(get_renderer(fmt)(report, color=False, width=120), encoding="utf-8")
            written.append(path)

    # use_default_esco=False: a developer's installed ESCO index must never shape the goldens
    write(check([Path("examples")], ["eu-2022"], as_of=AS_OF, use_default_esco=False),
          "examples-eu-2022", FORMATS)
    for pack, example in NATIONAL.items():
        write(check([Path("examples") / example], [pack], as_of=AS_OF, use_default_esco=False),
              f"{Path(example).stem}.{pack}", NATIONAL_FORMATS)
    write(check([Path("examples")], ["eu-2022"], as_of=AS_OF, use_default_esco=False,
                country="auto"), "examples-country-auto", {"text": "txt"})
    return written


if __name__ == "__main__":
    for p in build(REPO / "reports"):
        sys.stdout.write(f"wrote {p.relative_to(REPO)}\n")
