"""Hits → CSV, JSON or Markdown, each passage with its citation and classification.

Export is how passages leave the tool for a report, so it applies the Panel Information Policy
twice: the query's filters carry the ceiling (`policy.ceiling`, Green unless the caller raised it
with `--include-classified`), and every hit is checked against that ceiling again here before it
is written. Restricted passages that are included are marked.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .index import Filters, Index
from .models import Classification, Hit
from .policy import held_back_note, is_restricted, label, permits

ExportFormat = Literal["csv", "json", "md"]
CSV_COLUMNS = (
    "citation",
    "classification",
    "restricted",
    "paper_ref",
    "paper_title",
    "date",
    "section",
    "pages",
    "committees",
    "text",
    "link",
)


@dataclass(frozen=True)
class Export:
    """The rendered document, how many passages it holds and how many the ceiling held back."""

    content: str
    included: int
    held_back: int
    ceiling: Classification

    def summary(self) -> str:
        line = f"exported {self.included} passage{'s' if self.included != 1 else ''}"
        if self.held_back:
            line += "; " + held_back_note(self.held_back, self.ceiling, leaves_the_tool=True)
        return line


def hit_record(hit: Hit) -> dict[str, Any]:
    """A hit as a JSON-ready dict: every Hit field plus `restricted`."""
    return {**hit.model_dump(mode="json"), "restricted": is_restricted(hit.classification)}


def hits_to_json(hits: Iterable[Hit]) -> str:
    return json.dumps([hit_record(h) for h in hits], ensure_ascii=False, indent=2) + "\n"


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """The one CSV writer: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line
    ends (RFC 4180), a header row, then the rows."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def hits_to_csv(hits: Iterable[Hit]) -> str:
    """One row per passage, with its citation and classification."""
    return csv_text((_csv_row(h) for h in hits), CSV_COLUMNS)


def _csv_row(h: Hit) -> dict[str, Any]:
    return {
        "citation": h.citation,
        "classification": label(h.classification),
        "restricted": "yes" if is_restricted(h.classification) else "no",
        "paper_ref": h.paper_ref or "",
        "paper_title": h.paper_title,
        "date": h.date.isoformat() if h.date else "",
        "section": h.section,
        "pages": ", ".join(map(str, h.pages)),
        "committees": ", ".join(h.committees),
        "text": h.text,
        "link": h.link,
    }


def hits_to_markdown(hits: Iterable[Hit], *, title: str | None = None) -> str:
    """Each passage as a block quote followed by its citation and classification.

    A restricted passage's mark opens the quote (`> **[RED]** text`), so the quote stays one.
    """
    out: list[str] = [f"# {title}\n"] if title else []
    for h in hits:
        mark = f"**[{label(h.classification)}]** " if is_restricted(h.classification) else ""
        lines = h.text.splitlines() or [""]
        lines[0] = mark + lines[0]
        quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
        opened = f" · [PDF]({h.link})" if h.link else ""
        out.append(f"{quoted}\n\n— {h.citation} · {label(h.classification)}{opened}\n")
    return "\n".join(out)


def render_hits(hits: list[Hit], fmt: ExportFormat, *, title: str | None = None) -> str:
    if fmt == "csv":
        return hits_to_csv(hits)
    if fmt == "json":
        return hits_to_json(hits)
    return hits_to_markdown(hits, title=title)


def export_hits(
    hits: Iterable[Hit],
    fmt: ExportFormat,
    *,
    ceiling: Classification,
    held_back: int = 0,
    title: str | None = None,
) -> Export:
    """The hits rendered for a report; any hit above `ceiling` is left out and counted."""
    all_hits = list(hits)
    kept = [h for h in all_hits if permits(h.classification, ceiling)]
    return Export(
        content=render_hits(kept, fmt, title=title),
        included=len(kept),
        held_back=held_back + len(all_hits) - len(kept),
        ceiling=ceiling,
    )


def export_passages(
    ix: Index,
    fmt: ExportFormat,
    *,
    query: str | None = None,
    ident: str | None = None,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    limit: int | None = None,
) -> Export:
    """The passages of a search (`query`) or of an id's mentions (`ident`), rendered for a report
    under the filters' classification ceiling.

    Whole passages are exported, so no highlighted snippets are computed.
    """
    from . import query as q

    if ident is not None:
        result = q.mentions(ix, ident, filters=filters, limit=limit, snippets=False)
        title = f"Mentions of {ident}"
    else:
        result = q.search(ix, query or "", filters=filters, limit=limit, snippets=False)
        title = f"Search: {query}"
    return export_hits(
        result.hits, fmt, ceiling=result.ceiling, held_back=result.held_back, title=title
    )
