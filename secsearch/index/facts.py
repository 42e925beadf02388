"""Papers' modification facts and citations as index records (engine-free, like `records.py`).

What `history`, `modifications` and `refs` need is written at ingest time, so they read no PDF
and no passage text. For each passage that names a modification, cites another paper or states
a modification fact, a paper's entry keeps its id, classification (unknown counts as Red),
committees, headings and pages (for citations), the ids it names, the references it cites, and
its events, titles and SEC changes.

The entries are grouped into few records, because Whoosh spends some 100 µs on each stored
document it returns (for 3,000 papers, reading one record per paper took most of a second):

- `facts:MP067`: one per modification, the passages about it in every paper (history reads one);
- `cites:2019`: one per paper year, the passages that cite other papers (refs of a paper).

Each record's payload is one pickled blob (protocol 5; Whoosh stores bytes as they are), read in
a few milliseconds. The writer keeps the records in memory (`FactsParts`), changes them as papers
are added and deleted, and writes the changed ones in the same commit as the papers, so the
records always match the passages.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

from ..models import Paper, Passage, Section
from .records import Record, _day, passage_classification

FACTS_KIND = "facts"
MOD_PREFIX, CITES_PREFIX = "facts", "cites"
# paper key (sha256) → that paper's part of a record: {ref, title, date, day, passages}
Entries = dict[str, dict[str, Any]]


def _passage_facts(paper: Paper, seq: int, path: list[Section], passage: Passage) -> Record | None:
    named = sorted({e.value for e in passage.entities if e.type == "MODIFICATION"})
    cites = sorted({e.value for e in passage.entities if e.type == "PAPER_REF"} - {paper.ref})
    facts = passage.modification_facts
    if not (named or cites or facts):
        return None
    cls = passage_classification(paper, passage)
    return {
        "id": f"{paper.source.sha256[:20]}:{seq}",
        "classification": cls.value if cls else "",
        "committees": list(path[-1].committees) if path else [],
        "headings": [[(s.number or "").rstrip(".") or None, s.title] for s in path],
        "pages": list(passage.pages),
        "mods": named,
        "cites": cites,
        "events": [e.model_dump(mode="json", exclude_none=True) for e in facts.events]
        if facts
        else [],
        "titles": [[t.modification, t.title] for t in facts.titles] if facts else [],
        "changes": [[c.modification, c.sec_ref] for c in facts.sec_changes] if facts else [],
    }


def modifications_of(passage: dict[str, Any]) -> set[str]:
    """The modifications a stored passage names or states a fact about."""
    return (
        set(passage["mods"])
        | {e["modification"] for e in passage["events"]}
        | {m for m, _ in passage["titles"]}
        | {m for m, _ in passage["changes"]}
    )


def facts_entry(paper: Paper) -> dict[str, Any] | None:
    """The paper's entry; None when no passage names a modification or cites a paper."""
    passages = [
        found
        for seq, (path, passage) in enumerate(paper.all_passages())
        if (found := _passage_facts(paper, seq, path, passage)) is not None
    ]
    if not passages:
        return None
    return {
        "ref": paper.ref or None,
        "title": paper.title,
        "date": paper.date.isoformat() if paper.date else None,
        "day": _day(paper.date),
        "passages": passages,
    }


def payload(entries: Entries) -> bytes:
    return pickle.dumps(entries, protocol=5)


def entries_of(record: Record) -> Entries:
    return pickle.loads(record["facts"])  # type: ignore[no-any-return]


class FactsParts:
    """The facts and citation records of an index being written: read once, changed in memory,
    and the changed ones handed to each commit."""

    def __init__(self, committed: Callable[[], list[Record]]) -> None:
        self._committed = committed
        self._records: dict[str, Entries] | None = None
        self._dirty: set[str] = set()

    def _load(self) -> dict[str, Entries]:
        """The records as last committed, read at the first change (a no-op ingest never reads
        them)."""
        if self._records is None:
            self._records = {doc["id"]: entries_of(doc) for doc in self._committed()}
        return self._records

    def _put(self, record_id: str, key: str, part: dict[str, Any]) -> None:
        self._load().setdefault(record_id, {})[key] = part
        self._dirty.add(record_id)

    def add(self, paper: Paper) -> None:
        entry = facts_entry(paper)
        if entry is None:
            return
        key = paper.source.sha256
        mods = set().union(*(modifications_of(p) for p in entry["passages"]))
        for mod in sorted(mods):
            about = [p for p in entry["passages"] if mod in modifications_of(p)]
            self._put(f"{MOD_PREFIX}:{mod}", key, {**entry, "passages": about})
        year = str(paper.date.year) if paper.date else "undated"
        citing = [p for p in entry["passages"] if p["cites"]]
        if citing:
            self._put(f"{CITES_PREFIX}:{year}", key, {**entry, "passages": citing})

    def delete(self, key: str) -> None:
        for record_id, entries in self._load().items():
            if entries.pop(key, None) is not None:
                self._dirty.add(record_id)

    def changed_records(self) -> list[Record]:
        """The records changed since the last call (an emptied one is written empty)."""
        records = self._load()
        out = [
            {"id": record_id, "kind": FACTS_KIND, "facts": payload(records[record_id])}
            for record_id in sorted(self._dirty)
        ]
        self._dirty.clear()
        return out

    def forget(self) -> None:
        """Drop uncommitted changes (the writer was cancelled): read again at the next change."""
        self._records = None
        self._dirty.clear()
