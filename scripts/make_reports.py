"""Regenerate the golden example reports in reports/ (run: python scripts/make_reports.py).

The audit date is fixed so the files are byte-identical on every machine and
every day; tests/test_reports_golden.py fails when they drift.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 1, 1)
FORMATS = {"text": "txt", "json": "json", "md": "md", "html": "html"}


def build(out_dir: Path) -> list[Path]:
    """Write every report format for the bundled examples into ``out_dir``."""
    import os

    from mcqa.api import check
    from mcqa.render import get_renderer

    os.chdir(REPO)  # report paths are relative: examples/...
    # use_default_esco=False: a developer's installed ESCO index must never shape the goldens
    report = check([Path("examples")], ["eu-2022"], as_of=AS_OF, use_default_esco=False)
    written = []
    for fmt, ext in FORMATS.items():
        path = out_dir / f"examples-eu-2022.{ext}"
        path.write_text(get_renderer(fmt)(report, color=False, width=120), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in build(REPO / "reports"):
        sys.stdout.write(f"wrote {p.relative_to(REPO)}\n")
