"""Heading lines found by their style relative to the body text, joined where they wrap, and
each heading's level.

Writers mark headings in many ways: bold at body size, larger, coloured and not bold, in another
font, in italics after a number, in capitals (Word's All Caps). So a line is a heading when it
is short, no list item or table row, set apart from body text by its style (`_heading_style`),
and stands on its own: larger than body text, or ending no sentence with space above it or a
page or column top (`_stands_alone`). A heading that wraps onto a second or third line is one
heading: the next lines are in its style, unnumbered, a line's wrap apart.

Levels come from numbering where there is numbering ("2." → 1, "2.1" → 2, "3.1.1" → 3; a
misnumbered "1.5" inside section 3 still nests by its depth under 3). An unnumbered heading set
more prominently than the numbered level-1 headings (larger, or bold where they are not), or
titled as an appendix, is level 1; any other is a topic heading one below the innermost numbered
section (papers set topic headings like their numbered subsections as often as not, so an equal
style says nothing). In a paper without numbered headings, styles are ranked by prominence
(size, then weight) and the most prominent is level 1.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..models import Line, Section
from .body import BodyStats, bold_share, is_bullet, is_italic, is_list_marker
from .frontmatter import NUMBERED_RE
from .margins import PageLine
from .textjoin import Vocabulary

# "Appendix A – Title", "Annex 2: Title": the heading of an appendix the paper includes.
APPENDIX_HEADING_RE = re.compile(r"^(?:appendix|annex)\s+[A-Z0-9]{1,2}\s*[–—:-]\s*\S", re.I)
# A heading longer than this is a bold sentence, not a heading.
MAX_HEADING_CHARS = 200
# Larger than body text by this factor makes a line a heading by size alone.
LARGER = 1.15
# A colour at least this far from grey (0–255 between its strongest and weakest channel).
CHROMA = 40
_URL_RE = re.compile(r"https?://|www\.|\.(?:co\.uk|com|org|gov\.uk)\b", re.I)

# A heading's look: size (to half a point), bold, italic, colour, font.
Style = tuple[float, bool, bool, str, str]


@dataclass
class Heading:
    """A heading as printed: its number (if any), title, and the lines it spans."""

    number: str | None
    title: str
    lines: list[PageLine]

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def style(self) -> Style:
        return style_of(self.lines[0].line)


def style_of(line: Line) -> Style:
    """The line's look, as headings are compared by it."""
    return (
        round(line.size * 2) / 2,
        bold_share(line) >= 0.8,
        is_italic(line),
        line.color,
        line.fontname,
    )


def find_headings(
    lines: list[PageLine], stats: BodyStats, vocabulary: Vocabulary
) -> list[Heading | PageLine]:
    """The body lines with heading lines (wrapped ones merged) replaced by Headings."""
    out: list[Heading | PageLine] = []
    prev: PageLine | None = None
    for pl in lines:
        last = out[-1] if out else None
        styled = _heading_style(pl, stats)
        if styled and isinstance(last, Heading) and _continues_heading(last, pl, stats):
            last.lines.append(pl)
            last.title = joined_title(last.title, pl.line.text)
        elif styled and _stands_alone(pl, prev, stats):
            m = NUMBERED_RE.match(" ".join(pl.line.text.split()))
            number, title = (m.group("number"), m.group("title")) if m else (None, pl.line.text)
            out.append(Heading(number, " ".join(title.split()), [pl]))
        else:
            out.append(pl)
        prev = pl
    return out


def _heading_style(pl: PageLine, stats: BodyStats) -> bool:
    """True when the line is short, no list item or table row, and set apart from body text by
    its size, weight, colour, capitals, or (after a number) its face."""
    line = pl.line
    if pl.cells or len(line.text) > MAX_HEADING_CHARS or not _styled(line, stats):
        return False
    text = " ".join(line.text.split())
    if not text or is_bullet(text) or (_URL_RE.search(text) and line.links):
        return False
    numbered = NUMBERED_RE.match(text) is not None
    if is_list_marker(text) and not numbered:
        return False
    if _larger(line, stats) or (
        _chromatic(line.color) and line.color != stats.color and not line.links
    ):
        return True
    if numbered and (is_italic(line) or _family(line.fontname) != _family(stats.fontname)):
        return True
    return bold_share(line) >= 0.8 or _capitals(text)


def _styled(line: Line, stats: BodyStats) -> bool:
    """A quick first look (most lines are body text): does anything set the line apart?"""
    return (
        line.bold
        or line.size >= stats.size * LARGER
        or line.color != stats.color
        or line.fontname != stats.fontname
        or line.text.isupper()
        or any(w.fontname != line.fontname for w in line.words)
    )


def _capitals(text: str) -> bool:
    """True for a line set in capitals ("BACKGROUND", "2. PROPOSED SOLUTION"): at least six
    letters and no lower case, so that an acronym on a line of its own does not count."""
    return text.isupper() and sum(c.isalpha() for c in text) >= 6


def _chromatic(color: str) -> bool:
    """True for a colour, not a grey: a heading's blue or teal, not a caption's or a note's grey
    (which say nothing about structure)."""
    if len(color) != 7:
        return False
    r, g, b = (int(color[k : k + 2], 16) for k in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) >= CHROMA


def _larger(line: Line, stats: BodyStats) -> bool:
    return line.size >= stats.size * LARGER


def _stands_alone(pl: PageLine, prev: PageLine | None, stats: BodyStats) -> bool:
    """True for a heading-styled line that is a heading, not styled text inside a paragraph: set
    larger than body text, or ending no sentence with space above it (or the line above ending
    its paragraph, or a page or column top)."""
    if _larger(pl.line, stats):
        return True
    text = " ".join(pl.line.text.split())
    if text.endswith((".", ";", ",")) and not NUMBERED_RE.match(text):
        return False
    return prev is None or _stands_apart(prev, pl, stats)


def _stands_apart(prev: PageLine, pl: PageLine, stats: BodyStats) -> bool:
    if prev.page != pl.page or prev.line.column != pl.line.column or prev.cells:
        return True
    gap = pl.line.top - prev.line.bottom
    if gap > stats.line_gap + 0.15 * stats.size:
        return True
    return prev.line.text.rstrip().endswith((".", ":", ";", "?", "!")) or not stats.is_full(prev)


def _family(fontname: str) -> str:
    """The font's family: 'Carlito-Bold' → 'carlito', 'Caladea-Italic' → 'caladea'."""
    return re.split(r"[-,]", fontname.lower(), maxsplit=1)[0]


def _continues_heading(heading: Heading, pl: PageLine, stats: BodyStats) -> bool:
    """True when `pl` is the next line of a wrapped heading, not a heading of its own."""
    last = heading.lines[-1]
    if pl.page != last.page or pl.line.column != last.line.column:
        return False
    if NUMBERED_RE.match(pl.line.text.strip()) or len(heading.lines) >= 3:
        return False
    if style_of(pl.line)[:4] != style_of(last.line)[:4]:
        return False
    return pl.line.top - last.line.bottom <= stats.wrap_gap(last.line.size)


def joined_title(title: str, more: str) -> str:
    """A wrapped heading's lines as one title; 'Sub-' + 'Committee' → 'Sub-Committee'."""
    more = " ".join(more.split())
    if title.endswith("-") and len(title) > 1 and title[-2].isalpha():
        return title + more
    return f"{title} {more}"


# --------------------------------------------------------------------------- levels


@dataclass(frozen=True)
class Levels:
    """The levels numbered headings give each style, and style ranks where nothing is numbered."""

    by_style: dict[Style, int]
    top: Style | None
    ranks: dict[Style, int]


def style_levels(headings: list[Heading]) -> Levels:
    """What the paper's numbered headings say about the levels of its heading styles."""
    votes: dict[Style, Counter[int]] = {}
    for h in headings:
        if h.number is not None:
            votes.setdefault(h.style, Counter())[_depth(h.number)] += 1
    by_style = {style: counts.most_common(1)[0][0] for style, counts in votes.items()}
    tops = [s for s, level in by_style.items() if level == 1]
    top = max(tops, key=_prominence) if tops else None
    unnumbered = sorted({h.style for h in headings}, key=_prominence, reverse=True)
    ranks: dict[Style, int] = {}
    for style in unnumbered:
        ranks[style] = 1 + sum(1 for s in ranks if _prominence(s) > _prominence(style))
    return Levels(by_style, top, ranks)


def _prominence(style: Style) -> tuple[float, bool]:
    return style[0], style[1]


def _more_prominent(style: Style, than: Style) -> bool:
    """Larger, or as large and bold where `than` is not: set above `than`'s headings."""
    return style[0] > than[0] + 0.4 or (abs(style[0] - than[0]) <= 0.4 and style[1] and not than[1])


def _depth(number: str) -> int:
    """The numbering depth: "2." → 1, "2.1" → 2; "2.0" is 1 (writers number top-level headings
    "1.0", "2.0" over subsections "1.1", "1.2")."""
    parts = number.rstrip(".").split(".")
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return len(parts)


def heading_level(heading: Heading, stack: list[Section], levels: Levels) -> int:
    """The heading's level (the rules of the module docstring)."""
    if heading.number is not None:
        return _depth(heading.number)
    style = heading.style
    if levels.top is None:
        return 1 if APPENDIX_HEADING_RE.match(heading.title) else levels.ranks.get(style, 1)
    if _more_prominent(style, levels.top) or APPENDIX_HEADING_RE.match(heading.title):
        return 1
    numbered = [s for s in stack if s.number is not None]
    return numbered[-1].level + 1 if numbered else 1
