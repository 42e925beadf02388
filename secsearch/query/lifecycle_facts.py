"""The index's facts entries as passages in memory, filtered the way search filters passages.

`history`, `modifications` and `refs` work on `FactPassage`s: one per indexed passage that names a
modification, cites a paper or states a modification fact, a thin view of its stored entry (no
copying: a 3,000-paper corpus has some 8,000 of them, read on the first query of a process).
Each carries its classification rank (unknown counts as Red), so `visible` applies an
`index.Filters` exactly as search does: rank at most `max_rank`, the paper's date within
`day_from`–`day_to` (an undated paper is outside any date range), one of the `committees` when
given. Built once per committed state of the index (`Index.cached`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .. import index
from ..index import Filters, Index
from ..models import Classification
from .citations import citation

_CACHE = "lifecycle-facts"
_RANKS = {c.value: c.rank for c in Classification}
_UNKNOWN = Classification.RED.rank  # a passage of unknown classification counts as Red


class FactPassage:
    """One passage's modification facts, with its paper (a view of the stored entry)."""

    __slots__ = ("paper_key", "_paper", "_p")

    def __init__(self, paper_key: str, paper: dict[str, Any], passage: dict[str, Any]) -> None:
        self.paper_key = paper_key
        self._paper = paper
        self._p = passage

    passage_id = property(lambda self: self._p["id"])
    paper_ref = property(lambda self: self._paper["ref"])
    paper_title = property(lambda self: self._paper["title"])
    day = property(lambda self: self._paper["day"])
    rank = property(lambda self: _RANKS.get(self._p["classification"], _UNKNOWN))
    classification = property(lambda self: self._p["classification"])
    committees = property(lambda self: self._p["committees"])
    mods = property(lambda self: self._p["mods"])
    cites = property(lambda self: self._p["cites"])
    events = property(lambda self: self._p["events"])
    titles = property(lambda self: self._p["titles"])
    changes = property(lambda self: self._p["changes"])

    @property
    def paper_date(self) -> dt.date | None:
        day = self._paper["date"]
        return dt.date.fromisoformat(day) if day else None

    def about(self, mod: str) -> bool:
        """Whether the passage names the modification or states a fact about it."""
        p = self._p
        return (
            mod in p["mods"]
            or any(e["modification"] == mod for e in p["events"])
            or any(m == mod for m, _ in p["titles"])
            or any(m == mod for m, _ in p["changes"])
        )

    def modifications(self) -> set[str]:
        p = self._p
        return (
            set(p["mods"])
            | {e["modification"] for e in p["events"]}
            | {m for m, _ in p["titles"]}
            | {m for m, _ in p["changes"]}
        )

    def citation(self) -> str:
        p = self._p
        return citation(
            self.paper_title, self.paper_ref, self.paper_date, p["headings"], p["pages"]
        )


def _order(p: FactPassage) -> tuple[bool, int, str, int]:
    """Oldest paper first (undated last), then reference, then position in the paper."""
    return (p.day is None, p.day or 0, p.paper_ref or "", int(p.passage_id.rpartition(":")[2]))


def _passages(entries: dict[str, dict[str, Any]]) -> tuple[FactPassage, ...]:
    every = (FactPassage(k, e, p) for k, e in entries.items() for p in e["passages"])
    return tuple(sorted(every, key=_order))


def passages_about(ix: Index, mod: str) -> tuple[FactPassage, ...]:
    """The passages that name a modification or state a fact about it, oldest first; one record
    read, once per commit."""
    return index.cached_without_collector(
        ix, _CACHE, ("about", mod), lambda: _passages(index.modification_entries(ix, mod))
    )


def every_modification(ix: Index) -> dict[str, tuple[FactPassage, ...]]:
    """Each modification's passages, oldest first, from every record; once per commit."""

    def build() -> dict[str, tuple[FactPassage, ...]]:
        records = index.facts_records(ix)
        return {
            record_id.partition(":")[2]: _passages(entries)
            for record_id, entries in records.items()
            if record_id.startswith(f"{index.MOD_RECORD_PREFIX}:")
        }

    return index.cached_without_collector(ix, _CACHE, "every", build)


def citing_passages(ix: Index) -> tuple[FactPassage, ...]:
    """Every passage that cites another paper, oldest first; once per commit."""

    def build() -> tuple[FactPassage, ...]:
        records = index.facts_records(ix)
        merged: dict[str, dict[str, Any]] = {}
        for record_id, entries in records.items():
            if record_id.startswith(f"{index.CITES_RECORD_PREFIX}:"):
                merged.update(entries)
        return _passages(merged)

    return index.cached_without_collector(ix, _CACHE, "citing", build)


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
