"""Lines → a Paper: metadata, a section tree from layout and numbering, passages with pages.

The stages, each a small function over the body lines (running headers and footers already set
aside by `margins.split_margins`):

1. `front_matter` takes the header block (Paper Reference, Action) and the title off page 1.
2. `closing_matter` takes the signature block (author, team, date) and the attachments list off
   the end.
3. `find_headings` marks heading lines by layout — bold or larger than the body text, short, not a
   bullet — and merges a heading that wraps onto a second line (a continuation line is bold in the
   same size, unnumbered, and closer to it than paragraphs are to each other).
4. `section_tree` nests headings: a numbered heading's level is its number's depth ("2." → 1,
   "2.1" → 2) and it closes every open section of the same or deeper level, so a misprinted
   "1.5" inside section 3 stays a child of 3; an unnumbered topic heading sits one level below
   the innermost numbered section.
5. `passages` splits the text lines between headings into paragraphs, list items and table rows
   (see `passages.py`).

All distances are relative to the document's own body text (its size and line spacing), never to
one PDF writer's exact numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .domain import ACTIONS, PAPER_REF_RE, committee_for_ref_prefix, committees_named_in
from .margins import PageLine, split_margins
from .models import (
    Attachment,
    Classification,
    DocumentLayout,
    Meeting,
    Paper,
    Passage,
    Section,
    Source,
)
from .passages import (
    BodyStats,
    body_stats,
    bold_share,
    is_bullet,
    passages_of,
    with_table_cells,
    without_bullet,
)
from .textjoin import Vocabulary

# "2. Operations Group", "3.5 SSC Highlights": the number is kept as printed, dot and all.
_NUMBERED_RE = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*\.?)\s+(?P<title>\S.*)$")
_REF_LINE_RE = re.compile(r"\breference\b", re.I)
_ACTION_RE = re.compile(r"^\s*action\s*:?\s*(?P<value>.*)$", re.I)
_DATE_RE = re.compile(
    r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})$"
)
# "Appendix A – Title", "Annex 2: Title": the heading of an appendix the paper includes.
_APPENDIX_HEADING_RE = re.compile(r"^(?:appendix|annex)\s+[A-Z0-9]{1,2}\s*[–—:-]\s*\S", re.I)
_ATTACHMENTS_RE = re.compile(r"^(attachments?|appendices|enclosures?)\s*:?$", re.I)
_ATTACHMENT_CLASS_RE = re.compile(r"\s*\((?P<level>white|green|amber|red)\)\s*$", re.I)
_MONTHS = {
    name: i
    for i, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
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


@dataclass
class FrontMatter:
    ref: str | None = None
    action: str | None = None
    title: str = ""


@dataclass
class ClosingMatter:
    author: str | None = None
    team: str | None = None
    date: dt.date | None = None
    attachments: list[Attachment] = field(default_factory=list)


# --------------------------------------------------------------------------- entry point


def build_paper(layout: DocumentLayout) -> Paper:
    """The structured paper one PDF's layout describes (entities and acronyms left empty)."""
    margins = split_margins(layout)
    lines = margins.body
    stats = body_stats(lines)
    front, lines = front_matter(lines, stats)
    closing, lines = closing_matter(lines, stats)
    lines = with_table_cells(lines, stats)
    vocabulary = Vocabulary(pl.line.text for pl in lines)
    items = find_headings(lines, stats, vocabulary)
    ref_match = PAPER_REF_RE.search(front.ref or "")
    default_committees = _ref_committees(ref_match.group("prefix") if ref_match else None)
    sections = section_tree(
        items, stats, vocabulary, margins.page_classification, default_committees
    )
    page1 = margins.page_classification.get(1)
    return Paper(
        ref=front.ref,
        title=front.title,
        date=closing.date,
        action=front.action,
        classification=page1,
        meeting=_meeting(ref_match, closing.date),
        paper_number=_paper_number(ref_match),
        author=closing.author,
        team=closing.team,
        page_count=len(layout.pages),
        source=Source(path=layout.path, sha256=layout.sha256),
        attachments=closing.attachments,
        sections=sections,
    )


# --------------------------------------------------------------------------- front matter


def front_matter(lines: list[PageLine], stats: BodyStats) -> tuple[FrontMatter, list[PageLine]]:
    """The header block and title of page 1, and the lines after them."""
    front = FrontMatter()
    i = 0
    while i < len(lines) and lines[i].page == 1:
        text = lines[i].line.text.strip()
        if (
            (m := PAPER_REF_RE.search(text))
            and (front.ref is None)
            and (_REF_LINE_RE.search(text) or i < 3)
        ):
            front.ref = m.group(0)
        elif (m := _ACTION_RE.match(text)) and front.action is None:
            front.action = _canonical_action(m.group("value"))
        else:
            break
        i += 1
    title_lines = _title_lines(lines[i:], stats)
    front.title = " ".join(" ".join(pl.line.text.split()) for pl in title_lines)
    return front, lines[i + len(title_lines) :]


def _canonical_action(value: str) -> str | None:
    """'for decision' → 'For Decision'; other wording kept as printed."""
    value = " ".join(value.split())
    for action in ACTIONS:
        if value.lower() == action.lower():
            return action
    return value or None


def _title_lines(lines: list[PageLine], stats: BodyStats) -> list[PageLine]:
    """The title: the leading run of page-1 lines in the first line's (large or bold) font."""
    if not lines or lines[0].page != 1:
        return []
    first = lines[0].line
    if _NUMBERED_RE.match(first.text) or not (first.bold or first.size > stats.size * 1.1):
        return []
    out = [lines[0]]
    for pl in lines[1:]:
        prev = out[-1].line
        same_font = abs(pl.line.size - first.size) < 0.5 and pl.line.bold == first.bold
        close = pl.line.top - prev.bottom <= stats.wrap_gap(first.size)
        if pl.page != 1 or not same_font or not close or _NUMBERED_RE.match(pl.line.text):
            break
        out.append(pl)
    return out


# --------------------------------------------------------------------------- closing matter


def closing_matter(lines: list[PageLine], stats: BodyStats) -> tuple[ClosingMatter, list[PageLine]]:
    """The signature block and attachments list, and the body lines without them.

    Appendices included after the attachments list stay in the body: they are sections.
    """
    closing = ClosingMatter()
    drop: set[int] = set()
    start = _attachments_start(lines)
    if start is not None:
        items = _attachment_items(lines, start, stats)
        closing.attachments = [
            _attachment(" ".join(lines[i].line.text for i in item)) for item in items
        ]
        drop.update(range(start, max((i for item in items for i in item), default=start) + 1))
    date_at = _signature_date_index(lines, before=start if start is not None else len(lines))
    if date_at is not None:
        closing.date = _parsed_date(lines[date_at].line.text)
        names = [i for i in (date_at - 2, date_at - 1) if i >= 0 and _is_name_line(lines[i])]
        if len(names) == 2:
            closing.author, closing.team = (lines[i].line.text.strip() for i in names)
        elif names:
            closing.author = lines[names[0]].line.text.strip()
        drop.update([*names, date_at])
    return closing, [pl for i, pl in enumerate(lines) if i not in drop]


def _is_name_line(pl: PageLine) -> bool:
    """A signature line: short and not a sentence."""
    text = pl.line.text.strip()
    return 0 < len(text) <= 80 and not text.endswith((".", ":", ";")) and not is_bullet(text)


def _attachments_start(lines: list[PageLine]) -> int | None:
    """Index of the last 'Attachments:' line."""
    for i in range(len(lines) - 1, -1, -1):
        if _ATTACHMENTS_RE.match(lines[i].line.text.strip()):
            return i
    return None


def _attachment_items(lines: list[PageLine], start: int, stats: BodyStats) -> list[list[int]]:
    """Line indices of each item listed under 'Attachments:' (a bullet, maybe wrapped)."""
    items: list[list[int]] = []
    for i in range(start + 1, len(lines)):
        pl, prev = lines[i], lines[i - 1]
        close = (
            pl.page == prev.page
            and pl.line.top - prev.line.bottom <= stats.para_gap(pl.line.size) + stats.size
        )
        # The list may run over a page break; an appendix page starts with a heading instead.
        carried_over = pl.page == prev.page + 1 and is_bullet(pl.line.text)
        if not (close or carried_over):
            break
        if is_bullet(pl.line.text) or not items:
            items.append([i])
        elif pl.line.x0 > lines[items[-1][0]].line.x0 + stats.size:
            items[-1].append(i)  # a wrapped item continues at the text indent
        else:
            break
    return items


def _attachment(text: str) -> Attachment:
    """'• Appendix A – Title (RED)' → Attachment('Appendix A – Title', red)."""
    text = " ".join(text.split())
    text = without_bullet(text)
    m = _ATTACHMENT_CLASS_RE.search(text)
    level = Classification(m.group("level").lower()) if m else None
    return Attachment(title=text[: m.start()] if m else text, classification=level)


def _signature_date_index(lines: list[PageLine], *, before: int) -> int | None:
    """Index of the last line before `before` that is only a date (the signature's)."""
    for i in range(before - 1, max(-1, before - 8), -1):
        if _parsed_date(lines[i].line.text) is not None:
            return i
    return None


def _parsed_date(text: str) -> dt.date | None:
    """'8 March 2019' / '12th March 2019' → date; anything else → None."""
    m = _DATE_RE.match(" ".join(text.split()))
    if not m or m.group("month").lower() not in _MONTHS:
        return None
    try:
        return dt.date(int(m.group("year")), _MONTHS[m.group("month").lower()], int(m.group("day")))
    except ValueError:
        return None


# --------------------------------------------------------------------------- metadata


def _ref_committees(prefix: str | None) -> list[str]:
    code = committee_for_ref_prefix(prefix) if prefix else None
    return [code] if code else []


def _meeting(ref: re.Match[str] | None, paper_date: dt.date | None) -> Meeting | None:
    """Meeting number and date; the year is the paper's, moved on when the meeting month wraps."""
    if ref is None:
        return None
    ddmm = ref.group("ddmm")
    day, month = int(ddmm[:2]), int(ddmm[2:])
    date = None
    if paper_date is not None:
        year = paper_date.year
        # A paper precedes its meeting by days: December paper, January meeting → next year.
        if month - paper_date.month < -6:
            year += 1
        elif month - paper_date.month > 6:
            year -= 1
        try:
            date = dt.date(year, month, day)
        except ValueError:
            date = None
    return Meeting(number=int(ref.group("meeting")), date=date)


def _paper_number(ref: re.Match[str] | None) -> int | None:
    paper = ref.group("paper") if ref else None
    digits = re.match(r"\d+", paper or "")
    return int(digits.group(0)) if digits else None


# --------------------------------------------------------------------------- headings


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
        m = _NUMBERED_RE.match(" ".join(pl.line.text.split()))
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
    if pl.page != last.page or _NUMBERED_RE.match(pl.line.text.strip()):
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


# --------------------------------------------------------------------------- section tree


def section_tree(
    items: list[Heading | PageLine],
    stats: BodyStats,
    vocabulary: Vocabulary,
    page_classification: dict[int, Classification | None],
    default_committees: list[str],
) -> list[Section]:
    """Nest headings by level and give each section the passages under it."""
    roots: list[Section] = []
    stack: list[Section] = []
    pending: list[PageLine] = []
    orphans: list[Passage] = []

    def flush() -> None:
        found = passages_of(pending, stats, vocabulary, page_classification)
        if stack:
            stack[-1].passages.extend(found)
        else:
            orphans.extend(found)
        pending.clear()

    for item in items:
        if isinstance(item, PageLine):
            pending.append(item)
            continue
        flush()
        level = _heading_level(item, stack, stats)
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        section = Section(
            number=item.number,
            title=item.title,
            level=level,
            committees=_committees(item.title, parent, default_committees),
            pages=(item.page, item.lines[-1].page),
        )
        (parent.sections if parent else roots).append(section)
        stack.append(section)
    flush()
    if orphans:
        roots.insert(0, _untitled_section(orphans, default_committees))
    for section in roots:
        _fill_page_spans(section)
    return roots


def _heading_level(heading: Heading, stack: list[Section], stats: BodyStats) -> int:
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


def _committees(title: str, parent: Section | None, default: list[str]) -> list[str]:
    """Committees the title names; else the parent's; else (top level) the ref prefix's."""
    named = committees_named_in(title)
    if named:
        return named
    return list(parent.committees) if parent else list(default)


def _untitled_section(passages: list[Passage], committees: list[str]) -> Section:
    """A level-1 section without heading for text that precedes the first heading."""
    pages = [p for passage in passages for p in passage.pages]
    return Section(
        number=None,
        title="",
        level=1,
        committees=list(committees),
        pages=(min(pages), max(pages)),
        passages=passages,
    )


def _fill_page_spans(section: Section) -> tuple[int, int]:
    """Widen each section's page span to cover its passages and its children."""
    first, last = section.pages
    pages = [p for passage in section.passages for p in passage.pages]
    for child in section.sections:
        pages.extend(_fill_page_spans(child))
    if pages:
        first, last = min(first, *pages), max(last, *pages)
    section.pages = (first, last)
    return first, last
