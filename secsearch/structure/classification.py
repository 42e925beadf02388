"""Classification levels: where a paper states them, and what each page and passage carries.

The Panel Information Policy (other stages rely on these rules):

* `Paper.classification` is the level the paper states, or None when it states none: never a
  guess. It is the first level a page states, reading from page 1 (the footer of every page, the
  first page's footer only, a cover page, a header, a line under the header block).
* A page carries the level it states; a page that states none carries the level of the page
  before it (a statement on page 1 only covers the paper), and the pages of an appendix whose
  heading names a level ("Appendix B – Consultation Responses (AMBER)") carry that one.
* A passage carries the most restrictive of the levels of the pages it spans (white < green <
  amber < red): a paragraph that runs from a White page onto a Red one is Red. The paper's level
  is a floor applied where passages are read (`index.records.passage_classification`, the
  classification gate): a White appendix of a Green paper keeps White here and is shown as Green.

The wordings are in `domain.CLASSIFICATION_MARKING_RES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..domain import CLASSIFICATION_MARKING_RES, TITLE_LEVEL_RE, classification_level
from ..models import Classification

PageLevels = dict[int, Classification | None]
# Every marking names a level: a line without one of these words states none (most lines).
_LEVEL_WORD_RE = re.compile(r"\b(?:white|clear|green|amber|red)\b", re.I)


def stated_level(text: str) -> Classification | None:
    """The level a line of text states ("Classification: GREEN" → green), if it states one."""
    if not _LEVEL_WORD_RE.search(text):
        return None
    for pattern in CLASSIFICATION_MARKING_RES:
        m = pattern.search(text)
        if m:
            return Classification(classification_level(m.group("level")))
    return None


def marking_span(text: str) -> tuple[int, int] | None:
    """Where in the text a classification marking sits, if it holds one."""
    if not _LEVEL_WORD_RE.search(text):
        return None
    for pattern in CLASSIFICATION_MARKING_RES:
        m = pattern.search(text)
        if m:
            return m.start(), m.end()
    return None


def title_level(title: str) -> tuple[str, Classification | None]:
    """'Appendix A – Title (RED)' → ('Appendix A – Title', red); a title with no level → None."""
    m = TITLE_LEVEL_RE.search(title)
    if not m:
        return title, None
    return title[: m.start()].rstrip(), Classification(classification_level(m.group("level")))


def most_restrictive(levels: Iterable[Classification | None]) -> Classification | None:
    """The most restrictive of the levels (None when none is given)."""
    found = [level for level in levels if level is not None]
    return max(found, key=lambda c: c.rank) if found else None


def paper_level(stated: PageLevels) -> Classification | None:
    """The level the paper states: the first stated, in page order."""
    return next((stated[n] for n in sorted(stated) if stated[n] is not None), None)


def page_levels(
    stated: PageLevels, appendix_levels: dict[int, Classification] | None = None
) -> PageLevels:
    """Each page's level: the one it states, an appendix's own level, else the page before's."""
    appendix_levels = appendix_levels or {}
    filled: PageLevels = {}
    current = paper_level(stated)
    for number in sorted(stated):
        current = stated[number] or current
        filled[number] = most_restrictive([current, appendix_levels.get(number)])
    return filled


def passage_level(pages: Iterable[int], levels: PageLevels) -> Classification | None:
    """The most restrictive of the levels of the pages the passage spans."""
    return most_restrictive(levels.get(p) for p in pages)
