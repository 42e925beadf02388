"""Hits → CSV, JSON or Markdown, each passage with its citation and classification.

Export is how passages leave the tool for a report, so it applies the Panel Information Policy:
Amber and Red passages are left out unless the caller asks for them, and then each is marked.
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

ExportFormat = Literal["csv", "json", "md"]
RESTRICTED = frozenset({Classification.AMBER, Classification.RED})
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
)


@dataclass(frozen=True)
class Export:
    """The rendered document, how many passages it holds and how many were left out."""

    content: str
    included: int
    left_out: int

    def summary(self) -> str:
        line = f"exported {self.included} passage{'s' if self.included != 1 else ''}"
        if self.left_out:
            line += (
                f"; left out {self.left_out} Amber/Red passage"
                f"{'s' if self.left_out != 1 else ''} (use --include-classified to include them)"
            )
        return line


def is_restricted(hit: Hit) -> bool:
    return hit.classification in RESTRICTED


def classification_label(hit: Hit) -> str:
    return hit.classification.value.upper() if hit.classification else "UNCLASSIFIED"


def hit_record(hit: Hit) -> dict[str, Any]:
    """A hit as a JSON-ready dict: every Hit field plus `restricted`."""
    return {**hit.model_dump(mode="json"), "restricted": is_restricted(hit)}


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
        "classification": classification_label(h),
        "restricted": "yes" if is_restricted(h) else "no",
        "paper_ref": h.paper_ref or "",
        "paper_title": h.paper_title,
        "date": h.date.isoformat() if h.date else "",
        "section": h.section,
        "pages": ", ".join(map(str, h.pages)),
        "committees": ", ".join(h.committees),
        "text": h.text,
    }


def hits_to_markdown(hits: Iterable[Hit], *, title: str | None = None) -> str:
    """Each passage as a block quote followed by its citation and classification."""
    out: list[str] = [f"# {title}\n"] if title else []
    for h in hits:
        mark = f"**[{classification_label(h)}]** " if is_restricted(h) else ""
        quoted = "\n".join(f"> {line}" if line else ">" for line in h.text.splitlines())
        out.append(f"{mark}{quoted}\n\n— {h.citation} · {classification_label(h)}\n")
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
    include_classified: bool = False,
    title: str | None = None,
) -> Export:
    """The hits rendered for a report, Amber and Red left out unless `include_classified`."""
    all_hits = list(hits)
    kept = [h for h in all_hits if include_classified or not is_restricted(h)]
    return Export(
        content=render_hits(kept, fmt, title=title),
        included=len(kept),
        left_out=len(all_hits) - len(kept),
    )


def export_passages(
    ix: Index,
    fmt: ExportFormat,
    *,
    query: str | None = None,
    ident: str | None = None,
    filters: Filters = Filters(),  # noqa: B008 - frozen dataclass
    limit: int | None = None,
    include_classified: bool = False,
) -> Export:
    """The passages of a search (`query`) or of an id's mentions (`ident`), rendered for a report.

    Whole passages are exported, so no highlighted snippets are computed.
    """
    from . import query as q

    if ident is not None:
        result = q.mentions(ix, ident, filters=filters, limit=limit, snippets=False)
        title = f"Mentions of {ident}"
    else:
        result = q.search(ix, query or "", filters=filters, limit=limit, snippets=False)
        title = f"Search: {query}"
    return export_hits(result.hits, fmt, include_classified=include_classified, title=title)
