"""Reading the index: matching passages with counts, snippets, suggestions, stored documents.

Every function takes an open `Index` (store.py) and uses its searcher and caches; nothing here
keeps state of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from whoosh import collectors, highlight, query
from whoosh.searching import Searcher

from ..domain import KNOWN_ACRONYMS
from ..models import ENTITY_TYPES
from .parse import WordExpander, parse_query
from .records import Record, clean_keyword, entity_field
from .schema import is_identifier
from .store import Index


@dataclass(frozen=True)
class Filters:
    day_from: int | None = None
    day_to: int | None = None
    committees: tuple[str, ...] = ()
    max_rank: int | None = None


def _filter_query(f: Filters) -> Any:
    parts: list[Any] = [query.Term("kind", "passage")]
    if f.day_from is not None or f.day_to is not None:
        parts.append(query.NumericRange("day", f.day_from, f.day_to))
    if f.committees:
        parts.append(query.Or([query.Term("committees", c) for c in f.committees]))
    if f.max_rank is not None:
        parts.append(query.NumericRange("class_rank", None, f.max_rank))
    return query.And(parts) if len(parts) > 1 else parts[0]


def entity_query(values: Iterable[tuple[str, str]]) -> Any:
    return query.Or([query.Term(entity_field(t), v) for t, v in values])


@dataclass
class Found:
    """Matches of one query: every match's day (for counting) and the shown documents."""

    total: int
    days: list[int | None]
    docs: list[Record]


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


def find(
    ix: Index,
    text: str | None,
    *,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    limit: int | None = 10,
    expand: WordExpander | None = None,
    entities: Iterable[tuple[str, str]] = (),
    oldest_first: bool = False,
    snippets: bool = True,
) -> Found:
    """Passages matching a query string or any of the given entity values.

    Only the `limit` shown documents are loaded and highlighted; every match contributes its day.
    """
    with ix.lock:
        s = ix.searcher()
        q = parse_query(s, text, expand) if text is not None else entity_query(entities)
        allowed = _filter_docs(ix, s, filters)
        sortedby = ["day", "ref", "seq"] if oldest_first else None
        if limit == 0 or not allowed:
            docnums = [d for d in s.docs_for_query(q) if d in allowed]
            results: Any = []
        else:
            docnums, results = _search_counting(s, q, allowed, limit, sortedby)
        days_col = s.reader().column_reader("day")
        days = [days_col[d] or None for d in docnums]
        docs = []
        for hit in results:
            doc = dict(hit.fields())
            doc["score"] = 0.0 if oldest_first else float(hit.score or 0.0)
            if snippets:
                doc["snippet"] = snippet(ix, s, q, doc)
            docs.append(doc)
        return Found(total=len(docnums), days=days, docs=docs)


class _RecordingCollector(collectors.WrappingCollector):  # type: ignore[misc]
    """Hands every match to its child collector and keeps the match's document number."""

    def __init__(self, child: Any) -> None:
        super().__init__(child)
        self.docnums: list[int] = []

    def collect(self, sub_docnum: int) -> Any:
        self.docnums.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def _search_counting(
    s: Searcher, q: Any, allowed: set[int], limit: int | None, sortedby: list[str] | None
) -> tuple[list[int], Any]:
    """The top `limit` hits and every allowed match's document number, in one pass.

    `Searcher.search` skips documents that cannot reach the top N, so counting the matches took a
    second pass (`docs_for_query`) that cost as much as the search; here skipping is off and one
    walk over the matches both ranks them and records them.
    """
    child = s.collector(limit=limit, sortedby=sortedby)
    if isinstance(child, collectors.ScoredCollector):
        # Neither skip blocks nor swap in a matcher that drops documents below the top N.
        child.usequality = False
        child.replace = 0
    recorder = _RecordingCollector(child)
    top = collectors.FilterCollector(recorder, allow=allowed)
    s.search_with_collector(q, top)
    return recorder.docnums, top.results()


def _filter_docs(ix: Index, s: Searcher, filters: Filters) -> set[int]:
    """Document numbers passing the filters, cached per commit."""
    return ix.cached("filters", filters, lambda: set(s.docs_for_query(_filter_query(filters))))


def suggest_word(ix: Index, word: str) -> str | None:
    """A close term the index knows, for "did you mean"; None when the word is known."""
    with ix.lock:
        s = ix.searcher()
        r = s.reader()
        if is_identifier(word):
            field, probe = "exact", word
        else:
            field = "text"
            stems = list(s.schema["text"].process_text(word, mode="query"))
            if not stems:
                return None
            probe = stems[0]
        if r.doc_frequency(field, probe):
            return None
        candidates = [c for c in r.terms_within(field, probe, 2) if c != probe]
        if not candidates:
            return None
        return max(candidates, key=lambda c: r.doc_frequency(field, c))


def documents(ix: Index, kind: str) -> list[Record]:
    """Stored fields of every document of one kind (paper, acro, file)."""
    with ix.lock:
        return [dict(d) for d in ix.searcher().documents(kind=kind)]


def papers_by_ref(ix: Index, ref: str) -> list[Record]:
    with ix.lock:
        return [dict(d) for d in ix.searcher().documents(kind="paper", ref=ref)]


@dataclass(frozen=True)
class EntityValue:
    type: str
    value: str
    passages: int
    first: Record
    last: Record


def entity_values(
    ix: Index, entity_types: Iterable[str] = ENTITY_TYPES, *, counts: bool = True
) -> list[EntityValue]:
    """Every canonical value of the given entity types, with its passage count and first/last.

    With `counts=False` only the values are read (fast); counts are 0 and first/last empty.
    """
    out: list[EntityValue] = []
    with ix.lock:
        s = ix.searcher()
        r = s.reader()
        days_col = r.column_reader("day")
        for etype in entity_types:
            field = entity_field(etype)
            if field not in s.schema:
                continue
            for raw in r.lexicon(field):
                value = raw.decode() if isinstance(raw, bytes) else raw
                if not counts:
                    out.append(EntityValue(etype, value, 0, {}, {}))
                    continue
                live = [d for d in r.postings(field, value).all_ids() if not r.is_deleted(d)]
                if not live:
                    continue
                ordered = sorted(live, key=lambda d: (days_col[d] or 0, d))
                first, last = r.stored_fields(ordered[0]), r.stored_fields(ordered[-1])
                out.append(EntityValue(etype, value, len(live), dict(first), dict(last)))
    return out


def passage_count(ix: Index) -> int:
    """Live passages (doc_frequency would count deleted documents too)."""
    with ix.lock:
        return len(_filter_docs(ix, ix.searcher(), Filters()))
