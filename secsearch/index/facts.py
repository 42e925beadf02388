"""A paper's modification facts as one flat index record (engine-free, like `records.py`).

What `history`, `modifications` and `refs` need is written at ingest time, so they read no PDF
and no passage text: for each passage that names a modification, cites another paper or states
a modification fact, the record keeps its id, position, classification rank, committees,
headings and pages (for citations), the ids it names, the references it cites, and its events,
titles and SEC changes. Keyword fields `facts_mods` and `facts_cites` find the papers about a
modification or citing a reference.

Each passage keeps its own classification: a query must leave out what comes only from passages
above its level. A passage whose classification is unknown counts as Red (rank 3).
"""

from __future__ import annotations

from ..models import Classification, Paper, Passage, Section
from .records import Record, _paper_fields, heading_label, passage_classification

FACTS_KIND = "facts"
UNKNOWN_RANK = Classification.RED.rank


def _passage_facts(paper: Paper, seq: int, path: list[Section], passage: Passage) -> Record | None:
    named = sorted({e.value for e in passage.entities if e.type == "MODIFICATION"})
    cites = sorted({e.value for e in passage.entities if e.type == "PAPER_REF"} - {paper.ref})
    facts = passage.modification_facts
    if not (named or cites or facts):
        return None
    cls = passage_classification(paper, passage)
    return {
        "id": f"{paper.source.sha256[:20]}:{seq}",
        "seq": seq,
        "rank": cls.rank if cls else UNKNOWN_RANK,
        "classification": cls.value if cls else "",
        "committees": list(path[-1].committees) if path else [],
        "section": " › ".join(heading_label(s) for s in path),
        "headings": [[(s.number or "").rstrip(".") or None, s.title] for s in path],
        "pages": list(passage.pages),
        "mods": named,
        "cites": cites,
        "events": [e.model_dump(mode="json") for e in facts.events] if facts else [],
        "titles": [[t.modification, t.title] for t in facts.titles] if facts else [],
        "changes": [[c.modification, c.sec_ref] for c in facts.sec_changes] if facts else [],
    }


def facts_record(paper: Paper) -> Record | None:
    """The paper's facts record; None when no passage names a modification or cites a paper."""
    passages = [
        found
        for seq, (path, passage) in enumerate(paper.all_passages())
        if (found := _passage_facts(paper, seq, path, passage)) is not None
    ]
    if not passages:
        return None
    mods = {m for p in passages for m in p["mods"]}
    mods |= {e["modification"] for p in passages for e in p["events"]}
    mods |= {m for p in passages for m, _ in p["titles"] + p["changes"]}
    cites = {c for p in passages for c in p["cites"]}
    base = {k: v for k, v in _paper_fields(paper).items() if v is not None}
    record: Record = {
        **base,
        "id": f"{FACTS_KIND}:{paper.source.sha256}",
        "kind": FACTS_KIND,
        "facts": {"passages": passages},
    }
    if mods:
        record["facts_mods"] = ",".join(sorted(mods))
    if cites:
        record["facts_cites"] = ",".join(sorted(cites))
    return record
