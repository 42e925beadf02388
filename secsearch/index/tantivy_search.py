"""The reads of `search.py` over a tantivy index: the same answers, in the same order.

Counts, months and facets come from tantivy's aggregations (no hit is loaded to count it); only
the shown page is loaded. Orders are made exact in Python over a bounded set: the first hits by
tantivy's own order, widened to the hits that tie with the last shown one (same shown score, or
same day), then sorted by the full key (score, newest, reference, reading order). A score tie
too large to read whole is walked newest day first until the page is full.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import tantivy

from ..models import ENTITY_TYPES
from ..policy import UNKNOWN_RANK
from . import tantivy_backend as tb
from .analysis import analysed, is_identifier, shown_score
from .parse import WordExpander
from .reads import MAX_SUGGESTED_WORD, SAME_PREFIX, EntityValue, Filters, Found, match_of
from .records import Record, entity_field
from .snippets import _within, snippet
from .store import Index
from .tantivy_store import TantivyReader

_AGG_SIZE = 1_000_000


def _filter(sch: Any, f: Filters, *, gated: bool = True, refs: tuple[str, ...] = ()) -> tb.Clauses:
    return tb.filter_clauses(
        sch,
        day_from=f.day_from,
        day_to=f.day_to,
        committees=f.committees,
        max_rank=f.max_rank if gated and f.max_rank < UNKNOWN_RANK else None,
        refs=refs,
    )


def _count(s: Any, q: Any) -> int:
    return int(s.search(q, limit=1, count=True).count or 0)


def _value_counts(s: Any, q: Any, field: str) -> dict[Any, int]:
    agg = s.aggregate(q, {"v": {"terms": {"field": field, "size": _AGG_SIZE}}})
    return {b["key"]: int(b["doc_count"]) for b in agg["v"]["buckets"]}


def _days_by_rank(s: Any, q: Any) -> dict[int, dict[int, int]]:
    """How many of `q`'s matches fall on each day, per classification rank: one pass gives both
    the permitted counts and what the ceiling holds back."""
    agg = s.aggregate(
        q,
        {
            "r": {
                "terms": {"field": "class_rank", "size": 100},
                "aggs": {"d": {"terms": {"field": "day", "size": _AGG_SIZE}}},
            }
        },
    )
    return {
        int(r["key"]): {int(d["key"]): int(d["doc_count"]) for d in r["d"]["buckets"]}
        for r in agg["r"]["buckets"]
    }


def _permitted_days(by_rank: dict[int, dict[int, int]], max_rank: int) -> dict[int, int]:
    """Counts by day of the ranks the ceiling admits, ranks read as the gate reads them."""
    days: dict[int, int] = {}
    for rank, counts in by_rank.items():
        if max_rank >= UNKNOWN_RANK or tb.gate_rank(rank) <= max_rank:
            for day, n in counts.items():
                days[day] = days.get(day, 0) + n
    return days


def _on_day(s: Any, sch: Any, q: Any, day: int) -> list[Any]:
    qd = tb.on_days(q, sch, [day])
    n = _count(s, qd)
    return [a for _, a in s.search(qd, limit=max(n, 1), count=False).hits] if n else []


def _keys(s: Any, addresses: list[Any]) -> list[tuple[int, int, int, int]]:
    """(day, reference key 1, reference key 2, seq) of each hit, from fast fields only."""
    columns = [s.fast_field_values(f, addresses) for f in ("day", *tb.REF_KEYS, "seq")]
    return [tuple(int(v or 0) for v in row) for row in zip(*columns, strict=True)]  # type: ignore[misc]


def _ranked(s: Any, hits: list[tuple[float, Any]]) -> list[tuple[float, Any]]:
    """Hits in relevance order: shown score, then newest, reference, reading order."""
    scored = [(shown_score(sc), a) for sc, a in hits]
    keys = _keys(s, [a for _, a in scored])
    ranked = sorted(zip(scored, keys, strict=True), key=lambda t: (-t[0][0], -t[1][0], *t[1][1:]))
    return [hit for hit, _ in ranked]


# A tie at the page's boundary that goes on past the first hits fetched is settled by fetching
# this many (one search; most ties end within a few hundred hits) …
_TIE_FETCH = 1000
# … and a larger one (a broad term: thousands of passages share the top score) is walked in date
# order, by searches over batches of days returning about this many hits, doubling each time.
_WALK_STEP = 256
_DAYS_PER_SEARCH = 64


def _walk_tie_group(
    s: Any, sch: Any, q: Any, score: float, need: int, day_counts: dict[int, int]
) -> list[tuple[float, Any]]:
    """The first `need` hits whose shown score is `score`, newest day first, then reference and
    reading order: days taken newest first, in batches, each batch's matches scored by one
    search, until enough are found (never more of the group than the batch that completes it)."""
    days = sorted(day_counts, key=lambda d: (d == 0, -d))
    found: list[tuple[float, Any]] = []
    step, i = _WALK_STEP, 0
    while i < len(days) and len(found) < need:
        batch, n = [days[i]], day_counts[days[i]]
        i += 1
        while i < len(days) and len(batch) < _DAYS_PER_SEARCH and n + day_counts[days[i]] <= step:
            batch.append(days[i])
            n += day_counts[days[i]]
            i += 1
        hits = s.search(tb.on_days(q, sch, batch), limit=n, count=False).hits
        tied = [a for sc, a in hits if shown_score(sc) == score]
        keyed = sorted(zip(_keys(s, tied), tied, strict=True), key=lambda t: (-t[0][0], *t[0][1:]))
        found += [(score, a) for _, a in keyed]
        step *= 2
    return found[:need]


def _top(
    s: Any, sch: Any, q: Any, limit: int | None, order: str, day_counts: dict[int, int]
) -> list[Record]:
    """The first `limit` permitted matches in `order`, exactly (see the module's docstring):
    ordered on fast fields, and only the shown ones loaded."""
    total = sum(day_counts.values())
    want = total if limit is None else min(limit, total)
    if want == 0:
        return []
    if order == "relevance":
        n = min(total, max(2 * want, want + 20))
        hits = s.search(q, limit=n, count=False).hits
        boundary = shown_score(hits[want - 1][0])
        if n < min(total, _TIE_FETCH) and shown_score(hits[-1][0]) >= boundary:
            n = min(total, _TIE_FETCH)
            hits = s.search(q, limit=n, count=False).hits
        if n < total and shown_score(hits[-1][0]) >= boundary:
            above = [(sc, a) for sc, a in hits if shown_score(sc) > boundary]
            group = _walk_tie_group(s, sch, q, boundary, want - len(above), day_counts)
            chosen = _ranked(s, above) + group
        else:
            chosen = _ranked(s, [(sc, a) for sc, a in hits if shown_score(sc) >= boundary])
        chosen = chosen[:want]
    else:
        newest = order == "-date"
        direction = tantivy.Order.Desc if newest else tantivy.Order.Asc
        hits = s.search(q, limit=want, count=False, order_by_field="day", order=direction).hits
        boundary_day = int(hits[-1][0] or 0)
        before = [a for day, a in hits if int(day or 0) != boundary_day]
        candidates = [*before, *_on_day(s, sch, q, boundary_day)]
        sign = -1 if newest else 1
        keyed = sorted(
            zip(candidates, _keys(s, candidates), strict=True),
            key=lambda t: (sign * t[1][0], *t[1][1:]),
        )
        chosen = [(0.0, a) for a, _ in keyed[:want]]
    records = []
    for score, address in chosen:
        record = tb.stored(s, address)
        record["score"] = score
        records.append(record)
    return records


def find(
    ix: Index,
    text: str | None,
    *,
    filters: Filters,
    limit: int | None,
    expand: WordExpander | None,
    entities: Iterable[tuple[str, str]],
    order: str,
    snippets: bool,
    facets: bool,
    offset: int = 0,
    papers: tuple[str, ...] = (),
) -> Found:
    r: TantivyReader = ix.searcher()
    s, sch = r.searcher, r.schema
    m = match_of(text, expand, list(entities))
    q = tb.to_tantivy(sch, m)
    permitted_q = tb.within(q, _filter(sch, filters, refs=papers))
    by_rank = _days_by_rank(s, tb.within(q, _filter(sch, filters, gated=False, refs=papers)))
    matched = sum(sum(days.values()) for days in by_rank.values())
    days = _permitted_days(by_rank, filters.max_rank)
    wanted = None if limit is None else offset + limit
    docs = _top(s, sch, permitted_q, wanted, order, days)[offset:] if limit != 0 else []
    if snippets:
        for d in docs:
            d["snippet"] = snippet(m, d)
    permitted = sum(days.values())
    by_committee = None
    if facets:
        counts = _value_counts(s, permitted_q, "committees")
        by_committee = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return Found(
        total=permitted,
        day_counts=days,
        docs=docs,
        held_back=matched - permitted,
        by_committee=by_committee,
    )


def suggest_word(ix: Index, word: str, filters: Filters) -> str | None:
    """`search.suggest_word` over tantivy: the same words, looked up in the same fields."""
    if not word or len(word) > MAX_SUGGESTED_WORD:
        return None
    r: TantivyReader = ix.searcher()
    s, sch = r.searcher, r.schema
    permitted = _filter(sch, filters)
    identifier = is_identifier(word)
    field, probe = ("exact", word) if identifier else ("spell", word.lower())

    def uses(term: str) -> int:
        if identifier:
            looked_up, value = "exact", term
        else:
            stems = analysed(term)
            if not stems:
                return 0
            looked_up, value = "text", stems[0][1]
        return _count(s, tb.within(tantivy.Query.term_query(sch, looked_up, value), permitted))

    if uses(probe):
        return None
    vocabulary = ix.cached(
        "vocabulary", field, lambda: [t for t, _ in s.terms_with_prefix(field, "")], on=s
    )
    for distance in (1, 2) if len(probe) > 5 else (1,):
        near = [
            t
            for t in vocabulary
            if t[:SAME_PREFIX] == probe[:SAME_PREFIX] and t != probe and _within(t, probe, distance)
        ]
        found = [(n, t) for n, t in ((uses(t), t) for t in near) if n]
        if found:
            return max(found)[1]
    return None


def documents(ix: Index, kind: str) -> list[Record]:
    r: TantivyReader = ix.searcher()
    return r.documents(kind=kind)


def record_by_id(ix: Index, record_id: str) -> Record | None:
    r: TantivyReader = ix.searcher()
    return r.document(id=record_id)


def papers_by_ref(ix: Index, ref: str) -> list[Record]:
    r: TantivyReader = ix.searcher()
    return r.documents(kind="paper", ref=ref)


def papers_by_key(ix: Index, key_prefix: str) -> list[Record]:
    """`browse.papers_by_key` over tantivy: papers whose sha256 starts with `key_prefix` (a
    checked lower-case hex prefix)."""
    r: TantivyReader = ix.searcher()
    s, sch = r.searcher, r.schema
    q = tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, tantivy.Query.term_query(sch, "kind", "paper")),
            (tantivy.Occur.Must, tantivy.Query.regex_query(sch, "paper_key", f"{key_prefix}.*")),
        ]
    )
    n = _count(s, q)
    if not n:
        return []
    hits = s.search(q, limit=n, count=False).hits
    return [tb.stored(s, a) for _, a in sorted(hits, key=lambda h: (h[1].segment_ord, h[1].doc))]


def _edge(s: Any, sch: Any, q: Any, *, last: bool) -> Record:
    """The first (or last) match by day, then reference and reading order."""
    direction = tantivy.Order.Desc if last else tantivy.Order.Asc
    hits = s.search(q, limit=1, count=False, order_by_field="day", order=direction).hits
    on_day = _on_day(s, sch, q, int(hits[0][0] or 0))
    keyed = sorted(zip(_keys(s, on_day), on_day, strict=True), key=lambda t: t[0])
    return tb.stored(s, (keyed[-1] if last else keyed[0])[1])


def entity_values(
    ix: Index, entity_types: Iterable[str] = ENTITY_TYPES, *, filters: Filters, counts: bool
) -> list[EntityValue]:
    r: TantivyReader = ix.searcher()
    s, sch = r.searcher, r.schema
    permitted = _filter(sch, filters)
    out: list[EntityValue] = []
    for etype in entity_types:
        field = entity_field(etype)
        for value, n in sorted(_value_counts(s, tb.passing(permitted), field).items()):
            if not counts:
                out.append(EntityValue(etype, value, 0, {}, {}))
                continue
            q = tb.within(tantivy.Query.term_query(sch, field, value), permitted)
            first, last = _edge(s, sch, q, last=False), _edge(s, sch, q, last=True)
            out.append(EntityValue(etype, value, n, first, last))
    return out


def passage_count(ix: Index, filters: Filters) -> int:
    r: TantivyReader = ix.searcher()
    return _count(r.searcher, tb.passing(_filter(r.schema, filters)))
