"""Precision and recall of the lifecycle rules against hand-labelled papers.

Labels are `NAME.events.json` files (format: `tests/fixtures/LIFECYCLE_FORMAT.md`): each event
names its modification, kind, outcome, date and a `contains` substring of the one passage that
states it; `non_events` name passages that must state no event for a modification (any, when
its `modification` is null). Passages are found by that substring (whitespace collapsed, case
ignored), never by position, so a paper whose passages are cut a little differently scores the
same.

A produced event matches a label when it comes from the label's passage and agrees on the
modification, kind, date and, where the label gives them, outcome, assessment detail and
release; each label matches at most one event. Every other produced event counts against
precision. Reading the PDFs is the caller's job (`benchmarks/lifecycle_eval.py`,
`tests/test_lifecycle.py`): this module takes tagged `Paper`s.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import EVENT_KINDS, LifecycleEvent, Paper


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Labels:
    name: str
    events: list[dict[str, Any]]
    non_events: list[dict[str, Any]]


def load_labels(path: Path) -> Labels:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Labels(data["name"], data["events"], data.get("non_events", []))


@dataclass
class PaperScore:
    """One paper's result: per kind (true positives, false positives, false negatives), and
    readable lines for every miss, false positive and non-event that produced an event."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, kind: str, slot: int) -> None:
        self.counts.setdefault(kind, [0, 0, 0])[slot] += 1


def _agrees(event: LifecycleEvent, label: dict[str, Any]) -> bool:
    return (
        event.modification == label["modification"]
        and event.kind == label["kind"]
        and (event.date.isoformat() if event.date else None) == label["date"]
        and all(
            label.get(key) is None or getattr(event, key) == label[key]
            for key in ("outcome", "detail", "release")
        )
    )


def _describe(event: LifecycleEvent) -> str:
    extra = event.outcome or event.detail or event.release or ""
    return f"{event.modification} {event.kind} {extra} {event.date} ({event.date_source})"


def score_paper(paper: Paper, labels: Labels) -> PaperScore:
    """Compare the events on a tagged paper's passages with its labels."""
    passages = [p for _, p in paper.all_passages()]
    produced = [
        (i, e)
        for i, p in enumerate(passages)
        for e in (p.modification_facts.events if p.modification_facts else [])
    ]
    score = PaperScore()

    def passage_of(contains: str) -> int | None:
        hits = [i for i, p in enumerate(passages) if _norm(contains) in _norm(p.text)]
        return hits[0] if len(hits) == 1 else None

    used: set[int] = set()
    for label in labels.events:
        where = passage_of(label["contains"])
        match = next(
            (
                j
                for j, (i, e) in enumerate(produced)
                if j not in used and i == where and _agrees(e, label)
            ),
            None,
        )
        if match is None:
            score.add(label["kind"], 2)
            got = [_describe(e) for i, e in produced if i == where]
            score.problems.append(
                f"{labels.name}: missed {label['modification']} {label['kind']} "
                f"{label.get('outcome') or ''} {label['date']} in {label['contains']!r}"
                + (f" (found {'; '.join(got)})" if got else "")
                + ("" if where is not None else " (passage not found)")
            )
        else:
            used.add(match)
            score.add(label["kind"], 0)
    for j, (_, e) in enumerate(produced):
        if j not in used:
            score.add(e.kind, 1)
            score.problems.append(f"{labels.name}: unlabelled {_describe(e)} in {e.evidence!r}")
    for non in labels.non_events:
        where = passage_of(non["contains"])
        wrong = [
            e
            for i, e in produced
            if i == where and (non["modification"] is None or e.modification == non["modification"])
        ]
        if where is None or wrong:
            score.problems.append(
                f"{labels.name}: non-event {non['contains']!r} gave "
                + (", ".join(_describe(e) for e in wrong) if wrong else "no single passage")
            )
    return score


@dataclass(frozen=True)
class KindScore:
    kind: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def per_kind(scores: Iterable[PaperScore]) -> list[KindScore]:
    """Counts summed over papers, one row per event kind (every kind, even unseen ones)."""
    total: dict[str, list[int]] = {k: [0, 0, 0] for k in EVENT_KINDS}
    for s in scores:
        for kind, counts in s.counts.items():
            total[kind] = [a + b for a, b in zip(total[kind], counts, strict=True)]
    return [KindScore(k, *total[k]) for k in EVENT_KINDS]


def markdown_table(rows: list[KindScore]) -> str:
    lines = [
        "| kind | labelled | found | correct | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.kind} | {r.tp + r.fn} | {r.tp + r.fp} | {r.tp} | {r.precision:.2f} "
            f"| {r.recall:.2f} |"
        )
    tp, fp, fn = (sum(getattr(r, f) for r in rows) for f in ("tp", "fp", "fn"))
    all_rows = KindScore("all", tp, fp, fn)
    lines.append(
        f"| **all** | {tp + fn} | {tp + fp} | {tp} | {all_rows.precision:.2f} "
        f"| {all_rows.recall:.2f} |"
    )
    return "\n".join(lines) + "\n"
