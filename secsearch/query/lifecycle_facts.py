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
import json
from collections.abc import Sequence
from typing import Any

from .. import index
from ..index import Filters, Index
from ..models import Classification
from ..policy import UNKNOWN_RANK
from .citations import citation

_CACHE = "lifecycle-facts"
_RANKS = {c.value: c.rank for c in Classification}
_UNKNOWN = UNKNOWN_RANK  # a passage of unknown classification counts as Red


def _split(text: str) -> list[str]:
    return text.split(",") if text else []


def _records(text: str) -> list[list[str]]:
    return [r.split(index.FACTS_UNIT) for r in text.split(index.FACTS_RECORD)] if text else []


def _decoded(text: str) -> list[Any]:
    return json.loads(text) if text else []  # type: ignore[no-any-return]


class FactPassage:
    """One passage's modification facts, with its paper: a view of the stored tuple (fields in
    `index.PASSAGE_FIELDS` order) that decodes a part only when it is read."""

    __slots__ = ("paper_key", "_paper", "_p", "_events")

    def __init__(self, paper_key: str, paper: dict[str, Any], passage: tuple[str, ...]) -> None:
        self.paper_key = paper_key
        self._paper = paper
        self._p = passage
        self._events: list[dict[str, Any]] | None = None

    passage_id = property(lambda self: self._p[0])
    classification = property(lambda self: self._p[1])
    rank = property(lambda self: _RANKS.get(self._p[1], _UNKNOWN))
    committees = property(lambda self: _split(self._p[2]))
    mods = property(lambda self: _split(self._p[5]))
    cites = property(lambda self: _split(self._p[6]))
    changes = property(lambda self: _decoded(self._p[9]))
    paper_ref = property(lambda self: self._paper["ref"])
    paper_title = property(lambda self: self._paper["title"])
    day = property(lambda self: self._paper["day"])

    @property
    def events(self) -> list[dict[str, Any]]:
        if self._events is None:
            self._events = _decoded(self._p[7])
        return self._events

    @property
    def titles(self) -> list[list[str]]:
        """[modification, title] pairs."""
        return _records(self._p[8])

    @property
    def steps(self) -> list[list[str]]:
        """[modification, kind, outcome (an assessment's detail), date, release] of each event
        ("" for none): what the catalogue reads, without decoding the events."""
        return _records(self._p[10])

    @property
    def paper_date(self) -> dt.date | None:
        day = self._paper["date"]
        return dt.date.fromisoformat(day) if day else None

    def modifications(self) -> set[str]:
        """The modifications the passage names or states a fact about."""
        return (
            set(self.mods)
            | {e["modification"] for e in self.events}
            | {r[0] for r in self.titles}
            | {m for m, _ in self.changes}
        )

    def citation(self) -> str:
        pages = [int(n) for n in _split(self._p[4])]
        return citation(
            self.paper_title, self.paper_ref, self.paper_date, _decoded(self._p[3]), pages
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
    if p.rank > f.max_rank:
        return False
    day = p.day
    if f.day_from is not None and (day is None or day < f.day_from):
        return False
    if f.day_to is not None and (day is None or day > f.day_to):
        return False
    return not f.committees or bool(set(f.committees) & set(p.committees))


def visible_passages(passages: Sequence[FactPassage], f: Filters) -> list[FactPassage]:
    return [p for p in passages if visible(p, f)]


def held_back(passages: Sequence[FactPassage], f: Filters) -> int:
    """How many of the passages only the classification ceiling keeps out (what the result
    says was held back, without saying what)."""
    return len(
        {p.passage_id for p in passages if p.rank > f.max_rank and visible(p, f.any_level())}
    )
