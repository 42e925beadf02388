"""Reading the index: matching passages with counts, snippets, suggestions, stored documents.

Every function takes an open `Index` (store.py) and uses its searcher and caches; nothing here
keeps state of its own.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from typing import Any

from whoosh import collectors, query
from whoosh.searching import Searcher

from ..models import ENTITY_TYPES
from ..policy import UNKNOWN_RANK
from .analysis import shown_score
from .parse import WordExpander
from .reads import MAX_SUGGESTED_WORD, SAME_PREFIX, EntityValue, Filters, Found, match_of
from .records import Record, entity_field
from .schema import SPELLING_FIELD, is_identifier
from .snippets import snippet
from .store import Index
from .whoosh_columns import whole_numeric_column
from .whoosh_query import to_whoosh


def _filter_query(f: Filters) -> Any:
    parts: list[Any] = [query.Term("kind", "passage")]
    if f.day_from is not None or f.day_to is not None:
        parts.append(query.NumericRange("day", f.day_from, f.day_to))
    if f.committees:
        parts.append(query.Or([query.Term("committees", c) for c in f.committees]))
    if f.max_rank < UNKNOWN_RANK:
        parts.append(query.NumericRange("class_rank", None, f.max_rank))
    return query.And(parts) if len(parts) > 1 else parts[0]


# Orders: relevance (the score as shown, then newest paper first, then reference, then reading
# order), date (oldest first) or -date (newest first), both then by reference and reading order.
# Ties are broken so that order never depends on where a document sits in the index (a re-ingest
# moves it). Keys are negated where the order is descending.
ORDERS = ("relevance", "date", "-date")


def find(
    ix: Index,
    text: str | None,
    *,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    limit: int | None = 10,
    expand: WordExpander | None = None,
    entities: Iterable[tuple[str, str]] = (),
    order: str = "relevance",
    snippets: bool = True,
    facets: bool = False,
    offset: int = 0,
    papers: tuple[str, ...] = (),
) -> Found:
    """Passages matching a query string, or the given entity values, or either.

    `order`: relevance (ties newest first), date (oldest first) or -date (newest first). Only
    the `limit` shown documents from `offset` on are loaded and highlighted; every permitted
    match contributes its day (and, with `facets`, its committees), and matches above the
    classification ceiling are only counted. `papers`: only the passages of the papers with
    these references.
    """
    if ix.backend == "tantivy":
        from . import tantivy_search

        return tantivy_search.find(
            ix,
            text,
            filters=filters,
            limit=limit,
            expand=expand,
            entities=entities,
            order=order,
            snippets=snippets,
            facets=facets,
            offset=offset,
            papers=papers,
        )
    with ix.reading() as s:
        m = match_of(text, expand, list(entities))
        q = to_whoosh(m, s.reader())
        candidates = _filter_docs(ix, s, filters.any_level())
        if papers:
            candidates = candidates & _paper_docs(ix, s, papers)
        wanted = None if limit is None else offset + limit
        scored = order == "relevance" and limit != 0
        page = _PageCollector(
            candidates,
            _numbers(ix, s, "class_rank"),
            _numbers(ix, s, "day"),
            filters.max_rank,
            scored=scored,
        )
        s.search_with_collector(q, page)
        docs = []
        for docnum, score in page.first(wanted, order)[offset:]:
            doc = dict(s.stored_fields(docnum))
            doc["score"] = score
            if snippets:
                doc["snippet"] = snippet(m, doc)
            docs.append(doc)
        permitted_matches = page.docnums
        matched = page.matched
        return Found(
            total=len(permitted_matches),
            day_counts=dict(Counter(page.days)),
            docs=docs,
            held_back=matched - len(permitted_matches),
            by_committee=_committee_counts(ix, s, permitted_matches) if facets else None,
        )


def _paper_docs(ix: Index, s: Searcher, refs: tuple[str, ...]) -> set[int]:
    """Document numbers of the passages of the papers with these references, cached per commit."""
    q = query.Or([query.Term("ref", r) for r in refs])
    return ix.cached("paper_docs", refs, lambda: set(s.docs_for_query(q)), on=s)


def _committee_counts(ix: Index, s: Searcher, docnums: list[int]) -> dict[str, int]:
    """Matches per committee, most first: each committee's passages are read from its postings
    once per commit, and a query only intersects sets (a passage of two committees counts for
    both)."""
    matched = set(docnums)
    counts = {code: len(docs & matched) for code, docs in _committee_docs(ix, s).items()}
    return dict(sorted(((c, n) for c, n in counts.items() if n), key=lambda kv: (-kv[1], kv[0])))


def _committee_docs(ix: Index, s: Searcher) -> dict[str, frozenset[int]]:
    """Each committee code the index holds → the document numbers of its passages."""

    def build() -> dict[str, frozenset[int]]:
        reader = s.reader()
        out: dict[str, frozenset[int]] = {}
        for raw in reader.lexicon("committees"):
            code = raw.decode() if isinstance(raw, bytes) else raw
            out[code] = frozenset(reader.postings("committees", code).all_ids())
        return out

    return ix.cached("committee_docs", None, build, on=s)


class _PageCollector(collectors.Collector):  # type: ignore[misc]
    """One walk over a query's matches among `candidates`: every match counted, and of those at
    or below the classification ceiling the document number, day and (for relevance) shown
    score kept, read from columns and the matcher only. Ordering is then done on these plain
    lists (`first`): the reference and reading order, the last parts of every order's key, are
    read only for the hits that tie at the page's boundary, never for every match (Whoosh's
    sorting facets computed the whole key of each match in Python, which made broad terms
    several times slower than counting them)."""

    def __init__(
        self,
        candidates: set[int],
        ranks: list[int],
        days: list[int],
        max_rank: int,
        *,
        scored: bool,
    ) -> None:
        self.candidates = candidates
        self._ranks = ranks
        self._days = days
        self.max_rank = max_rank
        self.scored = scored
        self.matched = 0
        self.docnums: list[int] = []
        self.days: list[int] = []
        self.scores: list[float] = []

    def prepare(self, top_searcher: Any, q: Any, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.reader = top_searcher.reader()

    def collect_matches(self) -> None:
        allowed, ranks, days, offset = self.candidates, self._ranks, self._days, self.offset
        max_rank, matcher = self.max_rank, self.matcher
        docnums, day_list, scores = self.docnums, self.days, self.scores
        matched = 0
        ids = self._step_through_matches() if self.scored else matcher.all_ids()
        for sub_docnum in ids:
            docnum = offset + sub_docnum
            if docnum not in allowed:
                continue
            matched += 1
            if ranks[docnum] > max_rank:
                continue
            docnums.append(docnum)
            day_list.append(days[docnum] or 0)
            if self.scored:
                scores.append(shown_score(matcher.score()))
        self.matched += matched

    def collect(self, sub_docnum: int) -> None:  # every match goes through collect_matches
        raise NotImplementedError

    def sort_key(self, sub_docnum: int) -> None:
        raise NotImplementedError

    def first(self, wanted: int | None, order: str) -> list[tuple[int, float]]:
        """The first `wanted` kept matches in `order` (all with None), with their shown score
        (0 when not ordered by relevance)."""
        n = len(self.docnums)
        if wanted == 0 or n == 0:
            return []
        head: list[tuple[float, ...]]
        if order == "relevance":
            head = [(-sc, -day) for sc, day in zip(self.scores, self.days, strict=True)]
        elif order == "-date":
            head = [(-day,) for day in self.days]
        else:
            head = [(day,) for day in self.days]
        chosen: Iterable[int] = range(n)
        if wanted is not None and wanted < n:
            boundary = heapq.nsmallest(wanted, head)[-1]
            chosen = [i for i in range(n) if head[i] <= boundary]
        refs = self.reader.column_reader("ref")
        seqs = self.reader.column_reader("seq")
        keyed = sorted(
            (head[i], refs[self.docnums[i]] or "", seqs[self.docnums[i]] or 0, i) for i in chosen
        )
        top = keyed if wanted is None else keyed[:wanted]
        if order == "relevance":
            return [(self.docnums[i], self.scores[i]) for _, _, _, i in top]
        return [(self.docnums[i], 0.0) for _, _, _, i in top]


def _numbers(ix: Index, s: Searcher, name: str) -> list[int]:
    """A numeric column's value for every document number (as `column_reader` translates it),
    read once per commit: reading it match by match was most of the cost of a broad term."""
    return ix.cached("column", name, lambda: whole_numeric_column(s, name), on=s)


def _filter_docs(ix: Index, s: Searcher, filters: Filters) -> set[int]:
    """Document numbers passing the filters, cached per commit."""
    return ix.cached(
        "filters", filters, lambda: set(s.docs_for_query(_filter_query(filters))), on=s
    )


def suggest_word(ix: Index, word: str, filters: Filters = Filters()) -> str | None:  # noqa: B008
    """A close word that permitted passages use, for "did you mean"; None when there is none or
    when permitted passages use the word itself.

    Words are looked up as written (identifiers in the case-preserving `exact` field, other
    words lower-cased in the unstemmed spelling field), so a suggestion is never a stem. A word
    found only above the ceiling is treated exactly like an unknown one: the answer must not
    tell that restricted text holds it.
    """
    if not word or len(word) > MAX_SUGGESTED_WORD:
        return None
    if ix.backend == "tantivy":
        from . import tantivy_search

        return tantivy_search.suggest_word(ix, word, filters)
    with ix.reading() as s:
        r = s.reader()
        permitted = _filter_docs(ix, s, filters)
        identifier = is_identifier(word)
        field, probe = ("exact", word) if identifier else (SPELLING_FIELD, word.lower())
        if field not in s.schema:
            return None
        text_analyzer = s.schema["text"].analyzer

        def uses(term: str) -> int:
            """How many permitted passages use `term`. Whoosh's spelling field keeps the words,
            not reliably the documents, so an ordinary word is counted by its stem in `text`."""
            if identifier:
                looked_up, value = "exact", term
            else:
                stems = [t.text for t in text_analyzer(term, mode="query")]
                if not stems:
                    return 0
                looked_up, value = "text", stems[0]
            if not r.doc_frequency(looked_up, value):
                return 0
            return sum(1 for d in r.postings(looked_up, value).all_ids() if d in permitted)

        if uses(probe):
            return None
        # A one-letter slip first; two edits only for longer words, where they are plausible.
        # Close words keep the first letter (`SAME_PREFIX`): a walk of one letter's part of
        # the vocabulary, not all of it (on 3,000 papers a missing word cost ~100 ms).
        for distance in (1, 2) if len(probe) > 5 else (1,):
            near = r.terms_within(field, probe, distance, prefix=SAME_PREFIX)
            found = [(uses(t), t) for t in near if t != probe]
            found = [(n, t) for n, t in found if n]
            if found:
                return max(found)[1]
        return None


def documents(ix: Index, kind: str, *, max_rank: int | None = None) -> list[Record]:
    """Stored fields of every document of one kind (paper, acro, file); with `max_rank`, only
    those whose classification rank is at most that (papers and acronym definitions)."""
    if ix.backend == "tantivy":
        from . import tantivy_search

        docs = tantivy_search.documents(ix, kind)
    else:
        with ix.reading() as s:
            docs = [dict(d) for d in s.documents(kind=kind)]
    if max_rank is None:
        return docs
    return [d for d in docs if d.get("class_rank", UNKNOWN_RANK) <= max_rank]


def record_by_id(ix: Index, record_id: str) -> Record | None:
    """The stored record with this id (a passage's `sha256-prefix:seq`), or None."""
    if ix.backend == "tantivy":
        from . import tantivy_search

        return tantivy_search.record_by_id(ix, record_id)
    with ix.reading() as s:
        found = s.document(id=record_id)
    return dict(found) if found else None


def papers_by_ref(ix: Index, ref: str) -> list[Record]:
    """Every paper stored under a reference (a reference can be reused by versions)."""
    if ix.backend == "tantivy":
        from . import tantivy_search

        return tantivy_search.papers_by_ref(ix, ref)
    with ix.reading() as s:
        return [dict(d) for d in s.documents(kind="paper", ref=ref)]


def entity_values(
    ix: Index,
    entity_types: Iterable[str] = ENTITY_TYPES,
    *,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    counts: bool = True,
) -> list[EntityValue]:
    """Every canonical value of the given entity types that permitted passages hold, with its
    passage count and first/last permitted passage.

    With `counts=False` the counts are 0 and first/last empty.
    """
    if ix.backend == "tantivy":
        from . import tantivy_search

        return tantivy_search.entity_values(ix, entity_types, filters=filters, counts=counts)
    out: list[EntityValue] = []
    with ix.reading() as s:
        r = s.reader()
        permitted = _filter_docs(ix, s, filters)
        days_col = r.column_reader("day")
        for etype in entity_types:
            field = entity_field(etype)
            if field not in s.schema:
                continue
            for raw in r.lexicon(field):
                value = raw.decode() if isinstance(raw, bytes) else raw
                live = [d for d in r.postings(field, value).all_ids() if d in permitted]
                if not live:
                    continue
                if not counts:
                    out.append(EntityValue(etype, value, 0, {}, {}))
                    continue
                ordered = sorted(live, key=lambda d: (days_col[d] or 0, d))
                first, last = r.stored_fields(ordered[0]), r.stored_fields(ordered[-1])
                out.append(EntityValue(etype, value, len(live), dict(first), dict(last)))
    return out


def passage_count(ix: Index, filters: Filters = Filters()) -> int:  # noqa: B008
    """Live passages passing the filters (doc_frequency would count deleted documents too)."""
    if ix.backend == "tantivy":
        from . import tantivy_search

        return tantivy_search.passage_count(ix, filters)
    with ix.reading() as s:
        return len(_filter_docs(ix, s, filters))
