"""Table rows: lines that fall into aligned cells, with wrapped cell lines folded into their row.

A table is a run of lines on one page whose cells (runs of words parted by gaps wider than
`CELL_GAP` font sizes) start in the same columns, at least two of them with two or more cells;
the alignment is what tells a table from a justified line with one wide space. A line belongs to
the run while each of its cells starts in one of the table's columns.

Inside a run, which lines start a row? Writers wrap text inside a cell, so a row may take several
lines; rows are set further apart than the lines inside a row (cell padding, borders, a row
height). So when the gaps between the run's lines differ, the smallest is a wrap inside a cell,
and a line after a gap clearly larger than that starts a row. When every gap is the same, every
row is one line, except a line whose first column is empty (it continues the cell text of the
row above).

Across a page break (`joined_across_pages`): a table continued on the next page often repeats
its header row there. A repeated header row is print furniture, not content: every copy of it,
the first included, is dropped. Lines at the top of the next page that only fill some columns
and come before its first full row finish the last row of the page before (a row the writer let
break across the page).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..extract import joined_words
from ..models import Line, Word
from .body import BULLETS, BodyStats
from .margins import PageLine
from .textjoin import Vocabulary, joined_lines

# Cells are separated by gaps wider than this many font sizes: three word spaces and more.
CELL_GAP = 0.6
# Cells of one column start within this many points of each other.
CELL_ALIGN = 2.0
# Cell text joins its wrapped lines with no document vocabulary to consult.
_NO_VOCABULARY = Vocabulary([])
_LIST_MARKER_RE = re.compile(
    r"^(?:[" + "".join(sorted(BULLETS)) + r"]|\(cid:\d+\)"
    r"|\d+(?:\.\d+)*\.?|\(?[a-z]{1,4}\)|[a-z]\.)$"
)


def cell_texts(line: Line) -> list[str]:
    """The texts of the line's cells (one cell for a line of running text)."""
    return [joined_words(c) for c in _cell_words(line)]


def with_table_cells(lines: list[PageLine], stats: BodyStats | None = None) -> list[PageLine]:
    """The lines, with each table row given its cell texts and its wrapped lines folded in."""
    cells = [_cell_words(pl.line) for pl in lines]
    out: list[PageLine] = []
    previous: tuple[int, list[float]] = (-1, [])  # the last table's page and column starts
    i = 0
    while i < len(lines):
        rows = _table_rows(lines, cells, i, stats)
        if len(rows) < 2:
            out.append(lines[i])
            i += 1
            continue
        run = [k for row in rows for k in row]
        starts = _column_starts(cells, run) + [c[0].x0 for c in cells[run[0]]]
        if _continues_table(lines, i, previous[0]):
            starts += previous[1]  # the same table, continued at the top of the next page
        previous = (lines[run[-1]].page, starts)
        split = {k: _split_at(cells[k], starts) for k in run}
        grid = _Grid(max((split[row[0]] for row in rows), key=len))
        for row in rows:
            texts: list[list[str]] = [[] for _ in grid.starts]
            for k in row:
                for c in split[k]:
                    texts[grid.column_of(c)].append(joined_words(c))
            merged = tuple(joined_lines(t, _NO_VOCABULARY) for t in texts)
            out.append(replace(lines[row[0]], cells=merged))
        i = rows[-1][-1] + 1
    return out


def _continues_table(lines: list[PageLine], i: int, previous_page: int) -> bool:
    """True when the table at `i` opens its page and a table ended on the page before."""
    return lines[i].page == previous_page + 1 and (i == 0 or lines[i - 1].page != lines[i].page)


def _column_starts(cells: list[list[list[Word]]], run: list[int]) -> list[float]:
    """Where columns start: x positions at which cells of three or more of the run's lines start
    (a spreadsheet packs its cells closer than a word space, so the gaps alone miss some; the
    caller adds the cells of the table's first line, its header). Cells that start together and
    also end together are numbers set right in their column: where they start is no column edge
    (a heading's "(£k)" may start there by chance)."""
    found: list[list[list[Word]]] = []
    for k in run:
        for c in cells[k]:
            for group in found:
                if abs(group[0][0].x0 - c[0].x0) <= CELL_ALIGN:
                    group.append(c)
                    break
            else:
                found.append([c])
    return sorted(
        group[0][0].x0
        for group in found
        if len(group) >= 3
        and max(c[-1].x1 for c in group) - min(c[-1].x1 for c in group) > CELL_ALIGN
    )


def _split_at(row: list[list[Word]], starts: list[float]) -> list[list[Word]]:
    """The line's cells, further split where a word starts at one of the column starts."""
    out: list[list[Word]] = []
    for cell in row:
        out.append([cell[0]])
        for w in cell[1:]:
            if any(abs(w.x0 - x) <= CELL_ALIGN for x in starts):
                out.append([w])
            else:
                out[-1].append(w)
    return out


class _Grid:
    """A table's columns, from the cells of one of its rows: column k runs from halfway between
    cell k-1's end and cell k's start to halfway to the next, so a cell set right or centred in
    its column (a number under a wider or narrower heading) still falls into it."""

    def __init__(self, row: list[list[Word]]) -> None:
        self.starts = [c[0].x0 for c in row]
        self.bounds = [(a[-1].x1 + b[0].x0) / 2 for a, b in zip(row, row[1:], strict=False)]

    def column_of(self, cell: list[Word]) -> int:
        x = cell[0].x0
        return sum(1 for bound in self.bounds if bound <= x)

    def fits(self, row: list[list[Word]]) -> bool:
        """True when each of the line's cells falls in a column of its own."""
        # A list item's marker and hanging indent are not two cells; but a number in the first
        # column with text in another column is a row's wrapped cell ("Party" / "1").
        if (
            len(row) == 2
            and _LIST_MARKER_RE.match(marker := joined_words(row[0]))
            and not (
                marker.isdigit()
                and any(abs(row[1][0].x0 - x) <= CELL_ALIGN for x in self.starts[1:])
            )
        ):
            return False
        if row[0][0].x0 < self.starts[0] - CELL_ALIGN:
            return False
        columns = [self.column_of(c) for c in row]
        return len(set(columns)) == len(columns)

    def refined_by(self, row: list[list[Word]]) -> bool:
        """True when the line has more cells, starting at every column start and more."""
        starts = [c[0].x0 for c in row]
        return len(starts) > len(self.starts) and all(
            any(abs(x - y) <= CELL_ALIGN for y in starts) for x in self.starts
        )

    def starts_row(self, row: list[list[Word]]) -> bool:
        """True when the line has text in the first column, at the table's left edge."""
        return abs(row[0][0].x0 - self.starts[0]) <= CELL_ALIGN


def _table_rows(
    lines: list[PageLine], cells: list[list[list[Word]]], start: int, stats: BodyStats | None
) -> list[list[int]]:
    """Line indices of each row of the table starting at `start` (one row or none: no table)."""
    first = cells[start]
    if len(first) < 2 or len(first) == 2 and _LIST_MARKER_RE.match(joined_words(first[0])):
        return []
    grid = _Grid(first)
    run = [start]
    j = start + 1
    while j < len(lines) and lines[j].page == lines[start].page:
        if grid.refined_by(cells[j]):
            grid = _Grid(cells[j])  # a row that shows columns the first one ran together
        if not grid.fits(cells[j]) or not _close(lines[j - 1], lines[j], stats, len(cells[j])):
            break
        run.append(j)
        j += 1
    multi = [k for k in run if len(cells[k]) >= 2 and grid.starts_row(cells[k])]
    if len(multi) < 2:
        return []
    return _rows_of(lines, cells, run, grid)


def _rows_of(
    lines: list[PageLine], cells: list[list[list[Word]]], run: list[int], grid: _Grid
) -> list[list[int]]:
    """The run's lines grouped into rows (the rule of the module docstring)."""
    gaps = [lines[k].line.top - lines[k - 1].line.bottom for k in run[1:]]
    size = lines[run[0]].line.size
    split = None
    if gaps and max(gaps) - min(gaps) >= 0.2 * size:
        # The smallest gap is a wrap inside a cell; rows stand clearly further apart.
        split = min(gaps) + 0.15 * size
    rows = [[run[0]]]
    for k, gap in zip(run[1:], gaps, strict=True):
        if gap > split if split is not None else grid.starts_row(cells[k]):
            rows.append([k])
        else:
            rows[-1].append(k)
    return rows


def _close(prev: PageLine, pl: PageLine, stats: BodyStats | None, cells: int) -> bool:
    """True when `pl` follows `prev` closely enough to be in the same table: a line of several
    cells within three lines' height (a spreadsheet sets tall rows), a single cell (wrapped cell
    text, or a paragraph after the table) within a paragraph gap and a line."""
    size = max(prev.line.size, pl.line.size)
    limit = (stats.para_gap(size) if stats else 0.3 * size) + size
    if cells >= 2:
        limit = max(limit, 3 * size)
    return pl.line.top - prev.line.bottom <= limit


def _cell_words(line: Line) -> list[list[Word]]:
    """The line's words split where the gap between two words is wide enough to part cells."""
    cells = [[line.words[0]]]
    for prev, w in zip(line.words, line.words[1:], strict=False):
        if w.x0 - prev.x1 > CELL_GAP * min(prev.size, w.size):
            cells.append([w])
        else:
            cells[-1].append(w)
    return cells


# --------------------------------------------------------------------------- across pages


def joined_across_pages(lines: list[PageLine]) -> list[PageLine]:
    """The lines with repeated header rows dropped and rows split by a page break made whole
    (the second half of the module docstring)."""
    drop: set[int] = set()
    out = list(lines)
    for i, pl in enumerate(lines):
        if not pl.cells or i == 0:
            continue
        prev_row = _last_row_before(lines, i)
        if prev_row is None or lines[prev_row].page != pl.page - 1:
            continue
        first = _table_start(lines, prev_row)
        if lines[first].cells != pl.cells or len(pl.cells) != len(lines[prev_row].cells):
            continue
        drop.update({first, i})
        # Lines that finish the row split by the page break follow the repeated header.
        j = i + 1
        while j < len(lines) and lines[j].page == pl.page and _finishes_row(lines[j], pl):
            out[prev_row] = _with_more_text(out[prev_row], lines[j])
            drop.add(j)
            j += 1
    return [pl for k, pl in enumerate(out) if k not in drop]


def _last_row_before(lines: list[PageLine], i: int) -> int | None:
    """Index of the table row just before line `i`, if line `i` is the first line of its page
    and the page before ends with a table (footnotes aside)."""
    if lines[i - 1].page == lines[i].page:
        return None
    k = i - 1
    while k >= 0 and lines[k].page == lines[i - 1].page and not lines[k].cells:
        if lines[k].line.size >= lines[i].line.size:
            return None
        k -= 1
    return k if k >= 0 and lines[k].cells else None


def _table_start(lines: list[PageLine], k: int) -> int:
    """Index of the first row of the table that row `k` belongs to."""
    while k > 0 and lines[k - 1].cells and lines[k - 1].page == lines[k].page:
        k -= 1
    return k


def _finishes_row(pl: PageLine, header: PageLine) -> bool:
    """True for cell text that is no row of its own: it leaves the first column empty."""
    if pl.cells:
        return not pl.cells[0] and len(pl.cells) == len(header.cells)
    return pl.line.x0 > header.line.x0 + CELL_ALIGN


def _with_more_text(row: PageLine, more: PageLine) -> PageLine:
    """The row with a continuation's text added, cell by cell (or to the cell a bare line of cell
    text sits in), and the continuation's page among the row's pages."""
    cells = list(row.cells)
    if more.cells:
        for k, text in enumerate(more.cells):
            if text:
                cells[k] = joined_lines([cells[k], text], _NO_VOCABULARY)
    else:
        k = min(_Grid(_cell_words(row.line)).column_of(more.line.words), len(cells) - 1)
        cells[k] = joined_lines([cells[k], more.line.text], _NO_VOCABULARY)
    return replace(row, cells=tuple(cells), pages=tuple(sorted({*row.pages, more.page})))
