"""Browsing the index a page at a time: results in pages and orders, counts per committee, the
papers listed, one paper's passages, and the PDF a paper was read from.

What a web page (or any caller that shows a slice of many results) needs beside `search.search`
and `search.mentions`, answered by the same parts: the same query expansion and id resolution,
the same filters and classification ceiling, the same hits and citations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import Field

from .. import index
from ..errors import QueryError
from ..index import Filters, Index
from ..index.browse import paper_passages, papers_by_key
from ..models import Classification, Hit, Model
from ..policy import UNKNOWN_RANK, label, permits
from .catalog import _outline, show
from .citations import counts_by_year, hit_from_record
from .filters import typed
from .results import Gated, PaperOutline, SearchResult
from .results import Sort as Order
from .search import level_of_rank, mentions, search

ORDERS: tuple[Order, ...] = ("relevance", "date", "-date")

__all__ = [
    "ORDERS",
    "Order",
    "PaperList",
    "PaperPassages",
    "PaperSummary",
    "ResultPage",
    "find_passages",
    "paper_pdf",
    "paper_with_passages",
    "papers",
    "pdf_level",
    "year_span",
]


class ResultPage(SearchResult):
    """One page of a search or of an id's mentions: `hits` are the matches from `offset` on,
    and `by_committee` counts every permitted match per committee."""

    offset: int = Field(description="how many matches come before the first hit shown")
    sort: Order


def find_passages(
    ix: Index,
    *,
    query: str | None = None,
    ident: str | None = None,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    papers: tuple[str, ...] = (),
    sort: Order | None = None,
    offset: int = 0,
    limit: int | None = 10,
    snippets: bool = True,
) -> ResultPage:
    """A page of what `search(query)` or `mentions(ident)` answers, in the papers with the
    references `papers` if given, with counts per committee.

    `sort` is "relevance", "date" (oldest first) or "-date" (newest first); by default a query is
    sorted by relevance and mentions oldest first.
    """
    if (query is None) == (ident is None):
        raise ValueError("give either query or ident")
    order: Order = sort or ("relevance" if query is not None else "date")
    common: dict[str, Any] = dict(
        filters=filters, limit=limit, snippets=snippets, facets=True, offset=offset, papers=papers
    )
    if query is not None:
        result = search(ix, query, sort=order, **common)
    else:
        result = mentions(ix, ident or "", sort=order, **common)
    return ResultPage(
        **result.model_dump(exclude={"by_committee"}),
        by_committee=result.by_committee or {},
        offset=offset,
        sort=order,
    )


# --------------------------------------------------------------------------- papers


class PaperSummary(Model):
    """One paper as a list shows it; `key` is its content's sha256 (a reference can repeat)."""

    key: str
    ref: str | None
    title: str
    date: dt.date | None
    action: str | None
    classification: Classification | None
    page_count: int
    committees: list[str] = Field(description="committees of the sections shown")
    passages: int = Field(description="passages at or below the ceiling")


class PaperList(Gated):
    """Papers at or below the ceiling, newest first; `held_back` counts the papers above it."""

    papers: list[PaperSummary]
    by_year: dict[str, int]


def papers(
    ix: Index,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
) -> PaperList:
    """Every paper at or below the ceiling that falls within the filters' dates and committees
    (a paper belongs to the committees of the sections shown), newest first."""

    def build() -> tuple[list[PaperSummary], int]:
        every = index.documents(ix, "paper")
        shown = [d for d in every if d.get("class_rank", UNKNOWN_RANK) <= filters.max_rank]
        summaries = [_summary(d, filters.max_rank) for d in shown]
        summaries.sort(key=lambda p: (p.date or dt.date.min, p.ref or "", p.key), reverse=True)
        return summaries, len(every) - len(shown)

    every_shown, held_back = ix.cached("paper_list", filters.max_rank, build)
    listed = [p for p in every_shown if _within(p, filters)]
    years = counts_by_year(Counter(p.date.year * 10000 if p.date else 0 for p in listed))
    return PaperList(
        papers=listed, by_year=years, held_back=held_back, ceiling=level_of_rank(filters.max_rank)
    )


def _summary(doc: dict[str, Any], max_rank: int) -> PaperSummary:
    outline = _outline(doc["outline"], max_rank)
    sections = doc["outline"].get("sections", [])
    permitted = [s for s in sections if s.get("class_rank", UNKNOWN_RANK) <= max_rank]
    committees = dict.fromkeys(c for s in outline.sections for c in s.committees)
    return PaperSummary(
        key=doc["paper_key"],
        ref=outline.ref,
        title=outline.title,
        date=outline.date,
        action=outline.action,
        classification=outline.classification,
        page_count=outline.page_count,
        committees=list(committees),
        passages=sum(s.get("passages", 0) for s in permitted),
    )


def _within(paper: PaperSummary, filters: Filters) -> bool:
    day = paper.date.year * 10000 + paper.date.month * 100 + paper.date.day if paper.date else None
    if filters.day_from is not None and (day is None or day < filters.day_from):
        return False
    if filters.day_to is not None and (day is None or day > filters.day_to):
        return False
    return not filters.committees or bool(set(filters.committees) & set(paper.committees))


class PaperPassages(Model):
    """One paper: its outline and every passage under the ceiling, in reading order."""

    key: str
    outline: PaperOutline
    passages: list[Hit]
    pdf_classification: Classification | None = Field(
        description="the most restrictive level of anything in the PDF: the paper's, its "
        "sections' and its attachments'; None when unknown (handled as Red)"
    )


def paper_with_passages(
    ix: Index,
    ident: str,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
) -> list[PaperPassages]:
    """The paper(s) with reference `ident` (as `show` finds and gates them), or the paper whose
    sha256 starts with `ident`, each with its passages under the ceiling."""
    ident = typed(ident).strip()
    by_key = papers_by_key(ix, ident) if not index.papers_by_ref(ix, ident) else []
    if by_key:
        docs = [d for d in by_key if d.get("class_rank", UNKNOWN_RANK) <= filters.max_rank]
        if not docs:
            shown = label(level_of_rank(filters.max_rank))
            raise QueryError(
                f"paper {ident} is classified above the {shown} ceiling shown",
                hint="choose a higher classification to show it",
            )
    else:
        outlines = show(ix, ident, filters)  # raises as `show` does: unknown, or above the ceiling
        sources = {o.source for o in outlines.papers}
        docs = [
            d
            for d in index.papers_by_ref(ix, ident) or index.papers_by_ref(ix, ident.upper())
            if d["outline"]["source"] in sources
            and d.get("class_rank", UNKNOWN_RANK) <= filters.max_rank
        ]
    docs.sort(key=lambda d: (d.get("date") or "", d["outline"]["source"]))
    return [
        PaperPassages(
            key=d["paper_key"],
            outline=_outline(d["outline"], filters.max_rank),
            passages=[hit_from_record(r) for r in paper_passages(ix, d["paper_key"], filters)],
            pdf_classification=pdf_level(d),
        )
        for d in docs
    ]


def pdf_level(doc: dict[str, Any]) -> Classification | None:
    """The most restrictive level of anything a paper's PDF holds (None: unknown)."""
    outline = doc["outline"]
    ranks = [doc.get("class_rank", UNKNOWN_RANK)]
    ranks += [s.get("class_rank", UNKNOWN_RANK) for s in outline.get("sections", [])]
    ranks += [
        Classification(a["classification"]).rank if a.get("classification") else UNKNOWN_RANK
        for a in outline.get("attachments", [])
    ]
    top = max(ranks)
    if top >= UNKNOWN_RANK and not outline.get("classification"):
        return None
    return level_of_rank(top)


def paper_pdf(ix: Index, key: str, ceiling: Classification) -> Path:
    """The PDF an indexed paper (`key`: its sha256) was read from, if everything in it may be
    shown under `ceiling` and the file still holds the content that was indexed.

    Only files the index holds can be named, and only by their content's hash: no path a caller
    gives is ever opened.
    """
    key = key.lower()
    docs = papers_by_key(ix, key) if len(key) == 64 else []
    doc = next((d for d in docs if d["paper_key"] == key), None)
    if doc is None:
        raise QueryError(f"no indexed PDF with the key {key[:64]!r}")
    level = pdf_level(doc)
    if not permits(level, ceiling):
        raise QueryError(
            f"the PDF of {doc.get('ref') or 'this paper'} holds {label(level)} text, above the "
            f"{label(ceiling)} ceiling",
            hint="tick \u201cinclude classified\u201d and choose a higher classification",
        )
    path = Path(doc["outline"]["source"])
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        raise QueryError(
            f"the PDF of {doc.get('ref') or 'this paper'} is no longer at {path} "
            f"({e.strerror or type(e).__name__})",
            hint="run `secsearch ingest` again, from the folder the corpus was ingested from",
        ) from None
    if digest != key:
        raise QueryError(
            f"the PDF at {path} has changed since it was indexed",
            hint="run `secsearch ingest` to index the new version",
        )
    return path


def year_span(by_year: dict[str, int]) -> list[tuple[str, int]]:
    """Counts per year with the years between filled with zeros; 'undated' last if present."""
    years = sorted(int(y) for y in by_year if y.isdigit())
    counts = Counter(by_year)
    out = [(str(y), counts.get(str(y), 0)) for y in range(years[0], years[-1] + 1)] if years else []
    if by_year.get("undated"):
        out.append(("undated", by_year["undated"]))
    return out
