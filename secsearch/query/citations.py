"""Stored passage records → `Hit`s with citations a user can paste into a report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..models import Entity, Hit


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
    # A paper whose title could not be read is cited by its reference alone, never by "()".
    head = f"{title} ({ref})" if title and ref else (title or ref or "")
    parts = [head] if head else []
    if date:
        parts.append(format_date(date))
    section = citation_section(headings)
    if section:
        parts.append(f"§{section}")
    if pages:
        parts.append(page_label(pages))
    return ", ".join(parts)


def hit_from_record(doc: dict[str, Any]) -> Hit:
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
        link=pdf_link(doc.get("source", ""), pages[0] if pages else None),
    )


def pdf_link(source: str, page: int | None) -> str:
    """A link that opens the PDF at the page (viewers honour `#page=N`); '' without a path."""
    if not source:
        return ""
    uri = Path(source).absolute().as_uri()
    return f"{uri}#page={page}" if page else uri


def counts_by_year(days: Iterable[int | None]) -> dict[str, int]:
    counts = Counter(str(d // 10000) if d else "undated" for d in days)
    return dict(sorted(counts.items()))
