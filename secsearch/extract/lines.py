"""Words → lines: the engine-independent half of extraction.

An engine (plumber.py, pdfium.py) reports each page's words with font, size and box, and its
hyperlink rectangles, as a `RawPage`. Everything after that — grouping words into lines, picking
a line's dominant font, attaching links — is shared here, so engines differ only in how they read
words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from ..models import Line, PageLayout, Word, trusted
from .columns import in_columns

# Typographic ligatures → plain letters. Only these: curly quotes and dashes are kept as printed.
LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
    | {"\ufb05": "st", "\ufb06": "st"}
)

# Two characters of one font and size belong to one word when the gap between them is at most
# this share of the font size. Word spaces are a quarter of an em or more (Carlito's 0.23,
# Helvetica's 0.28, wider when justified); kerning and the letter spacing of a spaced-out heading
# stay under a tenth. The gap decides on its own where a writer prints no space characters at all
# (words drawn one by one, TJ arrays that move the pen instead of printing a space).
WORD_GAP = 0.15
# A word's box, as both engines report it: from this share of the font size above the baseline
# to this share below it. Taken from the baseline and the size alone, not the font's own ascent
# and descent (which engines read differently), so both engines place every line alike.
ASCENT = 0.8
DESCENT = 0.2

# Bold faces as PDF writers name them: Arial-BoldMT, Vera-Bold, Arial,Bold, Calibri-Semibold,
# Helvetica-BoldOblique. "Black"/"Heavy" weights read as bold headings too.
_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|[-,]demi\b", re.I)


@dataclass
class LinkRect:
    """A hyperlink annotation: its target and the rectangle it covers (top-down coordinates)."""

    uri: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class RawPage:
    """What an engine reports for one page, before words are grouped into lines."""

    number: int
    width: float
    height: float
    words: list[Word]
    links: list[LinkRect] = field(default_factory=list)


# --------------------------------------------------------------------------- words → lines


def page_layout(raw: RawPage) -> PageLayout:
    """A page's words grouped into lines, top to bottom, with the links each line carries; on a
    page set in two columns, lines never span the gutter and carry their column."""
    grouped = in_columns(_words_by_line(raw.words), raw.width, _words_by_line)
    lines = [_line_from_words(ws, raw.links, column) for column, ws in grouped]
    return PageLayout(number=raw.number, width=raw.width, height=raw.height, lines=lines)


_TOP_LEFT = attrgetter("top", "x0")
_LEFT = attrgetter("x0")


def _words_by_line(words: list[Word]) -> list[list[Word]]:
    """Words clustered into visual lines: a word joins a line when it overlaps its band by half.

    Overlap rather than equal `top` because writers place mixed sizes (a bold run, a superscript
    "th") a little above or below the baseline.
    """
    bands: list[list[Word]] = []
    top = bottom = 0.0  # the last band's extent
    for w in sorted(words, key=_TOP_LEFT):
        if bands:
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(bottom - top, w.bottom - w.top):
                bands[-1].append(w)
                top, bottom = min(top, w.top), max(bottom, w.bottom)
                continue
        bands.append([w])
        top, bottom = w.top, w.bottom
    return [sorted(members, key=_LEFT) for members in bands]


def _line_from_words(words: list[Word], links: list[LinkRect], column: int = 0) -> Line:
    """A Line from its words (left to right), with the font most of its characters use.

    Built with `trusted`: every value below is already of its field's type, and validating a
    Line per line of every page is a measurable part of extraction.
    """
    words = [_without_ligatures(w) for w in words]
    weight: dict[tuple[str, float, str], int] = {}
    # The line's box in the same pass (what min() and max() of each edge would give).
    x0, x1, top, bottom = words[0].x0, words[0].x1, words[0].top, words[0].bottom
    for w in words:
        key = (w.fontname, w.size, w.color)
        weight[key] = weight.get(key, 0) + len(w.text)
        if w.x0 < x0:
            x0 = w.x0
        if w.x1 > x1:
            x1 = w.x1
        if w.top < top:
            top = w.top
        if w.bottom > bottom:
            bottom = w.bottom
    fontname, size, color = max(weight, key=weight.__getitem__)
    return trusted(
        Line,
        {
            "words": words,
            "text": joined_words(words),
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "fontname": fontname,
            "size": size,
            "bold": is_bold_font(fontname),
            "color": color,
            "column": column,
            "links": [link.uri for link in links if _link_covers(link, x0, x1, top, bottom)],
        },
    )


def _without_ligatures(word: Word) -> Word:
    """The word with ligatures spelt out; the same object when it has none (nearly every word)."""
    text = word.text.translate(LIGATURES)
    return word if text == word.text else word.model_copy(update={"text": text})


def joined_words(words: list[Word]) -> str:
    """Words joined with a space where the page shows a gap, glued where a style change split them.

    Engines split a word where the font or colour changes ("**Note**:" → "Note" + ":"); a gap of
    at most `WORD_GAP` font sizes is no space, as it is no word break inside a word.
    """
    parts = [words[0].text]
    for prev, w in zip(words, words[1:], strict=False):
        gap = w.x0 - prev.x1
        parts.append(w.text if gap <= WORD_GAP * min(prev.size, w.size) else " " + w.text)
    return "".join(parts)


def _link_covers(link: LinkRect, x0: float, x1: float, top: float, bottom: float) -> bool:
    """True when the link's rectangle overlaps the line's box horizontally and half its height."""
    v = min(link.bottom, bottom) - max(link.top, top)
    h = min(link.x1, x1) - max(link.x0, x0)
    return h > 0 and v >= 0.5 * (bottom - top)


_SUBSET_PREFIX_RE = re.compile(r"^[A-Z]{6}\+")


def without_subset(fontname: str) -> str:
    """The font's name without the subset prefix a writer adds ("BAAAAA+Caladea-Bold" → the
    rest): PDFium reports some fonts with it and some without, pdfplumber always with it."""
    return _SUBSET_PREFIX_RE.sub("", fontname, count=1)


@lru_cache(maxsize=4096)
def is_bold_font(fontname: str) -> bool:
    """True for bold faces, judged by the font's name without its subset prefix."""
    return bool(_BOLD_RE.search(fontname.split("+", 1)[-1]))
