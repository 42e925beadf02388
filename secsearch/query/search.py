"""Search, mentions and timeline: the user's intent (any spelling of an id, an acronym, filters)
turned into index calls, and the matches into typed results with citations.

Engine-neutral: everything Whoosh-specific happens in the `index` package.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections import Counter
from dataclasses import replace

from .. import index
from ..domain import (
    KNOWN_ACRONYMS,
    PAPER_REF_RE,
    canonical_modification_id,
    modification_id,
)
from ..errors import QueryError
from ..index import Filters, Index
from ..models import Classification
from .citations import counts_by_year, hit_from_record
from .filters import typed
from .results import SearchResult, Sort, TimelineResult, TimeUnit


def _glossary_map(ix: Index, max_rank: int) -> dict[str, tuple[str, ...]]:
    """Each acronym's long forms, as permitted passages define them."""

    def build() -> dict[str, tuple[str, ...]]:
        longs: dict[str, dict[str, str]] = {}
        for d in index.documents(ix, "acro", max_rank=max_rank):
            longs.setdefault(d["acro"], {}).setdefault(norm(d["long"]), d["long"])
        return {short: tuple(forms.values()) for short, forms in longs.items()}

    return ix.cached("glossary", max_rank, build)


def _expander(ix: Index, filters: Filters) -> index.WordExpander:
    """What each query word also matches, from the glossary permitted passages define."""
    glossary = _glossary_map(ix, filters.max_rank)

    def acronym_expansion(short: str) -> index.Expansion:
        # The well-known long form was recorded at index time (records.acronyms_spelled_out):
        # a term look-up instead of a phrase search. Other expansions papers define are phrases.
        forms = glossary.get(short, ())
        known = norm(KNOWN_ACRONYMS.get(short, ""))
        spelled_out = (short,) if any(norm(f) == known for f in forms) else ()
        phrases = tuple(f for f in forms if norm(f) != known)
        return index.Expansion(phrases=phrases, spelled_out=spelled_out, identifiers=(short,))

    def expand(word: str) -> index.Expansion | None:
        if "*" in word or "?" in word:
            # `SPOT*` keeps what `SPOTI` would find: each acronym the pattern matches, with its
            # long forms (the pattern itself already searches the text).
            pattern = word.upper()
            matched = [a for a in sorted(glossary) if fnmatch.fnmatchcase(a.upper(), pattern)]
            return _merged([acronym_expansion(a) for a in matched[:MAX_PATTERN_ACRONYMS]])
        entities: list[tuple[str, str]] = []
        mod = canonical_modification_id(word)
        if mod:
            entities.append(("MODIFICATION", mod))
        if PAPER_REF_RE.fullmatch(word.upper()):
            entities.append(("PAPER_REF", word.upper()))
        parts = [index.Expansion(entities=tuple(entities))] if entities else []
        # Acronyms match whatever their case: `spoti` finds SPOTI and its long forms.
        short = word if word in glossary else word.upper()
        if short in glossary and len(short) >= 2:
            expansion = acronym_expansion(short)
            if short == word:  # typed as the acronym: the exact field is searched already
                expansion = replace(expansion, identifiers=())
            parts.append(expansion)
        return _merged(parts)

    return expand


# A pattern like `S*` matches many acronyms; past this many it stands for the words it matches.
MAX_PATTERN_ACRONYMS = 20


def _merged(parts: list[index.Expansion]) -> index.Expansion | None:
    """One expansion holding everything the parts hold; None for none."""
    if not parts:
        return None
    return index.Expansion(
        entities=tuple(e for p in parts for e in p.entities),
        phrases=tuple(x for p in parts for x in p.phrases),
        spelled_out=tuple(x for p in parts for x in p.spelled_out),
        identifiers=tuple(x for p in parts for x in p.identifiers),
    )


def level_of_rank(rank: int) -> Classification:
    """The level a ceiling rank stands for (White 0 … Red 3)."""
    return list(Classification)[min(rank, len(Classification) - 1)]


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


_OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}
# Suggestions are looked up for the first few words only: a typo is in what people type, and a
# query of many unknown words is not one to correct word by word.
MAX_CORRECTED_WORDS = 8


def did_you_mean(ix: Index, text: str, filters: Filters = Filters()) -> str | None:  # noqa: B008
    """The query with unknown words replaced by close words permitted passages use, if any."""
    changed = False
    looked_up = 0

    def replace(m: re.Match[str]) -> str:
        nonlocal changed, looked_up
        word = m.group(0)
        if word in _OPERATORS or m.string[m.end() : m.end() + 1] == ":":
            return word
        looked_up += 1
        if looked_up > MAX_CORRECTED_WORDS:
            return word
        close = index.suggest_word(ix, word, filters)
        if close is None:
            return word
        changed = True
        return close

    suggestion = re.sub(r"(?<![\w:])[A-Za-z][\w.]*", replace, text)
    return suggestion if changed else None


def search(
    ix: Index,
    text: str,
    *,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    limit: int | None = 10,
    snippets: bool = True,
    sort: Sort = "relevance",
    facets: bool = False,
    offset: int = 0,
    papers: tuple[str, ...] = (),
) -> SearchResult:
    """Ranked passages for a query in Whoosh syntax, with counts per year over all matches.

    `snippets=False` leaves out the highlighted extracts (the costliest part of a query after
    matching), for callers such as export that show whole passages. `sort`: relevance, date
    (oldest first) or -date (newest first). `facets` adds the matches' counts by committee.
    `offset` skips that many hits (a page of results); `papers` keeps only the passages of the
    papers with these references.
    """
    text = typed(text)
    if not text.strip():
        raise QueryError("empty query", hint='search for a word, an id or a "phrase"')
    found = index.find(
        ix,
        text,
        filters=filters,
        limit=limit,
        expand=_expander(ix, filters),
        snippets=snippets,
        order=sort,
        facets=facets,
        offset=offset,
        papers=_refs(papers),
    )
    suggestion = did_you_mean(ix, text, filters) if not found.total else None
    return result_of(text, found, filters, suggestion=suggestion)


def result_of(
    text: str, found: index.Found, filters: Filters, *, suggestion: str | None = None
) -> SearchResult:
    """The hits of a query or mention lookup, with counts per year over all of its matches."""
    return SearchResult(
        query=text,
        total=found.total,
        hits=[hit_from_record(d) for d in found.docs],
        by_year=counts_by_year(found.day_counts),
        suggestion=suggestion,
        held_back=found.held_back,
        ceiling=level_of_rank(filters.max_rank),
        by_committee=found.by_committee,
    )


def entity_targets(
    ix: Index,
    ident: str,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
) -> list[tuple[str, str]]:
    """(type, canonical value) pairs an identifier names: a modification in any spelling (a bare
    number when permitted passages mention that modification), or any canonical value permitted
    passages hold (case-insensitively when no exact match)."""
    ident = ident.strip()
    mod = canonical_modification_id(ident)
    if mod:
        return [("MODIFICATION", mod)]
    values = _all_entity_values(ix, filters)
    if ident.isdigit() and 0 < int(ident) < 10000:
        number = ("MODIFICATION", modification_id(ident))
        return [number] if number in values else []
    exact = [(t, v) for t, v in values if v == ident]
    if exact:
        return exact
    folded = norm(ident)
    return [(t, v) for t, v in values if norm(v) == folded]


def _searchable_word(ix: Index, ident: str, filters: Filters) -> str | None:
    """`ident` when it is one word the search language expands (an identifier or acronym, in
    any case, or a paper reference): mentions then also finds every passage that uses it or
    its long form, not only the passages tagged with it."""
    word = ident.strip()
    if not word or any(ch.isspace() or ch in '()"*?~^:' for ch in word):
        return None
    known_acronym = word.upper() in _glossary_map(ix, filters.max_rank)
    return word if index.is_identifier(word) or known_acronym else None


def _all_entity_values(ix: Index, filters: Filters) -> list[tuple[str, str]]:
    """Every (type, value) that passages under the ceiling hold, cached per commit and ceiling."""

    def build() -> list[tuple[str, str]]:
        only_level = Filters(max_rank=filters.max_rank)
        values = index.entity_values(ix, filters=only_level, counts=False)
        return [(e.type, e.value) for e in values]

    return ix.cached("entity_values", filters.max_rank, build)


def mentions(
    ix: Index,
    ident: str,
    *,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    limit: int | None = None,
    snippets: bool = True,
    sort: Sort = "date",
    facets: bool = False,
    offset: int = 0,
    papers: tuple[str, ...] = (),
) -> SearchResult:
    """Every passage that mentions IDENT, oldest first: a modification in any spelling, an entity's
    canonical value, and for an acronym or identifier every passage that uses it or its long
    form (what `search` finds for it). `sort`, `facets`, `offset` and `papers` as for `search`."""
    ident = typed(ident)
    targets = entity_targets(ix, ident, filters)
    word = _searchable_word(ix, ident, filters)
    if not targets and word is None:
        return SearchResult(
            query=ident,
            total=0,
            hits=[],
            by_year={},
            suggestion=_close_value(ix, ident, filters),
            held_back=0,
            ceiling=level_of_rank(filters.max_rank),
            by_committee=None,
        )
    found = index.find(
        ix,
        word,
        entities=targets,
        filters=filters,
        limit=limit,
        expand=_expander(ix, filters),
        order=sort,
        snippets=snippets,
        facets=facets,
        offset=offset,
        papers=_refs(papers),
    )
    suggestion = None if found.total else _close_value(ix, ident, filters)
    return result_of(ident, found, filters, suggestion=suggestion)


def _refs(papers: tuple[str, ...]) -> tuple[str, ...]:
    """Paper references as typed (smart quotes, stray spaces), empty ones dropped."""
    return tuple(typed(p).strip() for p in papers if p.strip())


def _close_value(ix: Index, ident: str, filters: Filters) -> str | None:
    """The canonical value permitted passages hold that is closest to `ident`, if any."""
    if len(ident) > index.MAX_SUGGESTED_WORD:
        return None
    values = _all_entity_values(ix, filters)
    close = difflib.get_close_matches(ident, sorted({v for _, v in values}), n=1)
    return close[0] if close else None


def timeline(
    ix: Index,
    text: str,
    *,
    by: TimeUnit = "year",
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
) -> TimelineResult:
    """Matching passages counted per year or month, gaps filled with zeros."""
    text = typed(text)
    found = index.find(
        ix, text, filters=filters, limit=0, expand=_expander(ix, filters), snippets=False
    )
    return TimelineResult(
        query=text,
        by=by,
        total=found.total,
        counts=_bucket(found.day_counts, by),
        held_back=found.held_back,
        ceiling=level_of_rank(filters.max_rank),
    )


def _bucket(day_counts: dict[int, int], by: TimeUnit) -> list[tuple[str, int]]:
    months: Counter[tuple[int, int]] = Counter()
    for d, n in day_counts.items():
        if d:
            months[(d // 10000, d // 100 % 100)] += n
    undated = day_counts.get(0, 0)
    out: list[tuple[str, int]] = []
    if months:
        (y0, m0), (y1, m1) = min(months), max(months)
        if by == "year":
            years = Counter(y for y, _ in months.elements())
            out = [(str(y), years.get(y, 0)) for y in range(y0, y1 + 1)]
        else:
            y, m = y0, m0
            while (y, m) <= (y1, m1):
                out.append((f"{y:04d}-{m:02d}", months.get((y, m), 0)))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if undated:
        out.append(("undated", undated))
    return out
