"""Papers, entities, the glossary and index statistics: what the index holds, not what matches."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from .. import index
from ..errors import QueryError
from ..index import Index
from ..models import ENTITY_TYPES
from .results import (
    EntityStat,
    EntityTable,
    Glossary,
    GlossaryEntry,
    GlossaryForm,
    IndexStats,
    PaperOutline,
    PaperOutlines,
)
from .search import norm


def show(ix: Index, ref: str) -> PaperOutlines:
    """The outline of the paper(s) with this reference (a reference can be reused by versions)."""
    docs = index.papers_by_ref(ix, ref) or index.papers_by_ref(ix, ref.upper())
    if not docs:
        refs = sorted({d.get("ref", "") for d in index.documents(ix, "paper")} - {""})
        close = difflib.get_close_matches(ref.upper(), refs, n=1)
        hint = f"did you mean {close[0]}?" if close else "`secsearch stats` shows what is indexed"
        raise QueryError(f"no paper {ref} in the index", hint=hint)
    outlines = [PaperOutline.model_validate(_outline_fields(d["outline"])) for d in docs]
    return PaperOutlines(papers=sorted(outlines, key=lambda o: (o.date or dt.date.min, o.source)))


def _outline_fields(outline: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in outline.items() if k in PaperOutline.model_fields}


def entities(ix: Index, *, entity_type: str | None = None) -> EntityTable:
    """Canonical entity values with passage counts and first/last paper and date."""
    types: tuple[str, ...] = ENTITY_TYPES
    if entity_type:
        wanted = entity_type.upper().replace("-", "_")
        if wanted not in types:
            raise QueryError(
                f"unknown entity type {entity_type!r}", hint="one of: " + ", ".join(types)
            )
        types = (wanted,)
    stats = [
        EntityStat(
            type=e.type,
            value=e.value,
            passages=e.passages,
            first_ref=e.first.get("ref") or None,
            first_date=e.first.get("date"),
            last_ref=e.last.get("ref") or None,
            last_date=e.last.get("date"),
        )
        for e in index.entity_values(ix, types)
    ]
    return EntityTable(entities=sorted(stats, key=lambda s: (s.type, -s.passages, s.value)))


def glossary(ix: Index, acronym: str | None = None) -> Glossary:
    """Acronyms with each expansion used for them, and the first and last paper using it."""
    docs = index.documents(ix, "acro")
    if acronym:
        wanted = [d for d in docs if d["acro"] == acronym] or [
            d for d in docs if d["acro"].casefold() == acronym.casefold()
        ]
        if not wanted:
            close = difflib.get_close_matches(acronym, sorted({d["acro"] for d in docs}), n=1)
            hint = f"did you mean {close[0]}?" if close else "`secsearch glossary` lists them all"
            raise QueryError(f"no acronym {acronym} in the glossary", hint=hint)
        docs = wanted
    entries: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for d in sorted(docs, key=lambda d: (d.get("day") or 0, d.get("ref", ""))):
        entries.setdefault(d["acro"], {}).setdefault(norm(d["long"]), []).append(d)
    return Glossary(
        entries=[
            GlossaryEntry(short=short, forms=[_form(uses) for uses in forms.values()])
            for short, forms in sorted(entries.items(), key=lambda kv: kv[0].casefold())
        ]
    )


def _form(uses: list[dict[str, Any]]) -> GlossaryForm:
    first, last = uses[0], uses[-1]
    return GlossaryForm(
        long=first["long"],
        papers=len({u["paper_key"] for u in uses}),
        first_ref=first.get("ref") or None,
        first_date=first.get("date"),
        last_ref=last.get("ref") or None,
        last_date=last.get("date"),
    )


def stats(ix: Index) -> IndexStats:
    """Papers, pages, passages, years covered and size on disk."""
    papers = index.documents(ix, "paper")
    years = [d["year"] for d in papers if d.get("year")]
    return IndexStats(
        papers=len(papers),
        pages=sum(d["outline"]["page_count"] for d in papers),
        passages=index.passage_count(ix),
        first_year=min(years, default=None),
        last_year=max(years, default=None),
        size_bytes=ix.size_on_disk(),
    )
