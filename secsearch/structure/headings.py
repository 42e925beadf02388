"""Heading lines found by layout, wrapped headings joined, and each heading's level.

`find_headings` marks heading lines by layout — bold or larger than the body text, short, not a
bullet — and merges a heading that wraps onto a second line (a continuation line is bold in the
same size, unnumbered, and closer to it than paragraphs are to each other). `heading_level` gives
a numbered heading its number's depth ("2." → 1, "2.1" → 2) and an unnumbered one level 1 (set
larger, or an appendix) or one below the innermost numbered section (a topic heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Section
from .body import BodyStats, bold_share, is_bullet
from .margins import PageLine
from .textjoin import Vocabulary

# "2. Operations Group", "3.5 SSC Highlights": the number is kept as printed, dot and all.
NUMBERED_RE = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*\.?)\s+(?P<title>\S.*)$")
# "Appendix A – Title", "Annex 2: Title": the heading of an appendix the paper includes.
_APPENDIX_HEADING_RE = re.compile(r"^(?:appendix|annex)\s+[A-Z0-9]{1,2}\s*[–—:-]\s*\S", re.I)
# A heading longer than this is a bold sentence, not a heading.
MAX_HEADING_CHARS = 200


@dataclass
class Heading:
    """A heading as printed: its number (if any), title, and the lines it spans."""

    number: str | None
    title: str
    lines: list[PageLine]

    @property
    def page(self) -> int:
        return self.lines[0].page


def find_headings(
    lines: list[PageLine], stats: BodyStats, vocabulary: Vocabulary
) -> list[Heading | PageLine]:
    """The body lines with heading lines (wrapped ones merged) replaced by Headings."""
    out: list[Heading | PageLine] = []
    for pl in lines:
        if not _is_heading_line(pl, stats):
            out.append(pl)
            continue
        prev = out[-1] if out else None
        if isinstance(prev, Heading) and _continues_heading(prev, pl, stats):
            prev.lines.append(pl)
            prev.title = _joined_title(prev.title, pl.line.text)
            continue
        m = NUMBERED_RE.match(" ".join(pl.line.text.split()))
        number, title = (m.group("number"), m.group("title")) if m else (None, pl.line.text)
        out.append(Heading(number, " ".join(title.split()), [pl]))
    return out


def _is_heading_line(pl: PageLine, stats: BodyStats) -> bool:
    """Bold (nearly all of it) or larger than body text, short, and not a bullet item."""
    text = pl.line.text.strip()
    if pl.cells or not text or len(text) > MAX_HEADING_CHARS or is_bullet(text):
        return False
    return bold_share(pl.line) >= 0.8 or pl.line.size >= stats.size * 1.15


def _continues_heading(heading: Heading, pl: PageLine, stats: BodyStats) -> bool:
    """True when `pl` is the second line of a wrapped heading, not a heading of its own."""
    last = heading.lines[-1]
    if pl.page != last.page or NUMBERED_RE.match(pl.line.text.strip()):
        return False
    if abs(pl.line.size - last.line.size) >= 0.5 or pl.line.bold != last.line.bold:
        return False
    return pl.line.top - last.line.bottom <= stats.wrap_gap(last.line.size)


def _joined_title(title: str, more: str) -> str:
    """A wrapped heading's lines as one title; 'Sub-' + 'Committee' → 'Sub-Committee'."""
    more = " ".join(more.split())
    if title.endswith("-") and len(title) > 1 and title[-2].isalpha():
        return title + more
    return f"{title} {more}"


def heading_level(heading: Heading, stack: list[Section], stats: BodyStats) -> int:
    """Numbered: the number's depth. Unnumbered: 1 when set larger than body text (an appendix
    or other Heading 1) or titled as an appendix ("Appendix A – …", which Word's Heading 1 may
    set only a point above the body), else a topic heading one below the innermost numbered
    section."""
    if heading.number is not None:
        return heading.number.rstrip(".").count(".") + 1
    if heading.lines[0].line.size >= stats.size * 1.15 or _APPENDIX_HEADING_RE.match(heading.title):
        return 1
    numbered = [s for s in stack if s.number is not None]
    return numbered[-1].level + 1 if numbered else 1
