"""Text lines between two headings → passages: paragraphs, list items and table rows.

Paragraph boundaries come from measures relative to the document's own body text, so papers from
Word, Acrobat or LibreOffice split alike:

* a vertical gap clearly larger than the body's line spacing (`BodyStats.para_gap`);
* a bullet glyph at the start of a line (a new list item);
* a return to the left margin after a list item's hanging indent;
* a first-line indent;
* a short line ending a sentence (the last line of a paragraph that has no space after it).

Across a page break a paragraph continues unless its last line ends a sentence — and even then
it continues when that line runs to the right margin and the next page starts in lower case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..models import Classification, Passage, PassageKind
from .body import BodyStats, is_bullet, without_bullet
from .margins import PageLine
from .textjoin import Vocabulary, joined_lines

_SENTENCE_END = (".", "!", "?", ":", ".”", ".’", '."', ".)")


@dataclass
class _Block:
    kind: PassageKind
    lines: list[PageLine] = field(default_factory=list)

    @property
    def text_x0(self) -> float:
        """Where the item's text starts: after the bullet for a list item."""
        first = self.lines[0].line
        if self.kind == "list_item" and len(first.words) > 1 and is_bullet(first.text):
            return first.words[1].x0
        return first.x0


def passages_of(
    lines: list[PageLine],
    stats: BodyStats,
    vocabulary: Vocabulary,
    page_classification: dict[int, Classification | None],
) -> list[Passage]:
    """The passages the lines form, in reading order."""
    return [_passage(b, vocabulary, page_classification) for b in _blocks(lines, stats)]


def _blocks(lines: Iterable[PageLine], stats: BodyStats) -> list[_Block]:
    """Lines grouped into paragraphs and list items."""
    blocks: list[_Block] = []
    for pl in lines:
        kind: PassageKind = "list_item" if is_bullet(pl.line.text) else "paragraph"
        if pl.cells:
            blocks.append(_Block("table_row", [pl]))
        elif (
            not blocks
            or kind == "list_item"
            or blocks[-1].kind == "table_row"
            or _starts_paragraph(blocks[-1], pl, stats)
        ):
            blocks.append(_Block(kind, [pl]))
        else:
            blocks[-1].lines.append(pl)
    return blocks


def _starts_paragraph(block: _Block, pl: PageLine, stats: BodyStats) -> bool:
    """True when `pl` does not continue `block` (see the module docstring)."""
    prev = block.lines[-1]
    line, last = pl.line, prev.line
    tol = 0.5 * stats.size
    if pl.page != prev.page:
        return _ends_sentence(last.text) and not (stats.is_full(last) and line.text[:1].islower())
    if line.top - last.bottom > stats.para_gap(max(line.size, last.size)):
        return True
    if block.kind == "list_item" and line.x0 < block.text_x0 - tol:
        return True
    if len(block.lines) > 1 and line.x0 > last.x0 + tol:
        return True
    if block.kind == "paragraph" and len(block.lines) == 1 and line.x0 > last.x0 + tol:
        return True
    return _ends_sentence(last.text) and not stats.is_full(last)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


def _passage(
    block: _Block, vocabulary: Vocabulary, page_classification: dict[int, Classification | None]
) -> Passage:
    texts = [pl.line.text for pl in block.lines]
    if block.kind == "table_row":
        texts = [" | ".join(block.lines[0].cells)]
    elif block.kind == "list_item":
        texts[0] = without_bullet(texts[0])
    pages = sorted({pl.page for pl in block.lines})
    links: list[str] = []
    for pl in block.lines:
        links.extend(uri for uri in pl.line.links if uri not in links)
    return Passage(
        text=joined_lines(texts, vocabulary),
        pages=pages,
        kind=block.kind,
        classification=_most_restrictive_page(pages, page_classification),
        links=links,
    )


def _most_restrictive_page(
    pages: list[int], page_classification: dict[int, Classification | None]
) -> Classification | None:
    """The highest level stated for any page the passage spans: a paragraph that runs from a
    White page onto a Red one is Red."""
    levels = [c for p in pages if (c := page_classification.get(p)) is not None]
    return max(levels, key=lambda c: c.rank) if levels else None
