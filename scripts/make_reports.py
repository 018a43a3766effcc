"""Regenerate the golden example reports in reports/ (run: python scripts/make_reports.py).

The audit date is fixed so the files are byte-identical on every machine and
every day; tests/test_reports_golden.py fails when they drift.

Three sets are written:

* ``examples-eu-2022.*``: every example against the EU pack, in every format;
* ``<example>.<pack>.*``: each national pack's own example against that pack
  (text and Markdown), so a reader sees the pack's findings with its citations;
* ``examples-country-auto.txt``: every example with ``--country auto``, which adds
  to ``eu-2022`` the national packs of each record's awarding-body country;
* ``examples-eu-2022.fr.html``: the HTML report in French (``--lang fr``);
* ``dossier-ie-nfq8-de.*``: the recognition dossier of the Irish example for a German
  reader (``mcqa dossier ... --to DE``, German by default), with a small ESCO index
  sliced from ``../shared/esco`` and the review decisions of tests/dossier (written by
  :func:`build_dossiers`; tests/dossier/test_dossier.py compares them).

After translations change, this one command regenerates every golden.
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
    french = check([Path("examples")], ["eu-2022"], as_of=AS_OF, use_default_esco=False)
    path = out_dir / "examples-eu-2022.fr.html"
    path.write_text(get_renderer("html")(french, color=False, width=120, lang="fr"),
                    encoding="utf-8")
    written.append(path)
    return written


DOSSIER_EXAMPLE = "examples/ie-nfq8-elm-credential.json"
DOSSIER_AS_OF = "2025-10-01"
DOSSIER_REVIEW = "tests/dossier/fixtures/review.yaml"
DOSSIER_FORMATS = {"html": "html", "jsonld": "jsonld", "md": "md", "json": "json"}


def dossier_args(esco_db: Path, fmt: str) -> list[str]:
    """The ``mcqa`` arguments of the golden dossier in ``fmt`` (German: the target's
    language, no --lang)."""
    return ["dossier", DOSSIER_EXAMPLE, "--to", "DE", "--esco-db", str(esco_db), "--review",
            DOSSIER_REVIEW, "--pack", "eu-2022", "--as-of", DOSSIER_AS_OF, "--format", fmt]


def build_dossiers(out_dir: Path, esco_db: Path) -> list[Path]:
    """Write the golden dossiers (every format) into ``out_dir``."""
    import os

    from click.testing import CliRunner

    from mcqa.cli import cli

    os.chdir(REPO)
    written = []
    for fmt, ext in DOSSIER_FORMATS.items():
        result = CliRunner().invoke(cli, dossier_args(esco_db, fmt), catch_exceptions=False)
        if result.exit_code != 0:
            raise SystemExit(f"dossier {fmt} failed: {result.output}")
        path = out_dir / f"dossier-ie-nfq8-de.{ext}"
        path.write_text(result.stdout, encoding="utf-8")
        written.append(path)
    return written


def _esco_slice(tmp: Path) -> Path:
    """The small ESCO index the dossier goldens use (from ../shared/esco, as the tests)."""
    sys.path.insert(0, str(REPO))
    from tests.dossier.conftest import build_slice

    from mcqa.esco import import_esco

    db = tmp / "esco.sqlite"
    import_esco(build_slice(tmp / "csv"), db, version="v1.1.1")
    return db


if __name__ == "__main__":
    import tempfile

    paths = build(REPO / "reports")
    with tempfile.TemporaryDirectory() as tmp:
        paths += build_dossiers(REPO / "reports", _esco_slice(Path(tmp)))
    for p in paths:
        sys.stdout.write(f"wrote {p.relative_to(REPO)}\n")
