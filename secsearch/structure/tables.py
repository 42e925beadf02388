"""Table rows: lines that fall into aligned cells, with wrapped cell lines folded in."""

from __future__ import annotations

import re
from dataclasses import replace

from ..extract import joined_words
from ..models import Line, Word
from .body import BULLETS, BodyStats
from .margins import PageLine
from .textjoin import Vocabulary, joined_lines

CELL_GAP = 0.6
# Cells of consecutive rows line up within this many points.
CELL_ALIGN = 2.0
_LIST_MARKER_RE = re.compile(
    r"^(?:[" + "".join(sorted(BULLETS)) + r"]|\(cid:\d+\)"
    r"|\d+(?:\.\d+)*\.?|\(?[a-z]{1,4}\)|[a-z]\.)$"
)


def with_table_cells(lines: list[PageLine], stats: BodyStats | None = None) -> list[PageLine]:
    """The lines, with table rows given their cell texts and wrapped cell lines folded in.

    A table row is a line that falls into two or more cells (runs of words separated by gaps of
    more than `CELL_GAP` font sizes) in a run of at least two rows on one page whose cells start
    at the same x positions: the alignment is what tells a table from a justified line with one
    wide space. Word wraps text inside a cell, so between two rows there may be continuation
    lines (`_continues_row`); their words join the cells of the row above and the lines go.
    """
    cells = [_cell_words(pl.line) for pl in lines]
    out: list[PageLine] = []
    i = 0
    while i < len(lines):
        rows = _table_rows(lines, cells, i, stats)
        if len(rows) < 2:
            out.append(lines[i])
            i += 1
            continue
        columns = [c[0].x0 for c in cells[i]]
        for row in rows:
            texts: list[list[str]] = [[] for _ in columns]
            for k in row:
                for c in cells[k]:
                    texts[_column_of(c, columns)].append(joined_words(c))
            merged = tuple(joined_lines(t, Vocabulary([])) for t in texts)
            out.append(replace(lines[row[0]], cells=merged))
        i = rows[-1][-1] + 1
    return out


def _table_rows(
    lines: list[PageLine], cells: list[list[list[Word]]], start: int, stats: BodyStats | None
) -> list[list[int]]:
    """Line indices of each row of the table starting at `start` (one row: no table)."""
    first = cells[start]
    if len(first) < 2 or _LIST_MARKER_RE.match(joined_words(first[0])):
        return []
    columns = [c[0].x0 for c in first]
    rows = [[start]]
    j = start + 1
    while j < len(lines) and lines[j].page == lines[start].page:
        prev_k = rows[-1][-1]
        if _is_row(cells[j], columns):
            rows.append([j])
        elif stats is not None and _continues_row(
            lines[j], cells[j], lines[prev_k], columns, stats
        ):
            rows[-1].append(j)
        else:
            break
        j += 1
    return rows


def _is_row(row: list[list[Word]], columns: list[float]) -> bool:
    """True when a line has the table's cells: as many, at the same x positions.

    A first "cell" that is only a list marker (bullet, "2.1", "a)") is a hanging indent, not a
    table column.
    """
    return (
        len(row) == len(columns)
        and not _LIST_MARKER_RE.match(joined_words(row[0]))
        and all(abs(c[0].x0 - x) <= CELL_ALIGN for c, x in zip(row, columns, strict=True))
    )


def _continues_row(
    pl: PageLine,
    line_cells: list[list[Word]],
    prev: PageLine,
    columns: list[float],
    stats: BodyStats,
) -> bool:
    """True when the line is cell text wrapped from the row above rather than a row or paragraph.

    It follows at a line wrap's distance, and each of its cells starts at a column where the line
    above has text and ends before the next column starts; a line with every column filled is a
    new row (`_is_row` is asked first).
    """
    line, last = pl.line, prev.line
    if line.top - last.bottom > stats.wrap_gap(max(line.size, last.size)):
        return False
    above = {_column_of(c, columns) for c in _cell_words(last)}
    for c in line_cells:
        col = _column_of(c, columns)
        if abs(c[0].x0 - columns[col]) > CELL_ALIGN or col not in above:
            return False
        if col + 1 < len(columns) and c[-1].x1 > columns[col + 1]:
            return False
    return True


def _column_of(cell: list[Word], columns: list[float]) -> int:
    """Index of the last column starting at or before the cell (within `CELL_ALIGN`)."""
    x = cell[0].x0
    return max((k for k, c in enumerate(columns) if c <= x + CELL_ALIGN), default=0)


def _cell_words(line: Line) -> list[list[Word]]:
    """The line's words split where the gap between two words is wide enough to part cells."""
    cells = [[line.words[0]]]
    for prev, w in zip(line.words, line.words[1:], strict=False):
        if w.x0 - prev.x1 > CELL_GAP * min(prev.size, w.size):
            cells.append([w])
        else:
            cells[-1].append(w)
    return cells
