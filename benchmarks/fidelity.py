"""Fidelity: the share of hand-written truth facts that hold, per category, fixture set and engine.

    python benchmarks/fidelity.py [--failures] [--set NAME ...]

Runs the real pipeline (`paper_from_pdf`) on every fixture PDF under `tests/fixtures/` with both
engines (the scanned paper too, as set "scan", where Tesseract is installed to read it),
evaluates every fact of its truth file with `tests/truthcheck.py`, and prints a Markdown table:
one row per category (identity, headers/footers, headings, passages and pages, entities), one
column per set and engine, each cell "held / all (share)". `--failures` also lists every fact
that does not hold.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from secsearch.extract import ENGINES, tesseract_installed  # noqa: E402
from tests.truthcheck import CATEGORIES, SETS, check, documents  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every fact that fails")
    parser.add_argument("--set", action="append", choices=SETS, help="only these fixture sets")
    args = parser.parse_args()
    sets = tuple(args.set or SETS)
    engines = sorted(ENGINES)
    # (set, engine, category) -> [held, all]
    tally: dict[tuple[str, str, str], list[int]] = {}
    failures: list[str] = []
    docs = documents(sets=sets, scans=tesseract_installed())
    if any(d.set == "scan" for d in docs):
        sets = (*sets, "scan")
    for document in docs:
        for engine in engines:
            for fact in check(document, engine):
                cell = tally.setdefault((document.set, engine, fact.category), [0, 0])
                cell[0] += fact.holds
                cell[1] += 1
                if not fact.holds:
                    failures.append(f"{document.name} ({engine}) {fact.message()}")
    columns = [(s, e) for s in sets for e in engines]
    print("| category | " + " | ".join(f"{s} ({e})" for s, e in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for category in CATEGORIES:
        cells = []
        for s, e in columns:
            held, total = tally.get((s, e, category), [0, 0])
            cells.append(f"{held}/{total} ({held / total:.0%})" if total else "–")
        print(f"| {category} | " + " | ".join(cells) + " |")
    held = sum(c[0] for c in tally.values())
    total = sum(c[1] for c in tally.values())
    print(f"\nall facts, both engines: {held}/{total} ({held / total:.1%})")
    if args.failures:
        print("\nFacts that do not hold:")
        for line in failures:
            print(f"- {line}")


if __name__ == "__main__":
    main()
