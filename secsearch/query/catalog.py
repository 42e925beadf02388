"""Papers, entities, the glossary and index statistics: what the index holds, not what matches."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from .. import index
from ..errors import QueryError
from ..index import Filters, Index
from ..models import ENTITY_TYPES, FileFailure
from ..policy import UNKNOWN_RANK, label
from .citations import pdf_link
from .filters import typed
from .results import (
    EntityStat,
    EntityTable,
    Glossary,
    GlossaryEntry,
    GlossaryForm,
    IndexStats,
    OutlineSection,
    PaperList,
    PaperOutline,
    PaperOutlines,
    PaperRow,
)
from .search import level_of_rank, norm


def show(ix: Index, ref: str, filters: Filters = Filters()) -> PaperOutlines:  # noqa: B008
    """The outline of the paper(s) with this reference (a reference can be reused by versions),
    as far as the classification ceiling allows: sections and entity counts that come only from
    passages above it are left out, and a paper above it is not shown at all."""
    ref = typed(ref)
    docs = index.papers_by_ref(ix, ref) or index.papers_by_ref(ix, ref.upper())
    permitted = [d for d in docs if d.get("class_rank", UNKNOWN_RANK) <= filters.max_rank]
    if docs and not permitted:
        level = label(level_of_rank(min(d.get("class_rank", UNKNOWN_RANK) for d in docs)))
        raise QueryError(
            f"paper {ref} is classified {level}, above the {filters_label(filters)} shown",
            hint=f"use --max-classification {level.lower() if level != 'UNCLASSIFIED' else 'red'}"
            " to show it",
        )
    if not docs:
        shown = index.documents(ix, "paper", max_rank=filters.max_rank)
        refs = sorted({d.get("ref", "") for d in shown} - {""})
        close = difflib.get_close_matches(ref.upper(), refs, n=1)
        hint = f"did you mean {close[0]}?" if close else "`secsearch stats` shows what is indexed"
        raise QueryError(f"no paper {ref} in the index", hint=hint)
    outlines = [_outline(d["outline"], filters.max_rank) for d in permitted]
    return PaperOutlines(papers=sorted(outlines, key=lambda o: (o.date or dt.date.min, o.source)))


def papers(ix: Index, filters: Filters = Filters()) -> PaperList:  # noqa: B008
    """Every indexed paper at or below the ceiling, in date order, within the date range and
    (if given) holding a section of one of the committees."""
    rows: list[PaperRow] = []
    for d in index.documents(ix, "paper", max_rank=filters.max_rank):
        outline = d["outline"]
        day = d.get("day") or 0
        if filters.day_from is not None and day < filters.day_from:
            continue
        if filters.day_to is not None and (not day or day > filters.day_to):
            continue
        permitted = [
            s
            for s in outline.get("sections", [])
            if s.get("class_rank", UNKNOWN_RANK) <= filters.max_rank
        ]
        committees = list(dict.fromkeys(c for s in permitted for c in s.get("committees", [])))
        if filters.committees and not set(filters.committees) & set(committees):
            continue
        rows.append(
            PaperRow(
                ref=outline.get("ref"),
                date=outline.get("date"),
                title=outline.get("title", ""),
                committees=committees,
                classification=outline.get("classification"),
                pages=outline.get("page_count", 0),
                path=outline.get("source", ""),
            )
        )
    rows.sort(key=lambda r: (r.date or dt.date.min, r.ref or "", r.path))
    return PaperList(papers=rows)


def pdf_to_open(
    ix: Index,
    target: str,
    *,
    page: int | None = None,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
) -> str:
    """The file:// link, at the page, of a hit (by id) or a paper (by reference); QueryError
    when there is none, or when it is above the classification ceiling."""
    target = typed(target).strip()
    if ":" in target:
        record = index.record_by_id(ix, target)
        if record is None or record.get("kind") != "passage":
            raise QueryError(f"no passage {target} in the index", hint=OPEN_HINT)
        if record.get("class_rank", UNKNOWN_RANK) > filters.max_rank:
            raise QueryError(
                f"passage {target} is above the {filters_label(filters)}",
                hint="use --max-classification red to open it",
            )
        pages = record.get("pages") or [1]
        return pdf_link(record.get("source", ""), page or pages[0])
    paper = show(ix, target, filters).papers[-1]  # the newest under that reference
    return pdf_link(paper.source, page or 1)


OPEN_HINT = "give a hit id from `search --format json` (`id`) or a paper reference"


def filters_label(filters: Filters) -> str:
    return f"{label(level_of_rank(filters.max_rank))} ceiling"


def _outline(stored: dict[str, Any], max_rank: int) -> PaperOutline:
    """A stored outline cut to what the ceiling allows."""
    fields = {k: v for k, v in stored.items() if k in PaperOutline.model_fields}
    fields["sections"] = [
        {k: v for k, v in s.items() if k in OutlineSection.model_fields}
        for s in stored.get("sections", [])
        if s.get("class_rank", UNKNOWN_RANK) <= max_rank
    ]
    counts: dict[str, dict[str, int]] = {}
    for rank, by_type in stored.get("entity_counts_by_rank", {}).items():
        if int(rank) > max_rank:
            continue
        for etype, values in by_type.items():
            merged = counts.setdefault(etype, {})
            for value, n in values.items():
                merged[value] = merged.get(value, 0) + n
    fields["entity_counts"] = counts
    return PaperOutline.model_validate(fields)


def entities(
    ix: Index,
    *,
    entity_type: str | None = None,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
) -> EntityTable:
    """Canonical entity values with passage counts and first/last paper and date."""
    types: tuple[str, ...] = ENTITY_TYPES
    if entity_type:
        entity_type = typed(entity_type)
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
        for e in index.entity_values(ix, types, filters=filters)
    ]
    return EntityTable(entities=sorted(stats, key=lambda s: (s.type, -s.passages, s.value)))


def glossary(
    ix: Index,
    acronym: str | None = None,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
) -> Glossary:
    """Acronyms with each expansion permitted passages define, and the first and last paper
    defining it."""
    docs = index.documents(ix, "acro", max_rank=filters.max_rank)
    if acronym:
        acronym = typed(acronym)
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


def stats(ix: Index, filters: Filters = Filters()) -> IndexStats:  # noqa: B008
    """Papers, pages and passages at or below the ceiling, years covered, size on disk, how many
    passages the ceiling holds back, and the files of papers that state no classification.
    Cached per commit and ceiling: a web page asks for it at every visit."""
    return ix.cached("stats", filters, lambda: _stats(ix, filters))


def _stats(ix: Index, filters: Filters) -> IndexStats:
    every = index.documents(ix, "paper")
    papers = [d for d in every if d.get("class_rank", UNKNOWN_RANK) <= filters.max_rank]
    years = [d["year"] for d in papers if d.get("year")]
    shown = index.passage_count(ix, filters)
    return IndexStats(
        papers=len(papers),
        pages=sum(d["outline"]["page_count"] for d in papers),
        passages=shown,
        first_year=min(years, default=None),
        last_year=max(years, default=None),
        size_bytes=ix.size_on_disk(),
        held_back=index.passage_count(ix, filters.any_level()) - shown,
        ceiling=level_of_rank(filters.max_rank),
        unclassified=sorted(
            d["outline"]["source"] for d in every if not d["outline"].get("classification")
        ),
        failed=sorted(
            (
                FileFailure(path=d["path"], reason=d["reason"])
                for d in index.documents(ix, "failure")
            ),
            key=lambda f: f.path,
        ),
    )
