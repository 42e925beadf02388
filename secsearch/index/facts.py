"""Papers' modification facts and citations as index records (engine-free, like `records.py`).

What `history`, `modifications` and `refs` need is written at ingest time, so they read no PDF
and no passage text. For each passage that names a modification, cites another paper or states
a modification fact, a paper's entry keeps its id, classification (unknown counts as Red),
committees, headings and pages (for citations), the ids it names, the references it cites, and
its events, titles and SEC changes.

A passage is stored as a flat tuple of strings (`PASSAGE_FIELDS`). The entries are grouped into
few records, because Whoosh spends some 100 µs on each stored
document it returns (for 3,000 papers, reading one record per paper took most of a second):

- `facts:MP067`: one per modification, the passages about it in every paper (history reads one);
- `cites:2019`: one per paper year, the passages that cite other papers (refs of a paper).

Each record's payload is one pickled blob (protocol 5; Whoosh stores bytes as they are), read in
a few milliseconds. The writer keeps the records in memory (`FactsParts`), changes them as papers
are added and deleted, and writes the changed ones in the same commit as the papers, so the
records always match the passages.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from typing import Any

from ..models import ModificationFacts, Paper, Passage, Section
from .records import Record, _day, passage_classification

FACTS_KIND = "facts"
MOD_PREFIX, CITES_PREFIX = "facts", "cites"
# paper key (sha256) → that paper's part of a record: {ref, title, date, day, passages}
Entries = dict[str, dict[str, Any]]
# A stored passage is a flat tuple of strings, in this order: lists joined by commas; titles and
# `steps` (each event's modification, kind, outcome or assessment detail, date and release: what
# the catalogue needs)
# as fields joined by UNIT between records joined by RECORD; headings, events and SEC changes as
# JSON ("" when empty). Unpickling thousands of them then makes few objects for the cyclic
# garbage collector to walk (the dicts and lists of each passage cost a full collection on the
# first query of a process), and the catalogue splits strings instead of decoding JSON.
PASSAGE_FIELDS = (
    "id",
    "classification",
    "committees",
    "headings",
    "pages",
    "mods",
    "cites",
    "events",
    "titles",
    "changes",
    "steps",
)
UNIT, RECORD = "\x1f", "\x1e"
StoredPassage = tuple[str, ...]


def _json(value: list[Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""


def _joined(records: list[tuple[str, ...]]) -> str:
    return RECORD.join(UNIT.join(fields) for fields in records)


def _iso(day: Any) -> str:
    return day.isoformat() if day else ""


def _passage_facts(
    paper: Paper, seq: int, path: list[Section], passage: Passage
) -> tuple[StoredPassage, set[str]] | None:
    """A passage as stored, and the modifications it is about; None when it holds nothing."""
    named = sorted({e.value for e in passage.entities if e.type == "MODIFICATION"})
    cites = sorted({e.value for e in passage.entities if e.type == "PAPER_REF"} - {paper.ref})
    facts = passage.modification_facts or ModificationFacts()
    if not (named or cites or facts.events or facts.titles or facts.sec_changes):
        return None
    cls = passage_classification(paper, passage)
    stored = (
        f"{paper.source.sha256[:20]}:{seq}",
        cls.value if cls else "",
        ",".join(path[-1].committees) if path else "",
        _json([[(s.number or "").rstrip(".") or None, s.title] for s in path]),
        ",".join(str(n) for n in passage.pages),
        ",".join(named),
        ",".join(cites),
        _json([e.model_dump(mode="json", exclude_none=True) for e in facts.events]),
        _joined([(t.modification, t.title) for t in facts.titles]),
        _json([[c.modification, c.sec_ref] for c in facts.sec_changes]),
        _joined(
            [
                (e.modification, e.kind, e.outcome or e.detail or "", _iso(e.date), e.release or "")
                for e in facts.events
            ]
        ),
    )
    about = (
        set(named)
        | {e.modification for e in facts.events}
        | {t.modification for t in facts.titles}
        | {c.modification for c in facts.sec_changes}
    )
    return stored, about


def _paper_part(paper: Paper, passages: list[StoredPassage]) -> dict[str, Any]:
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
        found = [
            facts
            for seq, (path, passage) in enumerate(paper.all_passages())
            if (facts := _passage_facts(paper, seq, path, passage)) is not None
        ]
        key = paper.source.sha256
        for mod in sorted(set().union(*(about for _, about in found))):
            passages = [stored for stored, about in found if mod in about]
            self._put(f"{MOD_PREFIX}:{mod}", key, _paper_part(paper, passages))
        citing = [stored for stored, _ in found if stored[PASSAGE_FIELDS.index("cites")]]
        if citing:
            year = str(paper.date.year) if paper.date else "undated"
            self._put(f"{CITES_PREFIX}:{year}", key, _paper_part(paper, citing))

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
