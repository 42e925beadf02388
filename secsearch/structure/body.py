"""Measures of a document's body text that layout decisions are relative to, and bullets.

`BodyStats` holds the body's font size, font, colour, line spacing and margins; every threshold
in this package is a multiple of one of them or a comparison with them, never one PDF writer's
exact numbers.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..extract import is_bold_font
from ..models import Line
from .margins import PageLine

BULLETS = frozenset("•●▪■◦○‣⁃∙·–\uf0b7\uf0a7\uf076\uf0d8\uf0fc")
# A bullet glyph, or a glyph the PDF gives no Unicode for (pdfminer prints "(cid:127)"), then a
# space: Word's Symbol-font bullets come out either way depending on the writer. An en dash is a
# bullet only where a line opens with it (slide decks' sub-bullets, reportlab lists).
_BULLET_RE = re.compile(r"^\s*(?:[" + "".join(sorted(BULLETS)) + r"]|\(cid:\d+\))\s+")
# A typed or automatic list marker: "a)", "(a)", "iv)", "1.", "2)" then a space.
_LIST_MARKER_RE = re.compile(
    r"^\s*(?:\(?[a-z]\)|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)|\d{1,2}[.)])\s+"
)
_ITALIC_RE = re.compile(r"italic|oblique", re.I)


@dataclass(frozen=True)
class BodyStats:
    """Measures of the document's body text that layout decisions are relative to."""

    size: float
    line_gap: float
    left: float
    right: float
    fontname: str = ""
    color: str = ""
    # The right edge of body text in each (page, column) of a page set in columns.
    column_right: dict[tuple[int, int], float] = field(default_factory=dict)

    def para_gap(self, size: float) -> float:
        """A gap above this (between lines of this size) separates paragraphs."""
        return self.line_gap * size / self.size + 0.3 * size

    def wrap_gap(self, size: float) -> float:
        """A gap up to this (between lines of this size) is a line wrapping, not a new block."""
        return self.para_gap(size)

    def is_full(self, pl: PageLine) -> bool:
        """True when the line runs (nearly) to the right margin, i.e. the text wrapped."""
        right = self.column_right.get((pl.page, pl.line.column), self.right)
        left = self.left if not pl.line.column else right - (self.right - self.left) / 2
        return pl.line.x1 >= right - 0.12 * (right - left)


def body_stats(lines: list[PageLine]) -> BodyStats:
    """Body text size, font, colour, usual gap between its lines, and its margins."""
    weighted = [pl.line.size for pl in lines for _ in range(max(1, len(pl.line.text) // 20))]
    size = statistics.median(weighted) if weighted else 11.0
    body = [pl for pl in lines if abs(pl.line.size - size) < 0.5]
    gaps = sorted(
        b.line.top - a.line.bottom
        for a, b in zip(body, body[1:], strict=False)
        if a.page == b.page and a.line.column == b.line.column and b.line.top > a.line.bottom - 1
    )
    # Most consecutive body lines sit inside a paragraph: a low quantile is the line gap.
    line_gap = gaps[len(gaps) // 4] if gaps else 0.2 * size
    lefts = [round(pl.line.x0) for pl in body if not pl.line.column] or [72]
    left = statistics.mode(lefts)
    rights = sorted(pl.line.x1 for pl in body if not pl.line.column) or [500.0]
    right = rights[int(len(rights) * 0.9) - 1 if len(rights) > 1 else 0]
    return BodyStats(
        size=size,
        line_gap=max(0.0, line_gap),
        left=left,
        right=right,
        fontname=_most_common(pl.line.fontname for pl in body),
        color=_most_common(pl.line.color for pl in body),
        column_right=_column_rights(body),
    )


def _most_common(values: object) -> str:
    counts = Counter(values)  # type: ignore[call-overload]
    return str(counts.most_common(1)[0][0]) if counts else ""


def _column_rights(body: list[PageLine]) -> dict[tuple[int, int], float]:
    """The right edge of the text of each column of each page set in columns."""
    edges: dict[tuple[int, int], list[float]] = {}
    for pl in body:
        if pl.line.column:
            edges.setdefault((pl.page, pl.line.column), []).append(pl.line.x1)
    return {key: max(xs) for key, xs in edges.items()}


def bold_share(line: Line) -> float:
    """Share of the line's characters set in a bold face."""
    total = bold = 0
    for w in line.words:
        n = len(w.text)
        total += n
        if is_bold_font(w.fontname):
            bold += n
    return bold / (total or 1)


def is_italic(line: Line) -> bool:
    """True when most of the line is set in an italic or oblique face."""
    return _ITALIC_RE.search(line.fontname) is not None


def is_bullet(text: str) -> bool:
    """True when the text starts with a bullet glyph followed by a space."""
    return _BULLET_RE.match(text) is not None


def is_list_marker(text: str) -> bool:
    """True when the text opens with a typed list marker ("a)", "(ii)", "1.", "2)")."""
    return _LIST_MARKER_RE.match(text) is not None


def without_bullet(text: str) -> str:
    """The text after its leading bullet glyph."""
    return _BULLET_RE.sub("", text, count=1)
