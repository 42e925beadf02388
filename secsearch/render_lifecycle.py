"""How `history`, `modifications` and `refs` results read: text, Markdown, Graphviz DOT, rows.

The views `render.py` registers for `ModificationHistory`, `ModificationCatalogue` and
`RefsResult` (JSON is the model's own dump). Kept apart from `render.py` so the lifecycle
commands' layouts live together; nothing here imports `render` (it imports these).
"""

from __future__ import annotations

import json
from typing import Any

from .policy import held_back_note, label
from .query import Gated, ModificationCatalogue, ModificationHistory, RefsResult, format_date
from .query.lifecycle_results import HistoryEvent

PAPER_DATED = "*"
_LEGEND = f"{PAPER_DATED} the paper's date: the text gives none\n"


def _date(d: Any) -> str:
    return format_date(d) if d else "undated"


def _level(classification: Any) -> str:
    return f" [{label(classification)}]"


def _held_back(result: Gated) -> list[str]:
    """The line saying what the ceiling held back (text output; other formats say it on
    stderr), or none."""
    if not result.held_back:
        return []
    return [held_back_note(result.held_back, result.ceiling, leaves_the_tool=False)]


def _event_date(e: HistoryEvent) -> str:
    return _date(e.date) + (PAPER_DATED if e.date_source == "paper" else "")


def _span(first: Any, last: Any) -> str:
    return _date(first) if first == last else f"{_date(first)} → {_date(last)}"


def _dates(dates: list[Any]) -> str:
    if len(dates) <= 4:
        return ", ".join(_date(d) for d in dates)
    return f"{_date(dates[0])} → {_date(dates[-1])}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


SHOWN_SOURCES = 5


def _cited(e: HistoryEvent) -> list[str]:
    """Each citation of an event once (two passages of one section and page cite alike), the
    first `SHOWN_SOURCES` of them: a step restated by hundreds of papers lists them in JSON."""
    counts: dict[str, int] = {}
    for s in e.sources:
        line = s.citation + _level(s.classification)
        counts[line] = counts.get(line, 0) + 1
    lines = [line + (f" ({n} passages)" if n > 1 else "") for line, n in counts.items()]
    if len(lines) > SHOWN_SOURCES:
        more = len(lines) - SHOWN_SOURCES + 1
        lines = [*lines[: SHOWN_SOURCES - 1], f"… and {more} more papers (--format json lists all)"]
    return lines


# --------------------------------------------------------------------------- history


def history_text(h: ModificationHistory, style: object = None) -> str:
    title = max(h.titles, key=lambda t: t.passages).title if h.titles else ""
    out = [f"{h.modification}  {title}".rstrip()]
    if h.alternative_of:
        out.append(f"alternative solution of {h.alternative_of}")
    if h.status:
        out.append(f"status: {h.status.label}, {_event_date(h.status)}")
    out.append(
        f"mentioned in {_plural(h.papers, 'paper')} ({_plural(h.passages, 'passage')}), "
        f"{_span(h.first_date, h.last_date)}"
    )
    out += ["", "titles"]
    for t in h.titles:
        out.append(
            f"  ‘{t.title}’  {_plural(t.passages, 'passage')}, {t.first_ref or '-'} "
            f"{_date(t.first_date)} → {t.last_ref or '-'} {_date(t.last_date)}"
        )
    out += ["", "events"]
    width = max((len(_event_date(e)) for e in h.events), default=0)
    for e in h.events:
        out.append(f"  {_event_date(e):<{width}}  {e.label}")
        out += [f"      {line}" for line in _cited(e)]
    if not h.events:
        out.append("  (none stated)")
    out += ["", "committees"]
    for c in h.committees:
        out.append(f"  {c.committee:<9} {_plural(c.papers, 'paper')}: {_dates(c.dates)}")
    if h.related:
        out += ["", "related"]
        for r in h.related:
            together = f" ({_plural(r.passages, 'passage')} together)" if r.passages else ""
            out.append(f"  {r.modification:<7} {r.relation}{together}")
    if any(e.date_source == "paper" for e in h.events):
        out += ["", _LEGEND.rstrip()]
    out += _held_back(h)
    return "\n".join(out) + "\n"


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("*", "\\*").replace("\n", " ")


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def history_md(h: ModificationHistory) -> str:
    title = max(h.titles, key=lambda t: t.passages).title if h.titles else ""
    out = [f"# {h.modification} {title}".rstrip(), ""]
    if h.status:
        out += [f"**Status:** {h.status.label}, {_cell(_event_date(h.status))}", ""]
    out += [
        f"Mentioned in {_plural(h.papers, 'paper')} ({_plural(h.passages, 'passage')}), "
        f"{_span(h.first_date, h.last_date)}.",
        "",
        "## Titles",
        "",
    ]
    out += _table(
        ["title", "passages", "first", "last"],
        [
            [
                t.title,
                t.passages,
                f"{t.first_ref} {_date(t.first_date)}",
                f"{t.last_ref} {_date(t.last_date)}",
            ]
            for t in h.titles
        ],
    )
    out += ["", "## Events", ""]
    out += _table(
        ["date", "step", "stated in"],
        [
            [
                _event_date(e),
                e.label,
                "<br>".join(s.citation + _level(s.classification) for s in e.sources),
            ]
            for e in h.events
        ],
    )
    out += ["", "## Committees", ""]
    out += _table(
        ["committee", "papers", "dates"],
        [[c.committee, c.papers, ", ".join(_date(d) for d in c.dates)] for c in h.committees],
    )
    if h.related:
        out += ["", "## Related modifications", ""]
        out += _table(
            ["modification", "relation", "passages together"],
            [[r.modification, r.relation, r.passages] for r in h.related],
        )
    if any(e.date_source == "paper" for e in h.events):
        out += ["", _cell(_LEGEND.rstrip())]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- the catalogue


def catalogue_text(c: ModificationCatalogue, style: object = None) -> str:
    if not c.rows:
        return "\n".join(["no modifications", *_held_back(c)]) + "\n"
    out = []
    for r in c.rows:
        title = r.title or ""
        title = title if len(title) <= 40 else title[:39] + "…"
        status = f"{r.status}, {_date(r.status_date)}" if r.status else "-"
        out.append(
            f"{r.modification:<7} {title:<40} {_plural(r.papers, 'paper'):>10} "
            f"{_plural(r.passages, 'passage'):>12}  {_span(r.first_date, r.last_date)}  {status}"
        )
    out += [_plural(len(c.rows), "modification"), *_held_back(c)]
    return "\n".join(out) + "\n"


def catalogue_rows(c: ModificationCatalogue) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in c.rows]


# --------------------------------------------------------------------------- refs


def refs_text(r: RefsResult, style: object = None) -> str:
    head = f"{r.focus}  {r.title}" if r.title else r.focus
    out = [head + (f", {_date(r.date)}" if r.date else "")]
    if r.kind == "paper":
        for label, links in (("cites", r.cites), ("cited by", r.cited_by)):
            out.append(f"{label} ({len(links)}):")
            for link in links:
                name = f"{link.title}, {_date(link.date)}" if link.title else "(not in the index)"
                out.append(f"  {link.ref or '-'}  {name}  ({_plural(link.passages, 'passage')})")
        out.append("modifications: " + (", ".join(r.modifications) or "-"))
    else:
        out.append(f"papers ({len(r.papers)}):")
        for link in r.papers:
            out.append(
                f"  {link.ref or '-'}  {link.title}, {_date(link.date)}  "
                f"({_plural(link.passages, 'passage')})"
            )
        changes = [f"{c.sec_ref} ({', '.join(c.refs)})" for c in r.changes]
        out.append("changes: " + ("; ".join(changes) or "-"))
    out += _held_back(r)
    return "\n".join(out) + "\n"


def _dot_id(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


_SHAPES = {"paper": "box", "modification": "ellipse", "sec_ref": "note"}


def refs_dot(r: RefsResult) -> str:
    """The graph in Graphviz DOT: papers as boxes, modifications as ellipses, SEC parts as notes."""
    out = ["digraph refs {", "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for n in r.nodes:
        bold = ", penwidth=2" if n.label == r.focus else ""
        out.append(f"  {_dot_id(n.id)} [label={_dot_id(n.label)}, shape={_SHAPES[n.kind]}{bold}];")
    for e in r.edges:
        label = e.relation.replace("_", " ")
        out.append(f"  {_dot_id(e.source)} -> {_dot_id(e.target)} [label={_dot_id(label)}];")
    return "\n".join(out) + "\n}\n"
