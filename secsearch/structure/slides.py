"""Slide decks: every slide after the title slide is one section, named by its title.

A slide's title is the largest text at the top of the slide, one or more lines (a long title
wraps); everything else on the slide is its body — bullets and sub-bullets become list items,
a table its rows — and the slide number is the page. The title slide is read as front matter
(`frontmatter`), and slide footers are running text (`margins`).
"""

from __future__ import annotations

from .headings import Heading, joined_title
from .margins import PageLine


def slide_headings(lines: list[PageLine]) -> list[Heading | PageLine]:
    """The lines with each slide's title lines replaced by one unnumbered Heading."""
    out: list[Heading | PageLine] = []
    by_page: dict[int, list[PageLine]] = {}
    for pl in lines:
        by_page.setdefault(pl.page, []).append(pl)
    for page_lines in by_page.values():
        title = _title_lines(page_lines)
        if title:
            text = " ".join(title[0].line.text.split())
            for pl in title[1:]:
                text = joined_title(text, pl.line.text)
            out.append(Heading(None, text, title))
        out.extend(pl for pl in page_lines if pl not in title)
    return out


def _title_lines(lines: list[PageLine]) -> list[PageLine]:
    """The slide's title: the leading lines set in the slide's largest size."""
    largest = max(pl.line.size for pl in lines if not pl.cells) if lines else 0.0
    title: list[PageLine] = []
    for pl in lines:
        if pl.cells or abs(pl.line.size - largest) >= 0.5:
            break
        title.append(pl)
    return title
