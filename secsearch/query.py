"""Search, mentions, timeline, outlines, entities, glossary and stats over the index.

Engine-neutral: everything Whoosh-specific happens in `index.py`; this module turns the user's
intent (spellings of identifiers, acronyms, date and committee filters) into index calls and the
stored documents into `Hit` models with citations.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from . import index
from .domain import (
    COMMITTEE_BY_CODE,
    KNOWN_ACRONYMS,
    MODIFICATION_ID_PATTERN,
    PAPER_REF_RE,
    committees_named_in,
)
from .errors import QueryError
from .models import Classification, Entity, Hit, Model

TimeUnit = Literal["year", "month"]

# --------------------------------------------------------------------------- result models


class SearchResult(Model):
    query: str
    total: int = Field(description="matching passages, all of them, not only the hits shown")
    hits: list[Hit]
    by_year: dict[str, int] = Field(description="matching passages per year ('undated' if none)")
    suggestion: str | None = None


class TimelineResult(Model):
    query: str
    by: TimeUnit
    total: int
    counts: list[tuple[str, int]]


class OutlineSection(Model):
    label: str
    level: int
    pages: list[int]
    committees: list[str]
    passages: int


class PaperOutline(Model):
    ref: str | None
    title: str
    date: dt.date | None
    action: str | None
    classification: Classification | None
    meeting: int | None
    page_count: int
    source: str
    attachments: list[dict[str, Any]]
    sections: list[OutlineSection]
    entity_counts: dict[str, dict[str, int]]


class EntityStat(Model):
    type: str
    value: str
    passages: int
    first_ref: str | None
    first_date: dt.date | None
    last_ref: str | None
    last_date: dt.date | None


class GlossaryForm(Model):
    long: str
    papers: int
    first_ref: str | None
    first_date: dt.date | None
    last_ref: str | None
    last_date: dt.date | None


class GlossaryEntry(Model):
    short: str
    forms: list[GlossaryForm]


class IndexStats(Model):
    papers: int
    pages: int
    passages: int
    first_year: int | None
    last_year: int | None
    size_bytes: int


# --------------------------------------------------------------------------- identifiers


_MODIFICATION_ID_RE = re.compile(MODIFICATION_ID_PATTERN, re.I)


def canonical_modification_id(text: str) -> str | None:
    """MP067 for any spelling of modification 67 (SECMP0067, SECMP 0067, MP67, DP067).

    The tagger's rule (tag.canonical_modification_id) on domain's pattern, case-insensitive for
    typed queries; kept here so a search does not pay for importing spaCy with the tagger.
    """
    m = _MODIFICATION_ID_RE.fullmatch(text.strip())
    return f"MP{int(m['number']):03d}{(m['alt'] or '').upper()}" if m else None


def _glossary_map(index_dir: Path) -> dict[str, tuple[str, ...]]:
    def build() -> dict[str, tuple[str, ...]]:
        longs: dict[str, dict[str, str]] = {}
        for d in index.documents(index_dir, "acro"):
            longs.setdefault(d["acro"], {}).setdefault(_norm(d["long"]), d["long"])
        return {short: tuple(forms.values()) for short, forms in longs.items()}

    return index.memo(index_dir, "glossary", build)


def _expander(index_dir: Path) -> index.WordExpander:
    glossary = _glossary_map(index_dir)

    def expand(word: str) -> index.Expansion | None:
        entities: list[tuple[str, str]] = []
        mod = canonical_modification_id(word)
        if mod:
            entities.append(("MODIFICATION", mod))
        if PAPER_REF_RE.fullmatch(word):
            entities.append(("PAPER_REF", word.upper()))
        forms = glossary.get(word, ()) if index.is_identifier(word) else ()
        # The well-known long form was recorded at index time (records.acronyms_spelled_out):
        # a term look-up instead of a phrase search. Other expansions papers define stay phrases.
        known = _norm(KNOWN_ACRONYMS.get(word, ""))
        spelled_out = (word,) if any(_norm(f) == known for f in forms) else ()
        phrases = tuple(f for f in forms if _norm(f) != known)
        if not entities and not phrases and not spelled_out:
            return None
        return index.Expansion(tuple(entities), phrases, spelled_out)

    return expand


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


# --------------------------------------------------------------------------- filters


def parse_when(text: str, *, end: bool) -> int:
    """A year, year-month or date as a yyyymmdd day number, at the start or end of the span."""
    t = text.strip()
    try:
        if re.fullmatch(r"\d{4}", t):
            return int(t) * 10000 + (1231 if end else 101)
        if re.fullmatch(r"\d{4}-\d{1,2}", t):
            y, m = map(int, t.split("-"))
            dt.date(y, m, 1)
            return y * 10000 + m * 100 + (31 if end else 1)
        d = dt.date.fromisoformat(t)
    except ValueError:
        raise QueryError(
            f"cannot read date {text!r}", hint="give a year (2019), a month (2019-03) or a date"
        ) from None
    return d.year * 10000 + d.month * 100 + d.day


def committee_codes(names: Iterable[str]) -> tuple[str, ...]:
    """Canonical committee codes for codes or names typed by a user, case-insensitively."""
    by_lower = {c.lower(): c for c in COMMITTEE_BY_CODE}
    codes: list[str] = []
    for name in names:
        code = by_lower.get(name.strip().lower())
        found = [code] if code else committees_named_in(name)
        if not found:
            raise QueryError(
                f"unknown committee {name!r}", hint="one of: " + ", ".join(COMMITTEE_BY_CODE)
            )
        codes += found
    return tuple(dict.fromkeys(codes))


def make_filters(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    committees: Iterable[str] = (),
    max_classification: str | Classification | None = None,
) -> index.Filters:
    rank = Classification(str(max_classification).lower()).rank if max_classification else None
    return index.Filters(
        day_from=parse_when(date_from, end=False) if date_from else None,
        day_to=parse_when(date_to, end=True) if date_to else None,
        committees=committee_codes(committees),
        max_rank=rank,
    )


# --------------------------------------------------------------------------- hits and citations


def page_label(pages: list[int]) -> str:
    """'p. 3' for one page, 'pp. 3–4' for a span."""
    if not pages:
        return ""
    lo, hi = min(pages), max(pages)
    return f"p. {lo}" if lo == hi else f"pp. {lo}–{hi}"


def _label(heading: list[Any]) -> str:
    number, title = heading
    return f"{number} {title}" if number else title


def citation_section(headings: list[list[Any]]) -> str:
    """The heading path from the deepest numbered heading down ('3.5 SSC Highlights › SPOTI')."""
    numbered = [i for i, (number, _) in enumerate(headings) if number]
    start = numbered[-1] if numbered else 0
    return " › ".join(_label(h) for h in headings[start:])


def format_date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def citation(
    title: str, ref: str | None, date: dt.date | None, headings: list[list[Any]], pages: list[int]
) -> str:
    """`Title (REF), 8 March 2019, §3.5 Heading › Topic, pp. 3–4`."""
    parts = [f"{title} ({ref})" if ref else title]
    if date:
        parts.append(format_date(date))
    section = citation_section(headings)
    if section:
        parts.append(f"§{section}")
    if pages:
        parts.append(page_label(pages))
    return ", ".join(parts)


def hit_from_doc(doc: dict[str, Any]) -> Hit:
    date = dt.date.fromisoformat(doc["date"]) if doc.get("date") else None
    headings = doc.get("headings", [])
    pages = list(doc.get("pages", []))
    return Hit(
        id=doc["id"],
        paper_ref=doc.get("ref") or None,
        paper_title=doc.get("title", ""),
        date=date,
        year=doc.get("year"),
        section=doc.get("section", ""),
        section_number=doc.get("section_number") or None,
        committees=[c for c in doc.get("committees", "").split(",") if c],
        pages=pages,
        classification=doc.get("classification") or None,
        text=doc.get("text", ""),
        snippet=doc.get("snippet", ""),
        citation=citation(doc.get("title", ""), doc.get("ref"), date, headings, pages),
        entities=[Entity.model_validate(e) for e in doc.get("entities", [])],
        score=doc.get("score", 0.0),
        source=doc.get("source", ""),
    )


def _counts_by_year(days: Iterable[int | None]) -> dict[str, int]:
    counts = Counter(str(d // 10000) if d else "undated" for d in days)
    return dict(sorted(counts.items()))


# --------------------------------------------------------------------------- commands


_OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}


def did_you_mean(index_dir: Path, text: str) -> str | None:
    """The query with unknown words replaced by close terms the index knows, if any."""
    changed = False

    def replace(m: re.Match[str]) -> str:
        nonlocal changed
        word = m.group(0)
        if word in _OPERATORS or m.string[m.end() : m.end() + 1] == ":":
            return word
        close = index.suggest_word(index_dir, word)
        if close is None:
            return word
        changed = True
        return close

    suggestion = re.sub(r"(?<![\w:])[A-Za-z][\w.]*", replace, text)
    return suggestion if changed else None


def search(
    index_dir: Path,
    text: str,
    *,
    filters: index.Filters = index.Filters(),  # noqa: B008 - frozen dataclass
    limit: int | None = 10,
    snippets: bool = True,
) -> SearchResult:
    """Ranked passages for a query in Whoosh syntax, with counts per year over all matches.

    `snippets=False` leaves out the highlighted extracts (the costliest part of a query after
    matching), for callers such as export that show whole passages.
    """
    if not text.strip():
        raise QueryError("empty query", hint='search for a word, an id or a "phrase"')
    found = index.find(
        index_dir,
        text,
        filters=filters,
        limit=limit,
        expand=_expander(index_dir),
        snippets=snippets,
    )
    suggestion = did_you_mean(index_dir, text) if not found.total else None
    return result_of(text, found, suggestion=suggestion)


def result_of(text: str, found: index.Found, *, suggestion: str | None = None) -> SearchResult:
    """The hits of a query or mention lookup, with counts per year over all of its matches."""
    return SearchResult(
        query=text,
        total=found.total,
        hits=[hit_from_doc(d) for d in found.docs],
        by_year=_counts_by_year(found.days),
        suggestion=suggestion,
    )


def entity_targets(index_dir: Path, ident: str) -> list[tuple[str, str]]:
    """(type, canonical value) pairs an identifier names: a modification in any spelling, or any
    entity's canonical value (case-insensitively when no exact match)."""
    mod = canonical_modification_id(ident)
    if mod:
        return [("MODIFICATION", mod)]
    values = index.memo(index_dir, "entity_values", lambda: _all_entity_values(index_dir))
    exact = [(t, v) for t, v in values if v == ident.strip()]
    if exact:
        return exact
    folded = _norm(ident)
    return [(t, v) for t, v in values if _norm(v) == folded]


def _all_entity_values(index_dir: Path) -> list[tuple[str, str]]:
    return [(e.type, e.value) for e in index.entity_values(index_dir, counts=False)]


def mentions(
    index_dir: Path,
    ident: str,
    *,
    filters: index.Filters = index.Filters(),  # noqa: B008 - frozen dataclass
    limit: int | None = None,
    snippets: bool = True,
) -> SearchResult:
    """Every passage mentioning a modification (any spelling) or entity value, oldest first."""
    targets = entity_targets(index_dir, ident)
    if not targets:
        return SearchResult(
            query=ident,
            total=0,
            hits=[],
            by_year={},
            suggestion=_close_value(index_dir, ident),
        )
    found = index.find(
        index_dir,
        None,
        entities=targets,
        filters=filters,
        limit=limit,
        oldest_first=True,
        snippets=snippets,
    )
    return result_of(ident, found)


def _close_value(index_dir: Path, ident: str) -> str | None:
    values = index.memo(index_dir, "entity_values", lambda: _all_entity_values(index_dir))
    close = difflib.get_close_matches(ident, sorted({v for _, v in values}), n=1)
    return close[0] if close else None


def timeline(
    index_dir: Path,
    text: str,
    *,
    by: TimeUnit = "year",
    filters: index.Filters = index.Filters(),  # noqa: B008 - frozen dataclass
) -> TimelineResult:
    """Matching passages counted per year or month, gaps filled with zeros."""
    found = index.find(
        index_dir, text, filters=filters, limit=0, expand=_expander(index_dir), snippets=False
    )
    return TimelineResult(query=text, by=by, total=found.total, counts=_bucket(found.days, by))


def _bucket(days: list[int | None], by: TimeUnit) -> list[tuple[str, int]]:
    months = Counter((d // 10000, d // 100 % 100) for d in days if d)
    undated = sum(1 for d in days if not d)
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


def show(index_dir: Path, ref: str) -> list[PaperOutline]:
    """The outline of the paper(s) with this reference (a reference can be reused by versions)."""
    docs = index.papers_by_ref(index_dir, ref) or index.papers_by_ref(index_dir, ref.upper())
    if not docs:
        refs = sorted({d.get("ref", "") for d in index.documents(index_dir, "paper")} - {""})
        close = difflib.get_close_matches(ref.upper(), refs, n=1)
        hint = f"did you mean {close[0]}?" if close else "`secsearch stats` shows what is indexed"
        raise QueryError(f"no paper {ref} in the index", hint=hint)
    outlines = [PaperOutline.model_validate(_outline_fields(d["outline"])) for d in docs]
    return sorted(outlines, key=lambda o: (o.date or dt.date.min, o.source))


def _outline_fields(outline: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in outline.items() if k in PaperOutline.model_fields}


def entities(index_dir: Path, *, entity_type: str | None = None) -> list[EntityStat]:
    """Canonical entity values with passage counts and first/last paper and date."""
    types = index.ENTITY_TYPES
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
        for e in index.entity_values(index_dir, types)
    ]
    return sorted(stats, key=lambda s: (s.type, -s.passages, s.value))


def glossary(index_dir: Path, acronym: str | None = None) -> list[GlossaryEntry]:
    """Acronyms with each expansion used for them, and the first and last paper using it."""
    docs = index.documents(index_dir, "acro")
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
        entries.setdefault(d["acro"], {}).setdefault(_norm(d["long"]), []).append(d)
    return [
        GlossaryEntry(short=short, forms=[_form(uses) for uses in forms.values()])
        for short, forms in sorted(entries.items(), key=lambda kv: kv[0].casefold())
    ]


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


def stats(index_dir: Path) -> IndexStats:
    """Papers, pages, passages, years covered and size on disk."""
    papers = index.documents(index_dir, "paper")
    years = [d["year"] for d in papers if d.get("year")]
    return IndexStats(
        papers=len(papers),
        pages=sum(d["outline"]["page_count"] for d in papers),
        passages=index.passage_count(index_dir),
        first_year=min(years, default=None),
        last_year=max(years, default=None),
        size_bytes=index.size_on_disk(index_dir),
    )
