"""Footnotes: the notes printed at the foot of a page, taken out of the flow of the body.

Word and LibreOffice print a footnote as ordinary text at the foot of the page, above the
footer: its number set as a superscript, then the note in a smaller size. In reading order the
notes fall between the two halves of a paragraph that runs on to the next page, so they must
leave the flow before paragraphs are formed.

A footnote starts at a line, below the page's last line of body-size text, that is smaller than
the body text and opens with a reference mark (digits, or *, †, ‡) set smaller than the rest of
the line; the note's further lines follow it in the note's size. Each footnote is one passage of
kind "footnote" on its page (`passages.footnote_passage`); `sections` keeps them out of the
section tree's body sections, in an untitled section of their own at the end of the paper.
"""

from __future__ import annotations

import re

from ..models import Line
from .body import BodyStats
from .margins import PageLine

_MARK_RE = re.compile(r"^(?:\d{1,3}|[*†‡§])$")
# The note is set smaller than body text; its mark smaller than the note.
NOTE_SIZE = 0.95
MARK_SIZE = 0.85


def split_footnotes(
    lines: list[PageLine], stats: BodyStats
) -> tuple[list[PageLine], list[list[PageLine]]]:
    """The body lines without footnotes, and the footnotes (each a list of its lines)."""
    notes: list[list[PageLine]] = []
    by_page: dict[int, list[int]] = {}
    for i, pl in enumerate(lines):
        by_page.setdefault(pl.page, []).append(i)
    taken: set[int] = set()
    for indices in by_page.values():
        start = _first_note(lines, indices, stats)
        if start is None:
            continue
        for i in indices[indices.index(start) :]:
            pl = lines[i]
            if _opens_note(pl.line) or not notes:
                notes.append([pl])
            else:
                notes[-1].append(pl)
            taken.add(i)
    body = [pl for i, pl in enumerate(lines) if i not in taken]
    return body, notes


def _first_note(lines: list[PageLine], indices: list[int], stats: BodyStats) -> int | None:
    """Index of the line that opens the page's first footnote, if the page has footnotes."""
    last_body = max(
        (lines[i].line.bottom for i in indices if lines[i].line.size >= stats.size * NOTE_SIZE),
        default=0.0,
    )
    for i in indices:
        line = lines[i].line
        if line.top >= last_body and _is_note_line(line, stats) and _opens_note(line):
            # Everything after it on the page must be note text too.
            rest = indices[indices.index(i) :]
            if all(_is_note_line(lines[k].line, stats) for k in rest):
                return i
    return None


def _is_note_line(line: Line, stats: BodyStats) -> bool:
    return line.size < stats.size * NOTE_SIZE


def _opens_note(line: Line) -> bool:
    """True when the line opens with a reference mark set smaller than the note's text."""
    words = line.words
    if len(words) < 2 or not _MARK_RE.match(words[0].text):
        return False
    return words[0].size <= MARK_SIZE * max(w.size for w in words[1:])
