"""Pages set in two columns: the gutter found from the words, so that lines never span it.

Grouping words into lines by height alone joins the two columns of a bulletin into one line
("…the new continuity plans were in place and that it did not expect"), and a heading at the foot
of column 1 with a body line of column 2. So before lines are formed, a page is searched for a
gutter: an x position where, on many lines, one stretch of wrapped text ends and another starts
(both longer than half their column), with nothing printed across it. A table is no column
layout: its cells are short, and a row has more than one gap.

Where a gutter is found, the page is cut into regions top to bottom: a line printed across the
gutter (a masthead, a full-width heading) is a region of its own; the lines between such lines
are a columnar region whose words are grouped into lines column by column. Lines keep their
top-to-bottom order on the page and carry their column (1 or 2; 0 for full width); the structure
stage reads a columnar region's first column before its second.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..models import Word

# Two stretches of text are apart when the gap between them is at least this many font sizes
# (a gutter is wider than any word space, even on a justified line).
GUTTER_GAP = 1.2
# The gutter's right edge lies in this share of the page width, counted from each side.
GUTTER_ZONE = (0.3, 0.7)
# A page is set in columns when at least this many lines, and this share of its lines, have
# long text on both sides of the gutter.
MIN_SPLIT_LINES = 6
MIN_SPLIT_SHARE = 0.3
# Text on each side of the gutter counts as a column's line when it fills this share of it.
FILLED = 0.5

LineGroups = list[tuple[int, list[Word]]]


def in_columns(
    lines: list[list[Word]], width: float, group: Callable[[list[Word]], list[list[Word]]]
) -> LineGroups:
    """The page's lines as (column, words) pairs, top to bottom; `lines` is the page grouped by
    height alone, and `group` groups a set of words into lines."""
    gutter = _gutter(lines, width)
    if gutter is None:
        return [(0, words) for words in lines]
    out: LineGroups = []
    region: list[Word] = []
    for words in lines:
        if _crosses(words, gutter):
            out.extend(_columns_of(region, gutter, group))
            region = []
            out.append((0, words))
        else:
            region.extend(words)
    out.extend(_columns_of(region, gutter, group))
    return sorted(out, key=lambda item: (item[1][0].top, item[0]))


def _columns_of(
    words: list[Word], gutter: float, group: Callable[[list[Word]], list[list[Word]]]
) -> LineGroups:
    """A columnar region's words grouped into lines within each column."""
    left = [w for w in words if w.x0 < gutter]
    right = [w for w in words if w.x0 >= gutter]
    return [(1, ws) for ws in group(left)] + [(2, ws) for ws in group(right)]


def _gutter(lines: list[list[Word]], width: float) -> float | None:
    """The x where the second column starts, if the page is set in two columns."""
    starts: Counter[float] = Counter()
    for words in lines:
        split = _split_point(words, width)
        if split is not None:
            starts[round(split)] += 1
    if not starts:
        return None
    x, n = starts.most_common(1)[0]
    if n < MIN_SPLIT_LINES or n < MIN_SPLIT_SHARE * len(lines):
        return None
    # The line's second stretch may start a point or two off the column edge (a bullet's hang).
    return x - 2.0


def _split_point(words: list[Word], width: float) -> float | None:
    """Where the line's second stretch starts, when the line is two long stretches of text split
    by one wide gap in the middle of the page."""
    gaps = [
        i
        for i in range(1, len(words))
        if words[i].x0 - words[i - 1].x1 >= GUTTER_GAP * min(words[i].size, words[i - 1].size)
    ]
    if len(gaps) != 1:
        return None
    i = gaps[0]
    x = words[i].x0
    if not GUTTER_ZONE[0] * width <= x <= GUTTER_ZONE[1] * width:
        return None
    left_width = words[i - 1].x1 - words[0].x0
    right_width = words[-1].x1 - x
    # The left stretch reaches the gutter; both are long (wrapped text, not a table's cells).
    if left_width < FILLED * (x - words[0].x0) or right_width < FILLED * (width - x) * 0.8:
        return None
    return x


def _crosses(words: list[Word], gutter: float) -> bool:
    """True when the line is printed across the gutter: a word spans it, or two words on either
    side of it sit closer together than a gutter's width."""
    for prev, w in zip(words, words[1:], strict=False):
        if prev.x0 < gutter <= w.x0 and w.x0 - prev.x1 < GUTTER_GAP * min(prev.size, w.size):
            return True
    return any(w.x0 < gutter < w.x1 for w in words)
