"""Precision and recall of the lifecycle rules per event kind, on the hand-labelled papers.

    python benchmarks/lifecycle_eval.py [FOLDER] [--engine pdfium|pdfplumber|all]

FOLDER holds NAME.pdf with NAME.events.json beside it (default: tests/fixtures/lifecycle). Each
PDF goes through the real pipeline (extract → structure → tag) with each engine asked for; the
table is printed in Markdown, followed by every miss, unlabelled event and non-event that gave
an event. Scoring: secsearch.tag.evaluate_lifecycle.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from secsearch.extract import ENGINES
from secsearch.pipeline import paper_from_pdf
from secsearch.tag.evaluate_lifecycle import load_labels, markdown_table, per_kind, score_paper

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "lifecycle"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=LABELLED)
    parser.add_argument("--engine", choices=[*sorted(ENGINES), "all"], default="all")
    args = parser.parse_args(argv)
    engines = sorted(ENGINES) if args.engine == "all" else [args.engine]
    pdfs = sorted(p for p in args.folder.glob("*.pdf") if p.with_suffix(".events.json").exists())
    worst = 1.0
    for engine in engines:
        scores = [
            score_paper(
                paper_from_pdf(pdf, engine=engine), load_labels(pdf.with_suffix(".events.json"))
            )
            for pdf in pdfs
        ]
        rows = per_kind(scores)
        labels = sum(r.tp + r.fn for r in rows)
        print(f"### {engine}: {len(pdfs)} papers, {labels} labelled events\n")
        print(markdown_table(rows))
        for problem in (p for s in scores for p in s.problems):
            print(f"- {problem}")
        worst = min([worst, *(min(r.precision, r.recall) for r in rows if r.tp + r.fn)])
        print()
    return 0 if worst >= 0.9 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
