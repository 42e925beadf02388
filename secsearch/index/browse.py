"""Reads for browsing: a page of matches in an order, counts per committee, a paper's passages.

`find_page` is `search.find` with what a page of results needs besides: an offset, an order by
date as well as by relevance, a restriction to some papers, and the permitted matches counted per
committee. It shares `find`'s parts (parsing, filters, the classification gate, snippets), so both
answer the same matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from whoosh import query, sorting
from whoosh.searching import Searcher

from ..policy import UNKNOWN_RANK
from .parse import WordExpander, parse_query
from .records import Record
from .search import (
    _OLDEST_FIRST,
    _RELEVANCE,
    Filters,
    Found,
    _filter_docs,
    _search_counting,
    entity_query,
    snippet,
)
from .store import Index

Order = Literal["relevance", "date", "-date"]
ORDERS: tuple[Order, ...] = ("relevance", "date", "-date")

_NEWEST_FIRST = sorting.MultiFacet(
    [sorting.FieldFacet("day", reverse=True), sorting.FieldFacet("ref"), sorting.FieldFacet("seq")]
)
_FACETS: dict[str, Any] = {"relevance": _RELEVANCE, "date": _OLDEST_FIRST, "-date": _NEWEST_FIRST}


@dataclass
class FoundPage(Found):
    """One page of matches (`docs`, from `offset`), with every permitted match counted per
    committee as well as by day."""

    offset: int = 0
    by_committee: dict[str, int] = field(default_factory=dict)


def find_page(
    ix: Index,
    text: str | None,
    *,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    offset: int = 0,
    limit: int | None = 10,
    order: Order = "relevance",
    expand: WordExpander | None = None,
    entities: Iterable[tuple[str, str]] = (),
    papers: tuple[str, ...] = (),
    snippets: bool = True,
) -> FoundPage:
    """Passages matching a query string or any of the given entity values, the `limit` from
    `offset` in `order` ("date": oldest first, "-date": newest first), only in the papers with
    the references `papers` when given.

    Only the shown documents are loaded and highlighted; every permitted match contributes its
    day and its committees, and matches above the classification ceiling are only counted.
    """
    with ix.reading() as s:
        q = parse_query(s, text, expand) if text is not None else entity_query(entities)
        candidates = _filter_docs(ix, s, filters.any_level())
        permitted = _filter_docs(ix, s, filters)
        if papers:
            only = _paper_docs(ix, s, papers)
            candidates, permitted = candidates & only, permitted & only
        wanted = None if limit is None else offset + limit
        matched, permitted_matches, results = _search_counting(
            s, q, candidates, permitted, wanted, _FACETS[order]
        )
        days_col = s.reader().column_reader("day")
        docs = []
        for hit in list(results)[offset:]:
            doc = dict(hit.fields())
            doc["score"] = -float(hit.score[0]) if order == "relevance" else 0.0
            if snippets:
                doc["snippet"] = snippet(ix, s, q, doc)
            docs.append(doc)
        return FoundPage(
            total=len(permitted_matches),
            days=[days_col[d] or None for d in permitted_matches],
            docs=docs,
            held_back=matched - len(permitted_matches),
            offset=offset,
            by_committee=_count_by_committee(ix, s, permitted_matches),
        )


def _paper_docs(ix: Index, s: Searcher, refs: tuple[str, ...]) -> set[int]:
    """Document numbers of the passages of the papers with these references, cached per commit."""
    q = query.Or([query.Term("ref", r) for r in refs])
    return ix.cached("paper_docs", refs, lambda: set(s.docs_for_query(q)))


def _committee_docs(ix: Index, s: Searcher) -> dict[str, frozenset[int]]:
    """Each committee code the index holds → the documents of its passages, cached per commit."""

    def build() -> dict[str, frozenset[int]]:
        r = s.reader()
        if "committees" not in s.schema:
            return {}
        out: dict[str, frozenset[int]] = {}
        for raw in r.lexicon("committees"):
            code = raw.decode() if isinstance(raw, bytes) else raw
            out[code] = frozenset(r.postings("committees", code).all_ids())
        return out

    return ix.cached("committee_docs", None, build)


def _count_by_committee(ix: Index, s: Searcher, docnums: list[int]) -> dict[str, int]:
    """Matches per committee, most first (a passage of two committees counts for both)."""
    matches = set(docnums)
    counts = {code: len(docs & matches) for code, docs in _committee_docs(ix, s).items() if docs}
    return dict(sorted(((c, n) for c, n in counts.items() if n), key=lambda cn: (-cn[1], cn[0])))


def paper_passages(ix: Index, paper_key: str, filters: Filters = Filters()) -> list[Record]:  # noqa: B008
    """The stored passages of one paper (by its sha256) under the ceiling, in reading order."""
    with ix.reading() as s:
        docs = [dict(d) for d in s.documents(kind="passage", paper_key=paper_key)]
    shown = [d for d in docs if d.get("class_rank", UNKNOWN_RANK) <= filters.max_rank]
    return sorted(shown, key=lambda d: d.get("seq", 0))


def papers_by_key(ix: Index, key_prefix: str) -> list[Record]:
    """Every paper whose sha256 starts with `key_prefix` (at least 12 hex digits)."""
    key_prefix = key_prefix.lower()
    if len(key_prefix) < 12 or any(c not in "0123456789abcdef" for c in key_prefix):
        return []
    with ix.reading() as s:
        q = query.And([query.Term("kind", "paper"), query.Prefix("paper_key", key_prefix)])
        return [dict(hit.fields()) for hit in s.search(q, limit=None)]
