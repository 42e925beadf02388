"""The paper's identity from its first page (or cover): header block, title, dates, meeting.

Papers arrange their header block in every way: a table whose rows come in any order ("Meeting
date", "Paper Reference", "Action", "Author", "Date"), typed "Label: value" lines, a label cell
that wraps ("Paper" / "Reference:"), the title above the block or below it, a cover page with
nothing else on it, a slide deck's title slide. So the block is read by its labels
(`domain.HEADER_LABELS`), wherever its rows are, and the title by prominence:

1. The front zone is page 1 up to the first numbered heading or the first line of body text that
   follows something of the front matter; a page 1 with no body text at all is a cover, and the
   zone is all of it.
2. A row whose first cell (or text up to a colon) is a label gives that field its value.
3. The title is the most prominent run of lines in the zone that is not a row of the block: the
   largest size, then bold; a title that wraps is one run (lines of one style, a line's wrap
   apart). A run in a style later headings share is a heading, not the title.
4. Lines of the zone above its last field or title (a site banner, a lone label cell) are front
   matter as well; lines after it are body text. The rows that give the paper's dates, meeting
   and author, and a line naming the meeting, stay in the body text too, before the rest
   (`TEXT_FIELDS`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from ..domain import (
    ACTIONS,
    HEADER_LABELS,
    MEETING_LINE_RE,
    PAPER_REF_RE,
    PUBLISHED_RE,
)
from .body import BodyStats, bold_share, is_bullet
from .dates import first_date
from .margins import PageLine
from .tables import cell_texts

# "2. Operations Group", "3.5 SSC Highlights": the number is kept as printed, dot and all.
NUMBERED_RE = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*\.?)\s+(?P<title>\S.*)$")
# Title lines are set at least this much larger than body text, or in bold.
TITLE_SIZE = 1.1
# Lines of body text a page may print above its header block or title (a site banner).
BANNER_LINES = 2
# Header rows that stay in the body text as well: the dates and names in them are facts a search
# should find (the reference, action and classification rows are the paper's identity only).
TEXT_FIELDS = frozenset({"date", "meeting", "author"})
_FIELD_BY_LABEL: dict[str, str] = {
    label.lower(): field for field, labels in HEADER_LABELS.items() for label in labels
}
_LABEL_ALTERNATIVES = "|".join(re.escape(label) for label in sorted(_FIELD_BY_LABEL, key=len)[::-1])
_LABEL_START_RE = re.compile(rf"(?:{_LABEL_ALTERNATIVES})\b", re.I)
_LABEL_COLON_RE = re.compile(rf"(?P<label>{_LABEL_ALTERNATIVES})\.?\s*:\s*(?P<value>.*)$", re.I)


@dataclass
class FrontMatter:
    """What the first page (or cover) says about the paper."""

    ref: str | None = None
    action: str | None = None
    title: str = ""
    date: dt.date | None = None
    meeting_number: int | None = None
    meeting_date: dt.date | None = None
    author: str | None = None
    # Rows of the block that stay in the body text (`TEXT_FIELDS`), each a paragraph of its own.
    text_rows: list[PageLine] = dataclasses.field(default_factory=list)


def front_matter(lines: list[PageLine], stats: BodyStats) -> tuple[FrontMatter, list[PageLine]]:
    """The paper's identity from its front zone, and the lines after the zone."""
    front = FrontMatter()
    zone = _front_zone(lines, stats)
    used: set[int] = set()
    kept: list[int] = []
    for i in range(zone):
        if i in used:
            continue
        text = " ".join(lines[i].line.text.split())
        field, value = header_field(lines, i)
        if field is not None and value is None and _value_below(lines, i, zone, stats):
            # A label on a line of its own, its value on the line below (a definition list).
            value = " ".join(lines[i + 1].line.text.split())
            used.add(i + 1)
        if field is not None:
            used.add(i)
            if value is not None:
                _set_field(front, field, value)
            if field in TEXT_FIELDS and value and not PAPER_REF_RE.search(text):
                kept.append(i)
        elif _ref_or_action(text, front):
            used.add(i)
    title = _title_run(lines, zone, used, stats)
    if title:
        front.title = " ".join(" ".join(lines[i].line.text.split()) for i in title)
        used.update(title)
    # A line naming the meeting by number ("SEC Panel meeting 88 – 15 January 2021"); the title
    # may name one too ("Minutes of SEC Panel Meeting 98"), but that is the meeting minuted.
    for i in range(zone):
        if i not in used and _meeting_line(" ".join(lines[i].line.text.split()), front):
            used.add(i)
            kept.append(i)
    end = max(used) + 1 if used else 0
    front.text_rows = [lines[i] for i in sorted(kept)]
    return front, lines[end:]


def _value_below(lines: list[PageLine], i: int, zone: int, stats: BodyStats) -> bool:
    """True when the line under a lone label is its value: no label itself, close below, at the
    label's indent (a wrapped label's second half, "Reference:", is a label and says no)."""
    if i + 1 >= zone or header_field(lines, i + 1)[0] is not None:
        return False
    label, below = lines[i].line, lines[i + 1].line
    close = below.top - label.bottom <= stats.wrap_gap(max(label.size, below.size))
    return close and abs(below.x0 - label.x0) <= 0.5 * stats.size and len(below.text) < 120


def _ref_or_action(text: str, front: FrontMatter) -> bool:
    """Read a front-zone line that is the paper reference or the action alone (a title slide
    prints them without labels); True when it is one."""
    m = PAPER_REF_RE.fullmatch(text)
    if m and front.ref is None:
        front.ref = m.group(0)
        return True
    action = canonical_action(text)
    if action in ACTIONS and front.action is None:
        front.action = action
        return True
    return False


def _front_zone(lines: list[PageLine], stats: BodyStats) -> int:
    """How many of the leading lines make up the front zone (rule 1 of the module docstring).

    A page that opens with body text has no front matter to read: a banner line or two may come
    before the header block, but no more.
    """
    if not lines:
        return 0
    first_page = lines[0].page
    seen = False
    body_first = 0
    value_of_label = -1  # the index of a line that is the value of the lone label above it
    for i, pl in enumerate(lines):
        if pl.page != first_page:
            return i  # a page of front matter only: a cover
        text = " ".join(pl.line.text.split())
        field, value = header_field(lines, i)
        if NUMBERED_RE.match(text) and not field:
            return i
        if field and value is None and i + 1 < len(lines):
            value_of_label = i + 1
        if field or i == value_of_label or _is_prominent(pl, stats):
            seen = True
            continue
        if _is_body_text(pl, stats):
            if seen:
                return i
            body_first += 1
            if body_first > BANNER_LINES:
                return 0
    return len(lines)


def _is_prominent(pl: PageLine, stats: BodyStats) -> bool:
    """Set larger than body text, or bold: how titles are set."""
    return pl.line.size >= stats.size * TITLE_SIZE or bold_share(pl.line) >= 0.8


def _is_body_text(pl: PageLine, stats: BodyStats) -> bool:
    """A line of ordinary body text: body size, not bold, a sentence or a bullet."""
    line = pl.line
    return (
        abs(line.size - stats.size) < 0.5 and not _is_prominent(pl, stats) or is_bullet(line.text)
    )


# --------------------------------------------------------------------------- header fields


def header_field(lines: list[PageLine], i: int) -> tuple[str | None, str | None]:
    """(field, value) when line `i` is a row of a header block; (field, None) for a label cell
    with its value elsewhere; (None, None) for any other line.

    A label fills the row's first cell ("Date" in one cell, "5 July 2019" in the next) or ends
    with a colon ("Date: 5 July 2019").
    """
    text = " ".join(lines[i].line.text.split())
    if not _LABEL_START_RE.match(text):
        return None, None  # most lines: no label word at all
    cells = cell_texts(lines[i].line)
    field = _FIELD_BY_LABEL.get(cells[0].rstrip(":.").strip().lower())
    if field is not None:
        return field, " ".join(cells[1:]).strip() or None
    m = _LABEL_COLON_RE.match(text)
    if m:
        return _FIELD_BY_LABEL[m.group("label").lower()], m.group("value").strip() or None
    return None, None


def _set_field(front: FrontMatter, field: str, value: str) -> None:
    """Record one header-block value in its field (the first value of a field wins)."""
    if field == "ref" and front.ref is None:
        m = PAPER_REF_RE.search(value)
        front.ref = m.group(0) if m else None
    elif field == "action" and front.action is None:
        front.action = canonical_action(value)
    elif field == "date" and front.date is None:
        front.date = first_date(value)
    elif field == "meeting":
        _meeting_line(value, front)
        if front.meeting_date is None:
            front.meeting_date = first_date(value)
    elif field == "author" and front.author is None:
        front.author = author_name(value)
    elif field == "title" and not front.title:
        front.title = value


def canonical_action(value: str) -> str | None:
    """'for decision' → 'For Decision'; other wording kept as printed."""
    value = " ".join(value.split())
    for action in ACTIONS:
        if value.lower() == action.lower():
            return action
    return value or None


def author_name(value: str) -> str | None:
    """The author's name: 'Helen Marsh, SECAS' → 'Helen Marsh'."""
    name = value.split(",")[0].strip()
    return name or None


def _meeting_line(text: str, front: FrontMatter) -> bool:
    """Read a line naming a meeting by its number ("SEC Panel meeting 88 – 15 January 2021",
    "Highlights of Panel meeting 78, held on 13 March 2020 · published 20 March 2020"); True
    when the line is one."""
    m = MEETING_LINE_RE.search(text)
    if not m or PAPER_REF_RE.search(text):
        return False
    after = text[m.end() :]
    published = PUBLISHED_RE.search(after)
    held = after[: published.start()] if published else after
    if front.meeting_number is None:
        front.meeting_number = int(m.group("number"))
    if front.meeting_date is None:
        front.meeting_date = first_date(held)
    if published and front.date is None:
        front.date = first_date(published.group("date"))
    return True


# --------------------------------------------------------------------------- title


def _title_run(lines: list[PageLine], zone: int, used: set[int], stats: BodyStats) -> list[int]:
    """Indices of the title's lines (rule 3 of the module docstring); [] when there is none."""
    runs = _prominent_runs(lines, zone, used, stats)
    runs = [run for run in runs if not _shares_heading_style(lines, run, zone, stats)]
    if not runs:
        return []
    return max(
        runs, key=lambda run: (lines[run[0]].line.size, bold_share(lines[run[0]].line), -run[0])
    )


def _prominent_runs(
    lines: list[PageLine], zone: int, used: set[int], stats: BodyStats
) -> list[list[int]]:
    """Runs of prominent lines in the zone, one style each, each line a wrap from the last."""
    runs: list[list[int]] = []
    for i in range(zone):
        pl = lines[i]
        if i in used or not _is_prominent(pl, stats) or NUMBERED_RE.match(pl.line.text.strip()):
            continue
        if runs and runs[-1][-1] == i - 1 and _continues_title(lines[i - 1], pl, stats):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _continues_title(prev: PageLine, pl: PageLine, stats: BodyStats) -> bool:
    """True when `pl` is the next line of a title `prev` wraps onto: same style, close below."""
    a, b = prev.line, pl.line
    same = abs(a.size - b.size) < 0.5 and (bold_share(a) >= 0.8) == (bold_share(b) >= 0.8)
    return same and pl.page == prev.page and b.top - a.bottom <= stats.wrap_gap(a.size)


def _shares_heading_style(
    lines: list[PageLine], run: list[int], zone: int, stats: BodyStats
) -> bool:
    """True when the first heading after the zone is set like the run: then the run is the first
    of the paper's headings, not its title."""
    first = lines[run[0]].line
    if first.size >= stats.size * TITLE_SIZE * 1.2:
        return False  # set well above body size: no heading style
    for pl in lines[zone:]:
        line = pl.line
        if not _is_prominent(pl, stats) or len(line.text) > 120:
            continue
        return (
            abs(line.size - first.size) < 0.3
            and (bold_share(line) >= 0.8) == (bold_share(first) >= 0.8)
            and line.fontname == first.fontname
            and line.color == first.color
        )
    return False
