"""One renderer for every command's output: typed results → text, JSON, CSV or Markdown.

Each result type has a `View`: how it reads as text for people, what its JSON is, and its rows
for CSV and Markdown tables. Hits (search, mentions) render in the other formats exactly as
`export` writes them, citations included. `render(result, fmt)` picks the view by type; a result
type without a view is a programming error, not a guess.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .export import csv_text, hit_record, render_hits
from .models import Classification, Paper, Passage, Section
from .policy import held_back_note, label, permits
from .query import (
    EntityTable,
    Glossary,
    IndexStats,
    ModificationCatalogue,
    ModificationHistory,
    PaperList,
    PaperOutlines,
    RefsResult,
    SearchResult,
    TimelineResult,
    format_date,
    page_label,
)
from .render_lifecycle import (
    catalogue_rows,
    catalogue_text,
    history_md,
    history_text,
    refs_dot,
    refs_text,
)

FORMATS = ("text", "json", "csv", "md")


def _as_is(text: str) -> str:
    return text


@dataclass(frozen=True)
class TextStyle:
    """What the caller's terminal adds to text output: styled matched words, shorter paths."""

    mark: Callable[[str], str] = _as_is
    path: Callable[[str], str] = _as_is


@dataclass(frozen=True)
class View:
    """How one result type reads in each format (`other`: formats it writes its own way, such as
    Markdown that is more than one table, or Graphviz DOT)."""

    text: Callable[[Any, TextStyle], str]
    data: Callable[[Any], Any]
    rows: Callable[[Any], list[dict[str, Any]]]
    other: dict[str, Callable[[Any], str]] = field(default_factory=dict)


def render(result: Any, fmt: str, *, style: TextStyle = TextStyle()) -> str:  # noqa: B008
    """`result` in `fmt` (text, json, csv, md; dot for a graph)."""
    if isinstance(result, SearchResult):
        # The query applied the ceiling; no hit above it is written even if one got through.
        hits = [h for h in result.hits if permits(h.classification, result.ceiling)]
        result = result.model_copy(update={"hits": hits})
        if fmt == "json" and result.by_committee is not None:
            return json.dumps(_faceted(result), indent=2, ensure_ascii=False) + "\n"
        if fmt != "text":
            return render_hits(hits, fmt)  # type: ignore[arg-type]
    view = VIEWS[type(result)]
    if fmt in view.other:
        return view.other[fmt](result)
    if fmt == "text":
        return view.text(result, style)
    if fmt == "json":
        return json.dumps(view.data(result), indent=2, ensure_ascii=False) + "\n"
    rows = view.rows(result)
    if fmt == "csv":
        return csv_text(rows, list(rows[0]) if rows else [])
    return markdown_table(rows)


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """Rows as a Markdown table (pipes in cells escaped); empty for no rows."""
    if not rows:
        return ""
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = ["" if row[c] is None else str(row[c]).replace("|", "\\|") for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """A row for a table: scalars as they are, anything else as JSON."""
    return {
        k: v if isinstance(v, str | int | float) or v is None else json.dumps(v)
        for k, v in data.items()
    }


def _date(d: Any) -> str:
    return format_date(d) if d else "undated"


# --------------------------------------------------------------------------- hits


def _year_line(result: SearchResult) -> str:
    counts = " · ".join(f"{y}: {n}" for y, n in result.by_year.items())
    line = f"{result.total} matching passage{'s' if result.total != 1 else ''} · {counts}"
    if result.by_committee:
        line += " · by committee: " + " · ".join(
            f"{c}: {n}" for c, n in result.by_committee.items()
        )
    return line + "\n"


def _faceted(result: SearchResult) -> dict[str, Any]:
    """Search results with their counts, as one JSON object (`--facets`)."""
    return {
        "query": result.query,
        "total": result.total,
        "held_back": result.held_back,
        "by_year": [{"year": y, "count": n} for y, n in result.by_year.items()],
        "by_committee": [
            {"committee": c, "count": n} for c, n in (result.by_committee or {}).items()
        ],
        "hits": [hit_record(h) for h in result.hits],
    }


def held_back_line(held_back: int, ceiling: Classification) -> str:
    """The line that says what the ceiling held back, for people reading text output."""
    return held_back_note(held_back, ceiling, leaves_the_tool=False) + "\n" if held_back else ""


def hits_text(result: SearchResult, style: TextStyle) -> str:
    if not result.hits:
        lines = ["no results"]
        if result.suggestion:
            lines.append(f"did you mean: {result.suggestion}")
        return "\n".join(lines) + "\n" + held_back_line(result.held_back, result.ceiling)
    out: list[str] = []
    for i, h in enumerate(result.hits, 1):
        snippet = re.sub(r"\*\*(.+?)\*\*", lambda m: style.mark(m.group(1)), h.snippet)
        out.append(f"{i}. {h.citation} [{label(h.classification)}]\n   {snippet}\n")
    shown = "" if len(result.hits) == result.total else f"showing {len(result.hits)} of "
    summary = shown + _year_line(result)
    out.append(summary + held_back_line(result.held_back, result.ceiling))
    return "\n".join(out)


# --------------------------------------------------------------------------- timeline


def timeline_text(result: TimelineResult, style: TextStyle) -> str:
    held = held_back_line(result.held_back, result.ceiling)
    if not result.total:
        return "no results\n" + held
    peak = max(n for _, n in result.counts) or 1
    width = max(len(k) for k, _ in result.counts)
    lines = [f"{k:<{width}} {'█' * round(40 * n / peak):<40} {n}" for k, n in result.counts]
    return "\n".join(lines) + f"\n{result.total} matching passages\n" + held


def _timeline_rows(result: TimelineResult) -> list[dict[str, Any]]:
    return [{"period": k, "count": n} for k, n in result.counts]


# --------------------------------------------------------------------------- show


def outlines_text(result: PaperOutlines, style: TextStyle) -> str:
    out: list[str] = []
    for o in result.papers:
        cls = label(o.classification)
        out.append(f"{o.ref or '(no reference)'}  {o.title}")
        meta = [_date(o.date), o.action or "", cls, f"meeting {o.meeting}" if o.meeting else ""]
        out.append(
            " · ".join(m for m in meta if m) + f" · {o.page_count} pages · {style.path(o.source)}"
        )
        for s in o.sections:
            committees = f"  [{', '.join(s.committees)}]" if s.committees else ""
            out.append(f"{'  ' * s.level}{s.label}  {page_label(s.pages)}{committees}")
        for a in o.attachments:
            level = (a.get("classification") or "unclassified").upper()
            out.append(f"  attachment: {a['title']} [{level}]")
        for etype, values in sorted(o.entity_counts.items()):
            top = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = ", ".join(f"{v} ×{n}" for v, n in top[:8])
            more = f", … ({len(top) - 8} more)" if len(top) > 8 else ""
            out.append(f"  {etype}: {shown}{more}")
        out.append("")
    return "\n".join(out)


def _outlines_data(result: PaperOutlines) -> Any:
    """One paper's outline as an object; several papers under one reference as a list."""
    data = [o.model_dump(mode="json") for o in result.papers]
    return data[0] if len(data) == 1 else data


def _outline_rows(result: PaperOutlines) -> list[dict[str, Any]]:
    """One row per section: where it is, and whose."""
    return [
        {
            "ref": o.ref,
            "title": o.title,
            "section": s.label,
            "level": s.level,
            "pages": page_label(s.pages),
            "committees": ", ".join(s.committees),
            "passages": s.passages,
        }
        for o in result.papers
        for s in o.sections
    ]


# --------------------------------------------------------------------------- papers


def papers_text(result: PaperList, style: TextStyle) -> str:
    if not result.papers:
        return "no papers\n"
    return "".join(
        f"{p.ref or '(no reference)'}  {_date(p.date)}  {label(p.classification)}  "
        f"{p.pages} pp.  {p.title}  [{', '.join(p.committees)}]  {style.path(p.path)}\n"
        for p in result.papers
    )


def _paper_rows(result: PaperList) -> list[dict[str, Any]]:
    return [
        {**p.model_dump(mode="json"), "committees": ", ".join(p.committees)} for p in result.papers
    ]


# --------------------------------------------------------------------------- entities, glossary


def entities_text(result: EntityTable, style: TextStyle) -> str:
    return "".join(
        f"{s.type:<12} {s.value:<32} {s.passages:>5}  {s.first_ref or '-'} {_date(s.first_date)}"
        f" → {s.last_ref or '-'} {_date(s.last_date)}\n"
        for s in result.entities
    )


def glossary_text(result: Glossary, style: TextStyle) -> str:
    out: list[str] = []
    for e in result.entries:
        for f in e.forms:
            out.append(
                f"{e.short:<10} {f.long}  ({f.papers} paper{'s' if f.papers != 1 else ''}, "
                f"{f.first_ref or '-'} {_date(f.first_date)} → "
                f"{f.last_ref or '-'} {_date(f.last_date)})"
            )
    return "\n".join(out) + "\n" if out else "no acronyms\n"


def _glossary_rows(result: Glossary) -> list[dict[str, Any]]:
    return [
        _flat({"short": e.short, **form.model_dump(mode="json")})
        for e in result.entries
        for form in e.forms
    ]


def stats_text(s: IndexStats, style: TextStyle) -> str:
    years = f"{s.first_year}–{s.last_year}" if s.first_year else "-"
    unclassified = "".join(f"  {style.path(path)}\n" for path in s.unclassified)
    failed = "".join(f"  {style.path(f.path)}: {f.reason}\n" for f in s.failed)
    return (
        f"papers: {s.papers}\npages: {s.pages}\npassages: {s.passages}\nyears: {years}\n"
        f"index size: {s.size_bytes / 1e6:.1f} MB\n"
        + held_back_line(s.held_back, s.ceiling)
        + (
            f"papers stating no classification (handled as Red):\n{unclassified}"
            * bool(unclassified)
        )
        + (f"files that failed to ingest (tried again by every ingest):\n{failed}" * bool(failed))
    )


VIEWS: dict[type, View] = {
    SearchResult: View(hits_text, lambda r: r.model_dump(mode="json"), lambda r: []),
    TimelineResult: View(timeline_text, _timeline_rows, _timeline_rows),
    PaperOutlines: View(outlines_text, _outlines_data, _outline_rows),
    PaperList: View(
        papers_text, lambda r: [p.model_dump(mode="json") for p in r.papers], _paper_rows
    ),
    EntityTable: View(
        entities_text,
        lambda r: [e.model_dump(mode="json") for e in r.entities],
        lambda r: [_flat(e.model_dump(mode="json")) for e in r.entities],
    ),
    Glossary: View(
        glossary_text, lambda r: [e.model_dump(mode="json") for e in r.entries], _glossary_rows
    ),
    IndexStats: View(
        stats_text, lambda r: r.model_dump(mode="json"), lambda r: [_flat(r.model_dump())]
    ),
    ModificationHistory: View(
        history_text,
        lambda r: r.model_dump(mode="json"),
        lambda r: [_flat(e.model_dump(mode="json")) for e in r.events],
        {"md": history_md},
    ),
    ModificationCatalogue: View(
        catalogue_text,
        lambda r: [row.model_dump(mode="json") for row in r.rows],
        lambda r: [_flat(row) for row in catalogue_rows(r)],
    ),
    RefsResult: View(
        refs_text, lambda r: r.model_dump(mode="json"), lambda r: [], {"dot": refs_dot}
    ),
}


# --------------------------------------------------------------------------- extracted papers

_KIND_MARK = {"paragraph": "", "list_item": "• ", "table_row": "| ", "footnote": "[note] "}


def paper_outline(paper: Paper) -> str:
    """A Paper as a readable outline: metadata, then every heading with its passages under it."""
    out = [_metadata(paper), ""]
    for _, section in paper.all_sections():
        out.append(_heading(section))
        out.extend(_passage(p, indent="  " * section.level) for p in section.passages)
    return "\n".join(out) + "\n"


def _metadata(paper: Paper) -> str:
    meeting = paper.meeting
    fields = [
        ("Reference", paper.ref),
        ("Title", paper.title),
        ("Date", paper.date.isoformat() if paper.date else None),
        ("Action", paper.action),
        ("Classification", paper.classification.value if paper.classification else None),
        (
            "Meeting",
            f"{meeting.number}" + (f" on {meeting.date.isoformat()}" if meeting.date else "")
            if meeting
            else None,
        ),
        ("Paper number", str(paper.paper_number) if paper.paper_number is not None else None),
        ("Author", ", ".join(x for x in (paper.author, paper.team) if x) or None),
        ("Pages", str(paper.page_count)),
        ("Source", f"{paper.source.path} (sha256 {paper.source.sha256[:12]}…)"),
    ]
    lines = [f"{name}: {value}" for name, value in fields if value]
    for a in paper.attachments:
        level = f" [{a.classification.value}]" if a.classification else ""
        lines.append(f"Attachment: {a.title}{level}")
    return "\n".join(lines)


def _heading(section: Section) -> str:
    number = f"{section.number} " if section.number else ""
    first, last = section.pages
    pages = f"p.{first}" if first == last else f"pp.{first}-{last}"
    committees = ", ".join(section.committees)
    return f"{'  ' * (section.level - 1)}{number}{section.title}  [{committees}] {pages}"


def _passage(passage: Passage, indent: str) -> str:
    pages = ",".join(map(str, passage.pages))
    text = f"{_KIND_MARK[passage.kind]}{passage.text} (p.{pages})"
    wrapped = textwrap.fill(
        text,
        width=100,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_on_hyphens=False,
        break_long_words=False,
    )
    links = "".join(f"\n{indent}  -> {uri}" for uri in passage.links)
    return wrapped + links
