"""Reading the index: matching passages with counts, snippets, suggestions, stored documents.

Every function takes an open `Index` (store.py) and uses its searcher and caches; nothing here
keeps state of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from whoosh import collectors, highlight, query, sorting
from whoosh.searching import Searcher

from ..domain import KNOWN_ACRONYMS
from ..models import ENTITY_TYPES
from ..policy import DEFAULT_CEILING, UNKNOWN_RANK
from .parse import WordExpander, parse_query
from .records import Record, clean_keyword, entity_field
from .schema import SPELLING_FIELD, is_identifier
from .store import Index


@dataclass(frozen=True)
class Filters:
    """Which passages a read may see. `max_rank` is the classification ceiling (policy.rank):
    it defaults to the policy's default, so a caller that forgets it shows nothing restricted."""

    day_from: int | None = None
    day_to: int | None = None
    committees: tuple[str, ...] = ()
    max_rank: int = DEFAULT_CEILING.rank

    def any_level(self) -> Filters:
        """The same filters without the classification ceiling (to count what it holds back)."""
        return replace(self, max_rank=UNKNOWN_RANK)


def _filter_query(f: Filters) -> Any:
    parts: list[Any] = [query.Term("kind", "passage")]
    if f.day_from is not None or f.day_to is not None:
        parts.append(query.NumericRange("day", f.day_from, f.day_to))
    if f.committees:
        parts.append(query.Or([query.Term("committees", c) for c in f.committees]))
    if f.max_rank < UNKNOWN_RANK:
        parts.append(query.NumericRange("class_rank", None, f.max_rank))
    return query.And(parts) if len(parts) > 1 else parts[0]


def entity_query(values: Iterable[tuple[str, str]]) -> Any:
    return query.Or([query.Term(entity_field(t), v) for t, v in values])


def _query(
    s: Searcher, text: str | None, expand: WordExpander | None, entities: list[tuple[str, str]]
) -> Any:
    """The query string's matches, or the entity values', or either."""
    parts = [parse_query(s, text, expand)] if text is not None else []
    if entities:
        parts.append(entity_query(entities))
    return parts[0] if len(parts) == 1 else query.Or(parts)


@dataclass
class Found:
    """Matches of one query: every permitted match's day (for counting), the shown documents,
    and how many matches the classification ceiling held back."""

    total: int
    days: list[int | None]
    docs: list[Record]
    held_back: int = 0
    by_committee: dict[str, int] | None = None


class _SnippetFormatter(highlight.Formatter):
    """Marks matched words **like this** and joins fragments with ' … '."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"**{highlight.get_text(text, token, replace)}**"


_fragmenter = highlight.ContextFragmenter(maxchars=240, surround=70)


def _highlight_terms(ix: Index, s: Searcher, q: Any, doc: Record) -> frozenset[str]:
    """Token texts (as the text analyser makes them) to mark in this document's text."""
    analyzer = s.schema["text"].analyzer
    terms: set[str] = set()
    entity_values: set[tuple[str, str]] = set()
    for field, raw in _query_terms(ix, s, q):
        if field not in ("text", "exact", "expands") and not field.startswith("e_"):
            continue
        value = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        if field == "text":
            terms.add(value)
        elif field == "exact":
            terms.update(t.text for t in analyzer(value, mode="query"))
        elif field == "expands":
            long = KNOWN_ACRONYMS.get(value, "")
            terms.update(t.text for t in analyzer(long, mode="query"))
        elif field.startswith("e_"):
            entity_values.add((field[2:].upper(), value))
    for e in doc.get("entities", []):
        if (e["type"], clean_keyword(e["value"])) in entity_values:
            terms.update(t.text for t in analyzer(e["text"], mode="query"))
    return frozenset(terms)


def _query_terms(ix: Index, s: Searcher, q: Any) -> set[tuple[str, Any]]:
    """The query's terms with wildcards and prefixes expanded, cached per commit and query."""

    def build() -> set[tuple[str, Any]]:
        terms = set(q.iter_all_terms(phrases=True))  # phrases' words
        return terms | set(q.existing_terms(s.reader(), phrases=True, expand=True))  # wildcards

    return ix.cached("query_terms", q, build)


def snippet(ix: Index, s: Searcher, q: Any, doc: Record) -> str:
    """The text around the matched words, marked; the opening of the text when none show."""
    text = doc.get("text", "")
    marked = highlight.highlight(
        text,
        _highlight_terms(ix, s, q, doc),
        s.schema["text"].analyzer,
        _fragmenter,
        _SnippetFormatter(),
        top=2,
    )
    if marked:
        return " ".join(marked.split())
    return text if len(text) <= 240 else text[:240].rsplit(" ", 1)[0] + " …"


# Relevance, then ties broken so that order never depends on where a document sits in the
# index (a re-ingest moves it): newest paper first, then reference, then reading order.
_RELEVANCE = sorting.MultiFacet(
    [
        sorting.ScoreFacet(),
        sorting.FieldFacet("day", reverse=True),
        sorting.FieldFacet("ref"),
        sorting.FieldFacet("seq"),
    ]
)
_OLDEST_FIRST = sorting.MultiFacet(
    [sorting.FieldFacet("day"), sorting.FieldFacet("ref"), sorting.FieldFacet("seq")]
)
_NEWEST_FIRST = sorting.MultiFacet(
    [
        sorting.FieldFacet("day", reverse=True),
        sorting.FieldFacet("ref"),
        sorting.FieldFacet("seq"),
    ]
)
ORDERS = {"relevance": _RELEVANCE, "date": _OLDEST_FIRST, "-date": _NEWEST_FIRST}


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
    with ix.reading() as s:
        q = _query(s, text, expand, list(entities))
        candidates = _filter_docs(ix, s, filters.any_level())
        if papers:
            candidates = candidates & _paper_docs(ix, s, papers)
        wanted = None if limit is None else offset + limit
        matched, permitted_matches, results = _search_counting(
            s, q, candidates, filters.max_rank, wanted, ORDERS[order]
        )
        days_col = s.reader().column_reader("day")
        days = [days_col[d] or None for d in permitted_matches]
        docs = []
        for hit in list(results)[offset:]:
            doc = dict(hit.fields())
            doc["score"] = -float(hit.score[0]) if order == "relevance" else 0.0
            if snippets:
                doc["snippet"] = snippet(ix, s, q, doc)
            docs.append(doc)
        return Found(
            total=len(permitted_matches),
            days=days,
            docs=docs,
            held_back=matched - len(permitted_matches),
            by_committee=_committee_counts(ix, s, permitted_matches) if facets else None,
        )


def _paper_docs(ix: Index, s: Searcher, refs: tuple[str, ...]) -> set[int]:
    """Document numbers of the passages of the papers with these references, cached per commit."""
    q = query.Or([query.Term("ref", r) for r in refs])
    return ix.cached("paper_docs", refs, lambda: set(s.docs_for_query(q)))


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

    return ix.cached("committee_docs", None, build)


class _GateCollector(collectors.WrappingCollector):  # type: ignore[misc]
    """Counts every match, and hands only those at or below the ceiling to its child (the top
    N). A match's level is read from the `class_rank` column, so no set of every permitted
    document has to be built first."""

    def __init__(self, child: Any, ranks: Any, max_rank: int) -> None:
        super().__init__(child)
        self.ranks = ranks
        self.max_rank = max_rank
        self.matched = 0
        self.docnums: list[int] = []

    def collect(self, sub_docnum: int) -> Any:
        self.matched += 1
        global_docnum = self.offset + sub_docnum
        if self.ranks[global_docnum] <= self.max_rank:
            self.docnums.append(global_docnum)
            return self.child.collect(sub_docnum)
        return None


def _search_counting(
    s: Searcher,
    q: Any,
    candidates: set[int],
    max_rank: int,
    limit: int | None,
    order: Any,
) -> tuple[int, list[int], Any]:
    """All matches among `candidates` counted, those at or below `max_rank` recorded, the top
    `limit` of those ranked by `order` — in one walk over the matches."""
    ranks = s.reader().column_reader("class_rank")
    if limit == 0:
        gate = _GateCollector(collectors.UnlimitedCollector(), ranks, max_rank)
        s.search_with_collector(q, collectors.FilterCollector(gate, allow=candidates))
        return gate.matched, gate.docnums, []
    gate = _GateCollector(s.collector(limit=limit, sortedby=order), ranks, max_rank)
    top = collectors.FilterCollector(gate, allow=candidates)
    s.search_with_collector(q, top)
    return gate.matched, gate.docnums, top.results()


def _filter_docs(ix: Index, s: Searcher, filters: Filters) -> set[int]:
    """Document numbers passing the filters, cached per commit."""
    return ix.cached("filters", filters, lambda: set(s.docs_for_query(_filter_query(filters))))


# Did-you-mean is for typos in words people type: longer "words" (pasted identifiers, noise) are
# not corrected, and building an edit-distance automaton for them is what made it slow.
MAX_SUGGESTED_WORD = 32


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
        for distance in (1, 2) if len(probe) > 5 else (1,):
            found = [(uses(t), t) for t in r.terms_within(field, probe, distance) if t != probe]
            found = [(n, t) for n, t in found if n]
            if found:
                return max(found)[1]
        return None


def documents(ix: Index, kind: str, *, max_rank: int | None = None) -> list[Record]:
    """Stored fields of every document of one kind (paper, acro, file); with `max_rank`, only
    those whose classification rank is at most that (papers and acronym definitions)."""
    with ix.reading() as s:
        docs = [dict(d) for d in s.documents(kind=kind)]
    if max_rank is None:
        return docs
    return [d for d in docs if d.get("class_rank", UNKNOWN_RANK) <= max_rank]


def record_by_id(ix: Index, record_id: str) -> Record | None:
    """The stored record with this id (a passage's `sha256-prefix:seq`), or None."""
    with ix.reading() as s:
        found = s.document(id=record_id)
    return dict(found) if found else None


def papers_by_ref(ix: Index, ref: str) -> list[Record]:
    """Every paper stored under a reference (a reference can be reused by versions)."""
    with ix.reading() as s:
        return [dict(d) for d in s.documents(kind="paper", ref=ref)]


@dataclass(frozen=True)
class EntityValue:
    type: str
    value: str
    passages: int
    first: Record
    last: Record


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
    with ix.reading() as s:
        return len(_filter_docs(ix, s, filters))
