"""Text from papers made into safe HTML: matched words marked, entities linked, bars for charts.

Every piece of paper text passes through `escape` here or through Jinja2's autoescaping in the
templates; nothing from a paper is ever inserted as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..models import Classification, Entity
from ..policy import label

_MATCH = re.compile(r"\*\*(.+?)\*\*", re.S)


def marked_snippet(snippet: str) -> Markup:
    """A snippet whose matched words the index marked `**like this**`, as HTML with <mark>."""
    out: list[str] = []
    at = 0
    for m in _MATCH.finditer(snippet):
        out.append(escape(snippet[at : m.start()]))
        out.append(Markup("<mark>%s</mark>") % m.group(1))
        at = m.end()
    out.append(escape(snippet[at:]))
    return Markup("").join(out)


def linked_entities(text: str, entities: list[Entity], href: Callable[[str], str]) -> Markup:
    """Passage text with each tagged entity a link to its mentions (`href(value)`); overlapping
    or out-of-range offsets are left as plain text."""
    out: list[str] = []
    at = 0
    for e in sorted(entities, key=lambda e: (e.start, -e.end)):
        if e.start < at or e.end > len(text) or e.start >= e.end:
            continue
        out.append(escape(text[at : e.start]))
        out.append(
            Markup('<a class="ent ent-%s" href="%s" title="%s: %s">%s</a>')
            % (e.type.lower(), href(e.value), e.type, e.value, text[e.start : e.end])
        )
        at = e.end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def badge(level: Classification | str | None) -> Markup:
    """A classification badge: WHITE, GREEN, AMBER, RED or UNCLASSIFIED."""
    if isinstance(level, str) and not isinstance(level, Classification):
        level = Classification(level) if level else None
    text = label(level)
    return Markup('<span class="badge badge-%s">%s</span>') % (text.lower(), text)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart, in the SVG's user units."""

    period: str
    count: int
    x: float
    y: float
    width: float
    height: float


CHART_WIDTH = 640
CHART_HEIGHT = 120
CHART_BASELINE = 100  # bars stand on this line; labels go below it


def bars(counts: list[tuple[str, int]]) -> list[Bar]:
    """Bars for counts per period, scaled so the tallest reaches the top."""
    if not counts:
        return []
    peak = max(n for _, n in counts) or 1
    slot = CHART_WIDTH / len(counts)
    top = 16  # room for the count above the tallest bar
    out = []
    for i, (period, n) in enumerate(counts):
        height = (CHART_BASELINE - top) * n / peak
        out.append(
            Bar(
                period=period,
                count=n,
                x=round(i * slot + slot * 0.15, 1),
                y=round(CHART_BASELINE - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
            )
        )
    return out
