"""Reading order and the kind of document, both from the layout alone.

`in_reading_order`: extraction keeps a page's lines top to bottom and marks the lines of a page
set in two columns with their column (`extract.columns`). A columnar region (the lines between
two full-width lines) is read down its first column, then down its second.

`document_kind`: a slide deck, a spreadsheet or a paper, judged from the pages and the text on
them, never from the file's name or the program that wrote it:

* a deck's pages are landscape and its text is set large (slides are read across a room);
* a spreadsheet's body is almost all table rows, on landscape or portrait pages, and no line
  outside the rows is a numbered heading.
"""

from __future__ import annotations

import statistics
from typing import Literal

from ..models import DocumentLayout
from .frontmatter import NUMBERED_RE
from .margins import PageLine

DocumentKind = Literal["paper", "deck", "sheet"]
# Slide text: the median size of a deck's text is at least this (papers: 10–12 pt).
SLIDE_TEXT = 14.0
# A spreadsheet's body lines are table rows at least this often.
SHEET_ROWS = 0.75


def in_reading_order(lines: list[PageLine]) -> list[PageLine]:
    """The lines of each page with every columnar region read column by column."""
    out: list[PageLine] = []
    region: list[PageLine] = []
    for pl in lines:
        if pl.line.column and (not region or region[-1].page == pl.page):
            region.append(pl)
            continue
        out.extend(_by_column(region))
        region = [pl] if pl.line.column else []
        if not pl.line.column:
            out.append(pl)
    out.extend(_by_column(region))
    return out


def _by_column(region: list[PageLine]) -> list[PageLine]:
    return sorted(region, key=lambda pl: pl.line.column)  # stable: top to bottom within each


def is_deck(layout: DocumentLayout) -> bool:
    """True for slides: landscape pages whose text is set large."""
    if not all(page.width > page.height * 1.2 for page in layout.pages):
        return False
    sizes = [line.size for page in layout.pages for line in page.lines for _ in line.text.split()]
    return bool(sizes) and statistics.median(sizes) >= SLIDE_TEXT


def is_sheet(lines: list[PageLine]) -> bool:
    """True when the body is (almost) all table rows and numbers no section: a printed
    spreadsheet (a paper that is mostly one table still numbers its sections)."""
    rows = sum(1 for pl in lines if pl.cells)
    if rows < 3 or rows < SHEET_ROWS * len(lines):
        return False
    return not any(NUMBERED_RE.match(pl.line.text.strip()) for pl in lines if not pl.cells)
