"""Lines → a Paper: identity, a section tree from layout and numbering, passages with pages.

The stages, each a small function over the body lines:

1. `margins.split_margins` sets running headers, footers and page numbers aside and reads each
   page's stated classification; `reading.in_reading_order` reads columns in turn;
   `margins.body_markings` takes classification statements out of the body;
   `footnotes.split_footnotes` takes footnotes out of the flow.
2. `frontmatter.front_matter` reads the header block, title, dates and meeting off page 1 (or the
   cover), and `closing.closing_matter` the signature block and the attachments off the end.
3. `tables.with_table_cells` finds table rows (`tables.joined_across_pages` drops repeated header
   rows and mends rows split by a page break), `headings.find_headings` heading lines.
4. `section_tree` nests headings: a numbered heading closes every open section of the same or
   deeper level, so a misprinted "1.5" inside section 3 stays a child of 3; an unnumbered
   heading takes the level its style has (`headings.heading_level`).
5. `passages.passages_of` splits the text lines between headings into paragraphs, list items and
   table rows; footnotes become passages of an untitled section after the body.

A slide deck is read slide by slide (its title slide is the front matter, every other slide a
level-1 section named by its title), a spreadsheet as rows with no sections (`reading`).
All distances are relative to the document's own body text, never one writer's exact numbers.
"""

from __future__ import annotations

import datetime as dt
import re

from ..domain import PAPER_REF_RE, committee_for_ref_prefix, committees_named_in
from ..models import Classification, DocumentLayout, Meeting, Paper, Passage, Section, Source
from .body import BodyStats, body_stats
from .classification import (
    PageLevels,
    most_restrictive,
    page_levels,
    paper_level,
    stated_level,
    title_level,
)
from .closing import closing_matter
from .footnotes import split_footnotes
from .frontmatter import FrontMatter, front_matter
from .headings import Heading, Levels, find_headings, heading_level, style_levels
from .margins import PageLine, body_markings, split_margins
from .passages import footnote_passage, passages_of
from .reading import in_reading_order, is_deck, is_sheet
from .slides import slide_headings
from .tables import joined_across_pages, with_table_cells
from .textjoin import Vocabulary


def build_paper(layout: DocumentLayout) -> Paper:
    """The structured paper one PDF's layout describes (entities and acronyms left empty)."""
    deck = is_deck(layout)
    margins = split_margins(layout)
    lines = in_reading_order(margins.body)
    stats = body_stats(lines)
    stated = dict(margins.stated)
    markings = body_markings(lines, stats.size)
    for i in sorted(markings):
        pl = lines[i]
        stated[pl.page] = most_restrictive([stated.get(pl.page), stated_level(pl.line.text)])
    lines = [pl for i, pl in enumerate(lines) if i not in markings]
    lines, notes = split_footnotes(lines, stats)
    front, lines = front_matter(lines, stats)
    if deck:
        # The title slide is the deck's front matter, all of it.
        lines = [pl for pl in lines if pl.page != layout.pages[0].number]
        front.text_rows = []
    closing, lines = closing_matter(lines, stats)
    lines = front.text_rows + joined_across_pages(with_table_cells(lines, stats))
    vocabulary = Vocabulary(pl.line.text for pl in lines)
    if deck:
        items: list[Heading | PageLine] = slide_headings(lines)
    elif is_sheet(lines):
        items = list(lines)
    else:
        items = find_headings(lines, stats, vocabulary)
    headings = [h for h in items if isinstance(h, Heading)]
    ref_match = PAPER_REF_RE.search(front.ref or "")
    default_committees = _ref_committees(ref_match.group("prefix") if ref_match else None)
    paper_cls = paper_level(stated)
    levels = page_levels(stated, _appendix_levels(headings, layout))
    builder = _TreeBuilder(stats, vocabulary, levels, default_committees)
    sections = builder.tree(items, style_levels(headings))
    if notes:
        found = [footnote_passage(n, vocabulary, levels) for n in notes]
        sections.append(_untitled_section(found, default_committees))
    # A paper that prints no date of its own (a deck's title slide) is dated by the meeting its
    # front page names.
    date = front.date or closing.date or front.meeting_date
    return Paper(
        ref=front.ref,
        title=front.title,
        date=date,
        action=front.action,
        classification=paper_cls,
        meeting=_meeting(ref_match, front, date),
        paper_number=_paper_number(ref_match),
        author=front.author or closing.author,
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


def _meeting(
    ref: re.Match[str] | None, front: FrontMatter, paper_date: dt.date | None
) -> Meeting | None:
    """The meeting the paper goes to: its number from the reference (or a line naming it), its
    date as printed, else the reference's day and month in the paper's year."""
    if ref is None:
        if front.meeting_number is None:
            return None
        return Meeting(number=front.meeting_number, date=front.meeting_date)
    number = int(ref.group("meeting"))
    if front.meeting_date is not None and front.meeting_number in (None, number):
        return Meeting(number=number, date=front.meeting_date)
    return Meeting(number=number, date=_date_from_ref(ref.group("ddmm"), paper_date))


def _date_from_ref(ddmm: str, paper_date: dt.date | None) -> dt.date | None:
    """The reference's DDMM in the paper's year, moved on when the meeting month wraps."""
    if paper_date is None:
        return None
    day, month = int(ddmm[:2]), int(ddmm[2:])
    year = paper_date.year
    # A paper precedes its meeting by days: December paper, January meeting → next year.
    if month - paper_date.month < -6:
        year += 1
    elif month - paper_date.month > 6:
        year -= 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _paper_number(ref: re.Match[str] | None) -> int | None:
    paper = ref.group("paper") if ref else None
    digits = re.match(r"\d+", paper or "")
    return int(digits.group(0)) if digits else None


def _appendix_levels(headings: list[Heading], layout: DocumentLayout) -> dict[int, Classification]:
    """Pages of each included appendix whose heading names its own level, with that level."""
    last_page = layout.pages[-1].number if layout.pages else 0
    out: dict[int, Classification] = {}
    marked = [(h.page, title_level(h.title)[1]) for h in headings]
    for k, (page, level) in enumerate(marked):
        if level is None:
            continue
        end = next((p for p, _ in marked[k + 1 :] if p > page), last_page + 1)
        out.update(dict.fromkeys(range(page, end), level))
    return out


# --------------------------------------------------------------------------- section tree


class _TreeBuilder:
    """Nests headings by level and gives each section the passages under it."""

    def __init__(
        self,
        stats: BodyStats,
        vocabulary: Vocabulary,
        levels: PageLevels,
        default_committees: list[str],
    ) -> None:
        self.stats = stats
        self.vocabulary = vocabulary
        self.levels = levels
        self.default_committees = default_committees

    def passages(self, lines: list[PageLine]) -> list[Passage]:
        return passages_of(lines, self.stats, self.vocabulary, self.levels)

    def tree(self, items: list[Heading | PageLine], styles: Levels) -> list[Section]:
        roots: list[Section] = []
        stack: list[Section] = []
        pending: list[PageLine] = []
        orphans: list[Passage] = []

        def flush() -> None:
            found = self.passages(pending)
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
            level = heading_level(item, stack, styles)
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            section = Section(
                number=item.number,
                title=item.title,
                level=level,
                committees=_committees(item.title, parent, self.default_committees),
                pages=(item.page, item.lines[-1].page),
            )
            (parent.sections if parent else roots).append(section)
            stack.append(section)
        flush()
        if orphans:
            roots.insert(0, _untitled_section(orphans, self.default_committees))
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
    """A level-1 section without heading: text before the first heading, or the footnotes."""
    pages = [p for passage in passages for p in passage.pages]
    section = Section(
        number=None,
        title="",
        level=1,
        committees=list(committees),
        pages=(min(pages), max(pages)),
        passages=passages,
    )
    _fill_page_spans(section)
    return section


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
