"""Running headers, footers and page numbers: found by repetition and position, then set aside.

A real Panel paper's footer holds the classification statement ("This document is classified as
White in accordance with the Panel Information Policy…") and often "Page N of M"; its header may
repeat the paper reference. None of it is body text. The rules, in order:

1. A line in the top or bottom band of its page whose text, with digits masked, recurs in the same
   band on at least 60% of the pages (and at least two) is running text, unless it is as long
   as body text: running headers are short, and appendices repeat whole sentences.
2. A line in the bottom band that states a classification starts the footer, even when it recurs
   on no other page (appendix pages carry their own classification, so their statement differs).
3. A bare page number ("7", "Page 3 of 5", "- 4 -") in either band is running text.
4. Everything between a running line and the page edge is margin as well: a footer is a block.

The classification statement of each page becomes that page's classification.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..domain import CLASSIFICATION_STATEMENT_RE
from ..models import Classification, DocumentLayout, Line, PageLayout

# Bands where running text can sit, as fractions of the page height from each edge. Generous on
# purpose: repetition or the rules above must still confirm a line before it is dropped.
TOP_BAND = 0.18
BOTTOM_BAND = 0.25

# Running headers are shorter than this share of the page width; body lines are longer.
SHORT_LINE = 0.6

_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
_DIGITS_RE = re.compile(r"\d+")


@dataclass(frozen=True)
class PageLine:
    """A body line with the number of the page it sits on."""

    line: Line
    page: int
    cells: tuple[str, ...] = ()  # a table row's cell texts, set by `passages.with_table_cells`


@dataclass
class Margins:
    """The body lines of a document, in reading order, and each page's stated classification."""

    body: list[PageLine]
    page_classification: dict[int, Classification | None]
    running_text: list[str]


def split_margins(layout: DocumentLayout) -> Margins:
    """Body lines and page classifications, with running headers and footers removed."""
    recurring = _recurring_keys(layout.pages)
    body: list[PageLine] = []
    running: list[str] = []
    stated: dict[int, Classification | None] = {}
    for page in layout.pages:
        top_end, bottom_start = _body_limits(page, recurring)
        for line in page.lines:
            if line.bottom <= top_end or line.top >= bottom_start:
                running.append(line.text)
            else:
                body.append(PageLine(line, page.number))
        stated[page.number] = _stated_classification(page, bottom_start)
    return Margins(body, _filled_classifications(stated), running)


def _band(page: PageLayout, line: Line) -> str | None:
    """'top' or 'bottom' when the line sits in a band where running text may be, else None."""
    if line.bottom <= page.height * TOP_BAND:
        return "top"
    if line.top >= page.height * (1 - BOTTOM_BAND):
        return "bottom"
    return None


def _key(line: Line) -> str:
    """The line's text with digits masked, so 'Page 2 of 5' and 'Page 3 of 5' recur."""
    return _DIGITS_RE.sub("#", " ".join(line.text.lower().split()))


def _recurring_keys(pages: list[PageLayout]) -> set[tuple[str, str]]:
    """(band, key) pairs found in that band on at least half the pages, and on two or more."""
    seen: Counter[tuple[str, str]] = Counter()
    for page in pages:
        keys = {
            (band, _key(line))
            for line in page.lines
            if (band := _band(page, line)) and line.x1 - line.x0 < SHORT_LINE * page.width
        }
        seen.update(keys)
    needed = max(2, math.ceil(0.6 * len(pages)))
    return {k for k, n in seen.items() if n >= needed}


def _is_running(line: Line, next_text: str, band: str, recurring: set[tuple[str, str]]) -> bool:
    """True when the line is running text by rule 1, 2 or 3 of the module docstring."""
    if (band, _key(line)) in recurring or _PAGE_NUMBER_RE.match(line.text.strip()):
        return True
    # The statement may wrap anywhere, even inside "classified as White": read on one line.
    m = CLASSIFICATION_STATEMENT_RE.search(f"{line.text} {next_text}")
    return band == "bottom" and m is not None and m.start() < len(line.text)


def _body_limits(page: PageLayout, recurring: set[tuple[str, str]]) -> tuple[float, float]:
    """(header end, footer start): lines ending above the first or starting below the second go."""
    top_end, bottom_start = 0.0, page.height + 1
    for i, line in enumerate(page.lines):
        band = _band(page, line)
        next_text = page.lines[i + 1].text if i + 1 < len(page.lines) else ""
        if band is None or not _is_running(line, next_text, band, recurring):
            continue
        if band == "top":
            top_end = max(top_end, line.bottom)
        else:
            bottom_start = min(bottom_start, line.top)
    return top_end, bottom_start


def _stated_classification(page: PageLayout, footer_start: float) -> Classification | None:
    """The classification the page's footer states, if it states one."""
    footer = " ".join(line.text for line in page.lines if line.top >= footer_start)
    m = CLASSIFICATION_STATEMENT_RE.search(footer)
    return Classification(m.group("level").lower()) if m else None


def _filled_classifications(
    stated: dict[int, Classification | None],
) -> dict[int, Classification | None]:
    """Each page's classification; a page whose footer states none takes the previous page's."""
    filled: dict[int, Classification | None] = {}
    current = next((c for c in stated.values() if c is not None), None)
    for number in sorted(stated):
        current = stated[number] or current
        filled[number] = current
    return filled
