"""The sample generator's planned lifecycles: coherent, and stated the same way by every paper.

Every modification has one lifecycle (tools/samplegen/lifecycle.py); a paper states only steps
dated on or before its own date, with the lifecycle's dates, so a history built from any corpus
the generator writes tells one story per modification. The committed sample's ground truth is
checked here; tests/test_corpus_truth.py checks that the pipeline finds exactly those facts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from secsearch.models import EVENT_KINDS, Paper
from tools.samplegen import topics
from tools.samplegen.lifecycle import NAMED_REPORTS, REGISTRY, life_of

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TRUTHS = sorted(CORPUS.glob("*.json"))
LIVES = [life_of(n) for n in (*NAMED_REPORTS, *REGISTRY)] + [life_of(122, "A")]


def test_steps_are_in_order_and_end_once() -> None:
    for life in LIVES:
        steps = life.steps
        assert [s.date for s in steps] == sorted(s.date for s in steps), life.id
        assert steps[0].kind == "raised" and all(s.kind in EVENT_KINDS for s in steps), life.id
        ends = [s for s in steps if s.kind in ("implemented", "withdrawn")]
        assert len(ends) <= 1 and (not ends or ends[0] is steps[-1]), life.id


def test_the_named_reports_fall_in_their_report_phase() -> None:
    assert topics.MOD_TITLES  # the named titles are registered
    for number, (day, _) in NAMED_REPORTS.items():
        windows = life_of(number).report_windows()
        assert any(start <= day <= end for start, end in windows), number


def _events(paper: Paper) -> list[tuple[Paper, object]]:
    return [
        (paper, e)
        for _, p in paper.all_passages()
        for e in (p.modification_facts.events if p.modification_facts else [])
    ]


@pytest.fixture(scope="module")
def stated() -> list[tuple[Paper, object]]:
    if not TRUTHS:
        pytest.skip("sample corpus not generated")
    papers = [Paper.model_validate_json(t.read_text(encoding="utf-8")) for t in TRUTHS]
    return [pair for paper in papers for pair in _events(paper)]


def test_the_sample_states_every_kind_it_can(stated: list[tuple[Paper, object]]) -> None:
    kinds = {e.kind for _, e in stated}  # type: ignore[attr-defined]
    assert {"raised", "converted", "assessment", "modification_report", "implemented"} <= kinds


def test_papers_state_only_what_happened_by_their_date(stated: list[tuple[Paper, object]]) -> None:
    for paper, e in stated:
        assert paper.date is not None and e.date is not None  # type: ignore[attr-defined]
        assert e.date <= paper.date, (paper.ref, e)  # type: ignore[attr-defined]


def test_every_dated_event_is_its_lifecycle_s_step(stated: list[tuple[Paper, object]]) -> None:
    for paper, e in stated:
        if e.date_source != "text":  # type: ignore[attr-defined]
            continue
        mod = e.modification  # type: ignore[attr-defined]
        life = life_of(int(mod[2:5]), mod[5:])
        steps = {(s.kind, s.outcome, s.date) for s in life.steps}
        assert (e.kind, e.outcome, e.date) in steps, (paper.ref, e)  # type: ignore[attr-defined]


def test_a_modification_is_implemented_once(stated: list[tuple[Paper, object]]) -> None:
    dates: dict[str, set[dt.date]] = {}
    for _, e in stated:
        if e.kind == "implemented":  # type: ignore[attr-defined]
            dates.setdefault(e.modification, set()).add(e.date)  # type: ignore[attr-defined]
    assert dates and all(len(d) == 1 for d in dates.values())
