"""The index's `facts` records as passages in memory, filtered the way search filters passages.

`history`, `modifications` and `refs` (history.py) work on `FactPassage`s: one per indexed passage
that names a modification, cites a paper or states a modification fact, with its paper's
reference, title and date. Each one carries its classification rank (unknown counts as Red), so
`visible` can apply an `index.Filters` exactly as search does: rank at most `max_rank`, the
paper's date within `day_from`–`day_to` (an undated paper is outside any date range), one of the
`committees` when given. Loaded once per committed state of the index (`Index.cached`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import index
from ..index import Filters, Index
from .citations import citation

_CACHE = "lifecycle-facts"


@dataclass(frozen=True)
class FactPassage:
    """One passage's modification facts, with its paper."""

    passage_id: str
    paper_key: str
    paper_ref: str | None
    paper_title: str
    paper_date: dt.date | None
    day: int | None
    rank: int
    classification: str
    committees: tuple[str, ...]
    headings: tuple[tuple[str | None, str], ...]
    pages: tuple[int, ...]
    mods: tuple[str, ...]
    cites: tuple[str, ...]
    events: tuple[dict[str, Any], ...]
    titles: tuple[tuple[str, str], ...]
    changes: tuple[tuple[str, str], ...]

    def about(self, mod: str) -> bool:
        """Whether the passage names the modification or states a fact about it."""
        return (
            mod in self.mods
            or any(e["modification"] == mod for e in self.events)
            or any(m == mod for m, _ in self.titles)
            or any(m == mod for m, _ in self.changes)
        )

    def modifications(self) -> set[str]:
        return (
            set(self.mods)
            | {e["modification"] for e in self.events}
            | {m for m, _ in self.titles}
            | {m for m, _ in self.changes}
        )

    def citation(self) -> str:
        headings = [list(h) for h in self.headings]
        return citation(
            self.paper_title, self.paper_ref, self.paper_date, headings, list(self.pages)
        )


def _passages_of(doc: dict[str, Any]) -> list[FactPassage]:
    date = dt.date.fromisoformat(doc["date"]) if doc.get("date") else None
    return [
        FactPassage(
            passage_id=p["id"],
            paper_key=doc["paper_key"],
            paper_ref=doc.get("ref") or None,
            paper_title=doc.get("title", ""),
            paper_date=date,
            day=doc.get("day"),
            rank=p["rank"],
            classification=p["classification"],
            committees=tuple(p["committees"]),
            headings=tuple((h[0], h[1]) for h in p["headings"]),
            pages=tuple(p["pages"]),
            mods=tuple(p["mods"]),
            cites=tuple(p["cites"]),
            events=tuple(p["events"]),
            titles=tuple((m, t) for m, t in p["titles"]),
            changes=tuple((m, s) for m, s in p["changes"]),
        )
        for p in doc["facts"]["passages"]
    ]


def _sorted(passages: list[FactPassage]) -> tuple[FactPassage, ...]:
    """Oldest paper first (undated last), then reference, then position in the paper."""
    return tuple(
        sorted(
            passages,
            key=lambda p: (p.day is None, p.day or 0, p.paper_ref or "", _seq(p.passage_id)),
        )
    )


def _seq(passage_id: str) -> int:
    return int(passage_id.rpartition(":")[2])


def fact_passages(
    ix: Index, *, modification: str | None = None, cites: str | None = None, ref: str | None = None
) -> tuple[FactPassage, ...]:
    """Every fact passage (or those of the papers about a modification, citing a reference, or
    with a reference), oldest first; cached per commit."""

    def build() -> tuple[FactPassage, ...]:
        docs = index.facts_documents(ix, modification=modification, cites=cites, ref=ref)
        return _sorted([p for d in docs for p in _passages_of(d)])

    return ix.cached(_CACHE, (modification, cites, ref), build)


def visible(p: FactPassage, f: Filters) -> bool:
    """Whether a passage passes the filters, as search applies them to passages."""
    if f.max_rank is not None and p.rank > f.max_rank:
        return False
    if f.day_from is not None and (p.day is None or p.day < f.day_from):
        return False
    if f.day_to is not None and (p.day is None or p.day > f.day_to):
        return False
    return not f.committees or bool(set(f.committees) & set(p.committees))


def visible_passages(passages: Sequence[FactPassage], f: Filters) -> list[FactPassage]:
    return [p for p in passages if visible(p, f)]
