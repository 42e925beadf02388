"""Hits → CSV, JSON or Markdown, each passage with its citation and classification.

Export is how passages leave the tool for a report, so it applies the Panel Information Policy:
Amber and Red passages are left out unless the caller asks for them, and then each is marked.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

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


def hits_to_csv(hits: Iterable[Hit]) -> str:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), one row per passage."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for h in hits:
        writer.writerow(
            {
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
        )
    return buf.getvalue()


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
