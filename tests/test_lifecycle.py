"""Lifecycle events on hand-labelled papers: precision ≥ 0.95 and recall ≥ 0.9 for every kind.

`tests/fixtures/lifecycle/` holds 12 papers written as Word documents by a route that shares no
code with secsearch, converted by LibreOffice, each with `NAME.events.json` labelled by hand
(format: `tests/fixtures/LIFECYCLE_FORMAT.md`). Every PDF goes through the real pipeline with
each extraction engine; scoring is `secsearch.tag.evaluate_lifecycle` (events are found by their
passage's text, not its position). `python benchmarks/lifecycle_eval.py` prints the table.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from secsearch.extract import ENGINES
from secsearch.pipeline import paper_from_pdf
from secsearch.tag.evaluate_lifecycle import (
    PaperScore,
    load_labels,
    markdown_table,
    per_kind,
    score_paper,
)

LABELLED = Path(__file__).parent / "fixtures" / "lifecycle"
PDFS = sorted(p for p in LABELLED.glob("*.pdf") if p.with_suffix(".events.json").exists())

pytestmark = pytest.mark.parametrize("engine", sorted(ENGINES))


@cache
def scores(engine: str) -> tuple[PaperScore, ...]:
    return tuple(
        score_paper(
            paper_from_pdf(pdf, engine=engine), load_labels(pdf.with_suffix(".events.json"))
        )
        for pdf in PDFS
    )


def test_the_labelled_set_is_big_enough(engine: str) -> None:
    labelled = sum(r.tp + r.fn for r in per_kind(scores(engine)))
    assert len(PDFS) == 12
    assert labelled >= 80


def test_every_kind_meets_its_targets(engine: str) -> None:
    rows = per_kind(scores(engine))
    problems = "\n".join(p for s in scores(engine) for p in s.problems)
    failing = [r.kind for r in rows if r.precision < 0.95 or r.recall < 0.9]
    assert failing == [], markdown_table(rows) + problems
    assert all(r.tp + r.fn for r in rows), "every kind has labelled events"


def test_no_plan_request_or_condition_gives_an_event(engine: str) -> None:
    non_events = [p for s in scores(engine) for p in s.problems if "non-event" in p]
    assert non_events == []
