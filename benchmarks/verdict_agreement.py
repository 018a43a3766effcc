#!/usr/bin/env python
"""Print how far mcqa's mandatory-element verdicts agree with a human auditor.

Runs mcqa (pack eu-2022, audit date 2026-06-30) on the labelled corpus files in
tests/verdicts/labels and prints agreement %, false "missing" and false "present" per 100
judgments, confusion tables per element and per format, every disagreement with the
label's JSON pointer, and how the files that are not micro-credentials were handled.
The scoring lives in tests/verdicts/agreement.py (README.md there explains the labels);
tests/verdicts/test_agreement.py asserts issue #13's targets on the same figures.

    python benchmarks/verdict_agreement.py [--json] [--labels DIR] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.verdicts import agreement  # noqa: E402  (the repository root is needed on the path)


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 0 (a benchmark reports, the test asserts)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    parser.add_argument("--labels", type=Path, default=agreement.LABELS_DIR,
                        help="folder of label files (default: tests/verdicts/labels)")
    parser.add_argument("--corpus", type=Path, default=agreement.CORPUS,
                        help="corpus root the labels' paths are relative to "
                             "(default: ../shared/corpus)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus} (pass --corpus DIR)", file=sys.stderr)
        return 2
    result = agreement.measure(args.labels, args.corpus)
    skips = agreement.check_not_credentials(
        agreement.load_not_credentials(args.labels / agreement.NOT_CREDENTIALS_FILE.name),
        args.corpus)
    render = agreement.render_json if args.json else agreement.render_text
    sys.stdout.write(render(result, skips))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
