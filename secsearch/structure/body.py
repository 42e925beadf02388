"""Measures of a document's body text that layout decisions are relative to, and bullets.

`BodyStats` holds the body's font size, line spacing and margins; every threshold in this package
is a multiple of one of them, never one PDF writer's exact numbers.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..extract import is_bold_font
from ..models import Line
from .margins import PageLine

BULLETS = frozenset("•●▪■◦○‣⁃∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc")
# A bullet glyph, or a glyph the PDF gives no Unicode for (pdfminer prints "(cid:127)"), then a
# space: Word's Symbol-font bullets come out either way depending on the writer.
_BULLET_RE = re.compile(r"^\s*(?:[" + "".join(sorted(BULLETS)) + r"]|\(cid:\d+\))\s+")
# Cells are separated by gaps wider than this many font sizes: three word spaces and more.


@dataclass(frozen=True)
class BodyStats:
    """Measures of the document's body text that layout decisions are relative to."""

    size: float
    line_gap: float
    left: float
    right: float

    def para_gap(self, size: float) -> float:
        """A gap above this (between lines of this size) separates paragraphs."""
        return self.line_gap * size / self.size + 0.3 * size

    def wrap_gap(self, size: float) -> float:
        """A gap up to this (between lines of this size) is a line wrapping, not a new block."""
        return self.para_gap(size)

    def is_full(self, line: Line) -> bool:
        """True when the line runs (nearly) to the right margin, i.e. the text wrapped."""
        return line.x1 >= self.right - 0.12 * (self.right - self.left)


def body_stats(lines: list[PageLine]) -> BodyStats:
    """Body text size, usual gap between its lines, and its left and right margins."""
    weighted = [pl.line.size for pl in lines for _ in range(max(1, len(pl.line.text) // 20))]
    size = statistics.median(weighted) if weighted else 11.0
    body = [pl for pl in lines if abs(pl.line.size - size) < 0.5]
    gaps = sorted(
        b.line.top - a.line.bottom
        for a, b in zip(body, body[1:], strict=False)
        if a.page == b.page and b.line.top > a.line.bottom - 1
    )
    # Most consecutive body lines sit inside a paragraph: a low quantile is the line gap.
    line_gap = gaps[len(gaps) // 4] if gaps else 0.2 * size
    lefts = [round(pl.line.x0) for pl in body] or [72]
    left = statistics.mode(lefts)
    rights = sorted(pl.line.x1 for pl in body) or [500.0]
    right = rights[int(len(rights) * 0.9) - 1 if len(rights) > 1 else 0]
    return BodyStats(size=size, line_gap=max(0.0, line_gap), left=left, right=right)


def bold_share(line: Line) -> float:
    """Share of the line's characters set in a bold face."""
    total = sum(len(w.text) for w in line.words) or 1
    return sum(len(w.text) for w in line.words if is_bold_font(w.fontname)) / total


def is_bullet(text: str) -> bool:
    """True when the text starts with a bullet glyph followed by a space."""
    return _BULLET_RE.match(text) is not None


def without_bullet(text: str) -> str:
    """The text after its leading bullet glyph."""
    return _BULLET_RE.sub("", text, count=1)
