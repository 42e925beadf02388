"""Lines → a Paper: metadata, a section tree from layout and numbering, passages with pages.

The stages, each a small function over the body lines (running headers and footers already set
aside by `margins.split_margins`):

1. `frontmatter.front_matter` takes the header block and the title off page 1, and
   `frontmatter.closing_matter` the signature block and the attachments list off the end.
2. `tables.with_table_cells` finds table rows, `headings.find_headings` heading lines.
3. `section_tree` nests headings: a numbered heading closes every open section of the same or
   deeper level, so a misprinted "1.5" inside section 3 stays a child of 3; an unnumbered topic
   heading sits one level below the innermost numbered section.
4. `passages.passages_of` splits the text lines between headings into paragraphs, list items and
   table rows.

All distances are relative to the document's own body text (its size and line spacing), never to
one PDF writer's exact numbers.
"""

from __future__ import annotations

import datetime as dt
import re

from ..domain import PAPER_REF_RE, committee_for_ref_prefix, committees_named_in
from ..models import Classification, DocumentLayout, Meeting, Paper, Passage, Section, Source
from .body import BodyStats, body_stats
from .frontmatter import closing_matter, front_matter
from .headings import Heading, find_headings, heading_level
from .margins import PageLine, split_margins
from .passages import passages_of
from .tables import with_table_cells
from .textjoin import Vocabulary


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
        level = heading_level(item, stack, stats)
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
