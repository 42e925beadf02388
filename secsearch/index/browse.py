"""Reads for browsing one paper: its stored passages in reading order, and papers by content hash.

Pages of matches (offset, order, a restriction to some papers, counts per committee) are
`search.find`'s; this module only adds what a paper's own page needs. `paper_passages` reads
through the searcher's `documents`, which both engines give; the prefix lookup has a tantivy
version in `tantivy_search.py`.
"""

from __future__ import annotations

from whoosh import query

from ..policy import UNKNOWN_RANK
from .records import Record
from .search import Filters
from .store import Index


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
    if ix.backend == "tantivy":
        from . import tantivy_search

        return tantivy_search.papers_by_key(ix, key_prefix)
    with ix.reading() as s:
        q = query.And([query.Term("kind", "paper"), query.Prefix("paper_key", key_prefix)])
        return [dict(hit.fields()) for hit in s.search(q, limit=None)]
