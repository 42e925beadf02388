"""Text lines between two headings → passages: paragraphs, list items and table rows.

Paragraph boundaries come from measures relative to the document's own body text, so papers from
Word, Acrobat or LibreOffice split alike:

* a vertical gap clearly larger than the body's line spacing (`BodyStats.para_gap`);
* a bullet glyph at the start of a line (a new list item);
* a return to the left margin after a list item's hanging indent;
* a first-line indent;
* a short line ending a sentence (the last line of a paragraph that has no space after it).

Across a page break a paragraph continues unless its last line ends a sentence — and even then
it continues when that line runs to the right margin and the next page starts in lower case.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .extract import is_bold_font, joined_words
from .margins import PageLine
from .models import Classification, Line, Passage, PassageKind, Word
from .textjoin import Vocabulary, joined_lines

BULLETS = frozenset("•●▪■◦○‣⁃∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc")
# A bullet glyph, or a glyph the PDF gives no Unicode for (pdfminer prints "(cid:127)"), then a
# space: Word's Symbol-font bullets come out either way depending on the writer.
_BULLET_RE = re.compile(r"^\s*(?:[" + "".join(sorted(BULLETS)) + r"]|\(cid:\d+\))\s+")
# Cells are separated by gaps wider than this many font sizes: three word spaces and more.
CELL_GAP = 0.6
# Cells of consecutive rows line up within this many points.
CELL_ALIGN = 2.0
_LIST_MARKER_RE = re.compile(
    r"^(?:[" + "".join(sorted(BULLETS)) + r"]|\(cid:\d+\)"
    r"|\d+(?:\.\d+)*\.?|\(?[a-z]{1,4}\)|[a-z]\.)$"
)
_SENTENCE_END = (".", "!", "?", ":", ".”", ".’", '."', ".)")


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


@dataclass
class _Block:
    kind: PassageKind
    lines: list[PageLine] = field(default_factory=list)

    @property
    def text_x0(self) -> float:
        """Where the item's text starts: after the bullet for a list item."""
        first = self.lines[0].line
        if self.kind == "list_item" and len(first.words) > 1 and is_bullet(first.text):
            return first.words[1].x0
        return first.x0


def passages_of(
    lines: list[PageLine],
    stats: BodyStats,
    vocabulary: Vocabulary,
    page_classification: dict[int, Classification | None],
) -> list[Passage]:
    """The passages the lines form, in reading order."""
    return [_passage(b, vocabulary, page_classification) for b in _blocks(lines, stats)]


def _blocks(lines: Iterable[PageLine], stats: BodyStats) -> list[_Block]:
    """Lines grouped into paragraphs and list items."""
    blocks: list[_Block] = []
    for pl in lines:
        kind: PassageKind = "list_item" if is_bullet(pl.line.text) else "paragraph"
        if pl.cells:
            blocks.append(_Block("table_row", [pl]))
        elif (
            not blocks
            or kind == "list_item"
            or blocks[-1].kind == "table_row"
            or _starts_paragraph(blocks[-1], pl, stats)
        ):
            blocks.append(_Block(kind, [pl]))
        else:
            blocks[-1].lines.append(pl)
    return blocks


def _starts_paragraph(block: _Block, pl: PageLine, stats: BodyStats) -> bool:
    """True when `pl` does not continue `block` (see the module docstring)."""
    prev = block.lines[-1]
    line, last = pl.line, prev.line
    tol = 0.5 * stats.size
    if pl.page != prev.page:
        return _ends_sentence(last.text) and not (stats.is_full(last) and line.text[:1].islower())
    if line.top - last.bottom > stats.para_gap(max(line.size, last.size)):
        return True
    if block.kind == "list_item" and line.x0 < block.text_x0 - tol:
        return True
    if len(block.lines) > 1 and line.x0 > last.x0 + tol:
        return True
    if block.kind == "paragraph" and len(block.lines) == 1 and line.x0 > last.x0 + tol:
        return True
    return _ends_sentence(last.text) and not stats.is_full(last)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


def _passage(
    block: _Block, vocabulary: Vocabulary, page_classification: dict[int, Classification | None]
) -> Passage:
    texts = [pl.line.text for pl in block.lines]
    if block.kind == "table_row":
        texts = [" | ".join(block.lines[0].cells)]
    elif block.kind == "list_item":
        texts[0] = without_bullet(texts[0])
    pages = sorted({pl.page for pl in block.lines})
    links: list[str] = []
    for pl in block.lines:
        links.extend(uri for uri in pl.line.links if uri not in links)
    return Passage(
        text=joined_lines(texts, vocabulary),
        pages=pages,
        kind=block.kind,
        classification=page_classification.get(pages[0]),
        links=links,
    )
