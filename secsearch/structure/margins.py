"""Running headers, footers and page numbers: found by position and pattern, then set aside.

A Panel paper's footer holds the classification statement ("This document is classified as
White in accordance with the Panel Information Policy…") and a page number in some form ("Page
3 of 5", "3 / 5", "3/5", a bare "3"); its header often repeats the paper reference, and a paper
printed from a browser adds the date, the page title and the file's address. None of it is body
text. Lines in the top or bottom band of a page are running text when:

1. (strong) their text, digits masked, recurs in the same band on most pages in the same size —
   whatever the first page does differently — unless they are as long as body text (appendices
   repeat whole sentences);
2. (strong) they state a classification in any wording (`classification.stated_level`);
3. (strong) they hold a page number with its context ("Page 3", "3 of 5", "3 / 5", "Slide 3");
4. (strong) they are the paper reference with a few words around it ("SEC Panel | SECP_62_…",
   "TABASC_56_0311_04 – Appendix A"), not a header-block row ("Paper Reference: …");
5. (weak) they are a bare number ("7", "- 7 -"): running text only in the block of running lines
   that runs from the page edge inwards, so a table's last "4" is not taken for a page number.

A statement that wraps belongs to the footer whole: the lines after a statement line, towards
the page edge, are margin too; so are small lines printed just above a footer and far below
the body (a one-page report's "Company | Annual Report" over its "Page 1 of 1").

A classification statement in the body (a cover page's "Classification: GREEN" and the
sentence under it, a line under the header block) is not body text either: `body_markings`
finds those. Each page's stated level is kept for `classification`.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..domain import CLASSIFICATION_STATEMENT_RE, PAPER_REF_RE
from ..models import Classification, DocumentLayout, Line, PageLayout
from .classification import marking_span, most_restrictive, stated_level

# Bands where running text can sit, as fractions of the page height from each edge.
TOP_BAND = 0.18
BOTTOM_BAND = 0.25
# Recurring running lines are shorter than this share of the page width, or hold no more words
# than this (a header printed in two boxes, left and right, spans the page but says little);
# recurring body sentences are longer.
SHORT_LINE = 0.6
SHORT_WORDS = 12
# A line recurs when its band holds it on at least this share of the pages (and two or more).
RECURRING_SHARE = 0.6
# A reference line carries at most this many other words ("SEC Panel | SECP_62_1611_08").
REF_LINE_WORDS = 6

# "Page 3", "Page 3 of 5", "3 of 5", "3 / 5", "3/5", "Slide 3", "p. 3", Word's "3 | P a g e" and
# "Page | 3": a number with the context that makes it a page number, at the line's end or start.
_PAGE_WORD = r"(?:p\s?a\s?g\s?e|slide|p\.)"
_PAGE_NUMBER_RE = re.compile(
    rf"(?:^|\s)(?:{_PAGE_WORD}\s*\|?\s*\d{{1,4}}(?:\s*(?:of|/)\s*\d{{1,4}})?"
    rf"|\d{{1,4}}\s*(?:of|/)\s*\d{{1,4}}|\d{{1,4}}\s*\|\s*{_PAGE_WORD})\s*$"
    rf"|^\s*(?:{_PAGE_WORD}\s*\|?\s*\d{{1,4}}(?:\s*(?:of|/)\s*\d{{1,4}})?"
    rf"|\d{{1,4}}\s*\|\s*{_PAGE_WORD})(?:\s|$)",
    re.I,
)
# A bare page number: "7", "- 7 -", "— 7 —", "(7)".
_BARE_NUMBER_RE = re.compile(r"^[-–—(]?\s*\d{1,4}\s*[-–—)]?$")
_DIGITS_RE = re.compile(r"\d+")
# Labels of a header block row that holds the reference: such a row is the paper's, not a header.
_REF_LABEL_RE = re.compile(r"\b(?:paper|ref(?:erence)?|no\.?|number)\b\s*:?", re.I)
# A reference label on a line of its own ("Paper Reference", "Reference:").
_LONE_REF_LABEL_RE = re.compile(r"^(?:paper\s+)?ref(?:erence)?(?:\s+(?:no\.?|number))?\s*:?$", re.I)


@dataclass(frozen=True)
class PageLine:
    """A body line with the number of the page it sits on; a table row's cell texts once
    `tables.with_table_cells` has found them."""

    line: Line
    page: int
    cells: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()  # more pages a table row runs onto (a row split by a break)


@dataclass
class Margins:
    """The lines of a document without its running text, and each page's stated level."""

    body: list[PageLine]
    stated: dict[int, Classification | None]
    running_text: list[str]


def split_margins(layout: DocumentLayout) -> Margins:
    """Body lines and each page's stated classification, running headers and footers removed."""
    recurring = _recurring_keys(layout.pages)
    body: list[PageLine] = []
    running: list[str] = []
    stated: dict[int, Classification | None] = {}
    for page in layout.pages:
        margin = _margin_lines(page, recurring)
        levels = [stated_level(page.lines[i].text) for i in margin]
        for i, line in enumerate(page.lines):
            if i in margin:
                running.append(line.text)
            else:
                body.append(PageLine(line, page.number))
        stated[page.number] = most_restrictive(levels)
    return Margins(body, stated, running)


def _band(page: PageLayout, line: Line) -> str | None:
    """'top' or 'bottom' when the line sits in a band where running text may be, else None."""
    if line.bottom <= page.height * TOP_BAND:
        return "top"
    if line.top >= page.height * (1 - BOTTOM_BAND):
        return "bottom"
    return None


def _key(line: Line) -> str:
    """The line's text with digits masked, so 'Page 2 of 5' and 'Page 3 of 5' recur, and its size:
    a bulletin's 22 pt title is not its 8 pt running header, though they read alike."""
    return f"{round(line.size)}|" + _DIGITS_RE.sub("#", " ".join(line.text.lower().split()))


def _recurring_keys(pages: list[PageLayout]) -> set[tuple[str, str]]:
    """(band, key) pairs found in that band on most pages, and on two or more."""
    seen: Counter[tuple[str, str]] = Counter()
    for page in pages:
        keys = {
            (band, _key(line))
            for line in page.lines
            if (band := _band(page, line)) and _is_short(line, page)
        }
        seen.update(keys)
    needed = max(2, math.ceil(RECURRING_SHARE * len(pages)))
    return {k for k, n in seen.items() if n >= needed}


def _is_short(line: Line, page: PageLayout) -> bool:
    return line.x1 - line.x0 < SHORT_LINE * page.width or len(line.text.split()) <= SHORT_WORDS


def _margin_lines(page: PageLayout, recurring: set[tuple[str, str]]) -> set[int]:
    """Indices of the page's running lines (the rules of the module docstring)."""
    kinds: dict[int, str] = {}
    for i, line in enumerate(page.lines):
        band = _band(page, line)
        if band is None or (i > 0 and _LONE_REF_LABEL_RE.match(page.lines[i - 1].text.strip())):
            continue  # a reference under its label is a header block's value, not a header
        kind = _running_kind(line, band, recurring)
        if kind:
            kinds[i] = kind
    margin = {i for i, kind in kinds.items() if kind == "strong"}
    n = len(page.lines)
    # Weak lines count in the blocks of running lines that start at each page edge; the lines
    # between a wrapped statement and the page edge belong to the footer or header it starts.
    for order in (range(n), range(n - 1, -1, -1)):
        for i in order:
            if i not in kinds:
                break
            margin.add(i)
    for i in list(margin):
        if marking_span(page.lines[i].text) is None:
            continue
        band = _band(page, page.lines[i])
        edge_ward = range(i + 1, n) if band == "bottom" else range(i - 1, -1, -1)
        margin.update(j for j in edge_ward if _band(page, page.lines[j]) == band)
    margin.update(_footer_companions(page, margin))
    return margin


def _footer_companions(page: PageLayout, margin: set[int]) -> set[int]:
    """Lines printed with the footer (a company name and report title above "Page 1 of 1"):
    in the bottom band, just above the footer's lines and far below the body, set smaller
    than the page's text, short, and no footnote (a footnote opens with a raised mark)."""
    below = [i for i in margin if _band(page, page.lines[i]) == "bottom"]
    if not below:
        return set()
    size = statistics.median(line.size for line in page.lines)
    first = min(below)
    out: set[int] = set()
    i = first - 1
    while i >= 0 and i not in margin:
        line, under = page.lines[i], page.lines[min(out, default=first)]
        above = page.lines[i - 1].bottom if i > 0 else 0.0
        gap_below, gap_above = under.top - line.bottom, line.top - above
        if (
            _band(page, line) != "bottom"
            or line.size >= 0.95 * size
            or len(line.text.split()) > SHORT_WORDS
            or gap_above < 2 * gap_below + line.size
            or _opens_with_mark(line)
        ):
            break
        out.add(i)
        i -= 1
    return out


def _opens_with_mark(line: Line) -> bool:
    """True when the line opens with a raised reference mark, as a footnote does."""
    words = line.words
    return len(words) > 1 and words[0].size < 0.85 * words[1].size


def _running_kind(line: Line, band: str, recurring: set[tuple[str, str]]) -> str | None:
    """'strong' or 'weak' running text by the rules of the module docstring, else None."""
    text = " ".join(line.text.split())
    if (band, _key(line)) in recurring or stated_level(text) is not None:
        return "strong"
    if _PAGE_NUMBER_RE.search(text) and len(text.split()) <= REF_LINE_WORDS + 4:
        return "strong"
    if _is_reference_line(text):
        return "strong"
    if _BARE_NUMBER_RE.match(text):
        return "weak"
    return None


def _is_reference_line(text: str) -> bool:
    """True for the paper reference with a few words around it, but not a header-block row."""
    m = PAPER_REF_RE.search(text)
    if not m:
        return False
    rest = f"{text[: m.start()]} {text[m.end() :]}"
    if _REF_LABEL_RE.search(rest):
        return False
    return len(rest.split()) <= REF_LINE_WORDS


def body_markings(lines: list[PageLine], body_size: float) -> set[int]:
    """Indices of the classification statements in the body, with the lines that belong to them.

    A marking line ("Classification: GREEN", "TLP:AMBER", the policy sentence) is metadata
    wherever it is printed. So is the text that explains it: the smaller sentence close under a
    marking ("Information may be shared with SEC Parties…"), and the rest of the policy sentence
    where it wraps.
    """
    found: set[int] = set()
    for i, pl in enumerate(lines):
        if i in found or not _is_marking_line(pl.line.text):
            continue
        found.add(i)
        sentence = CLASSIFICATION_STATEMENT_RE.search(pl.line.text) is not None
        j = i + 1
        while j < len(lines) and _explains(lines[i], lines[j - 1], lines[j], body_size, sentence):
            found.add(j)
            j += 1
    return found


def _is_marking_line(text: str) -> bool:
    """True when the line is a classification marking, not a sentence that mentions one."""
    if stated_level(text) is None:
        return False
    text = " ".join(text.split())
    span = marking_span(text)
    if span is None:
        return False
    # The marking opens the line, or little else is on it ("Classification: GREEN",
    # "TLP:AMBER – limited disclosure…", "This document is classified as White in …").
    return span[0] <= 2 or len(text.split()) <= REF_LINE_WORDS


def _explains(
    marking: PageLine, prev: PageLine, pl: PageLine, body_size: float, sentence: bool
) -> bool:
    """True when `pl` belongs to the statement `marking` opens (`prev` is the line above it):
    on the same page, close below, and smaller than a short marking, or the policy sentence's
    own size."""
    line, last = pl.line, prev.line
    if pl.page != prev.page or not 0 <= line.top - last.bottom <= 0.8 * max(body_size, last.size):
        return False
    if sentence:
        return abs(line.size - marking.line.size) < 0.5
    return line.size < marking.line.size - 0.5
