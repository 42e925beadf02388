"""Text lines between two headings → passages: paragraphs, list items and table rows.

Paragraph boundaries come from measures relative to the document's own body text, so papers from
Word, Acrobat, LibreOffice or a browser split alike:

* a vertical gap clearly larger than the body's line spacing (`BodyStats.para_gap`);
* a list marker at the start of a line: a bullet glyph, a typed "a)" or "1.", or an en dash
  indented from the text (a new list item);
* a return to the left margin after a list item's hanging indent;
* a first-line indent;
* a short line ending a sentence (the last line of a paragraph that has no space after it).

A list printed without glyphs (a browser draws its bullets as shapes) is a run of lines indented
from the text after a line that introduces it (ending in a colon): each item ends with a short
line or with the ";", "; and", "; or" or "." that ends a list item.

Across a page or column break a paragraph continues unless its last line ends a sentence — and
even then it continues when that line runs to the right margin and the next part starts in
lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..extract import joined_words
from ..models import Passage, PassageKind
from .body import BodyStats, is_bullet, is_list_marker, without_bullet
from .classification import PageLevels, passage_level
from .margins import PageLine
from .textjoin import Vocabulary, joined_lines

_SENTENCE_END = (".", "!", "?", ":", ".”", ".’", '."', ".)")
# How a list item ends when nothing else shows it: "…; and", "…; or", "…;", "….".
_ITEM_END_RE = re.compile(r"(?:;\s*(?:and|or)?|\.)\s*$")
_DASH_BULLET_RE = re.compile(r"^\s*[–—-]\s+\S")


@dataclass
class _Block:
    kind: PassageKind
    lines: list[PageLine] = field(default_factory=list)

    @property
    def text_x0(self) -> float:
        """Where the item's text starts: after the bullet or marker for a list item."""
        first = self.lines[0].line
        if self.kind == "list_item" and len(first.words) > 1 and _opens_item(first.text):
            return first.words[1].x0
        return first.x0


def passages_of(
    lines: list[PageLine],
    stats: BodyStats,
    vocabulary: Vocabulary,
    levels: PageLevels,
) -> list[Passage]:
    """The passages the lines form, in reading order."""
    return [_passage(b, vocabulary, levels) for b in _blocks(lines, stats)]


def footnote_passage(lines: list[PageLine], vocabulary: Vocabulary, levels: PageLevels) -> Passage:
    """One footnote as a passage (its marker left out)."""
    return _passage(_Block("footnote", lines), vocabulary, levels)


def _opens_item(text: str) -> bool:
    return is_bullet(text) or is_list_marker(text)


def _kind_of(pl: PageLine, blocks: list[_Block], stats: BodyStats) -> PassageKind:
    """'list_item' for a line that opens a list item, else 'paragraph'."""
    text = pl.line.text
    if _opens_item(text):
        return "list_item"
    indented = pl.line.x0 > _left_of(pl, stats) + 0.8 * stats.size
    if indented and _DASH_BULLET_RE.match(text):
        return "list_item"
    if indented and blocks and _introduces_list(blocks[-1], pl):
        return "list_item"
    return "paragraph"


def _left_of(pl: PageLine, stats: BodyStats) -> float:
    """The left edge of body text where the line sits (its column's, on a page in columns)."""
    if not pl.line.column:
        return stats.left
    right = stats.column_right.get((pl.page, pl.line.column), stats.right)
    return right - (stats.right - stats.left) / 2


def _introduces_list(block: _Block, pl: PageLine) -> bool:
    """True when `block` opens a list printed without glyphs that `pl` may be an item of: the
    block ends with a colon, or is such an item itself, at the indent `pl` has."""
    last = block.lines[-1]
    if block.kind == "list_item" and abs(block.lines[0].line.x0 - pl.line.x0) < 1.0:
        return _ITEM_END_RE.search(last.line.text.rstrip()) is not None
    return block.kind == "paragraph" and last.line.text.rstrip().endswith(":")


def _blocks(lines: Iterable[PageLine], stats: BodyStats) -> list[_Block]:
    """Lines grouped into paragraphs and list items."""
    blocks: list[_Block] = []
    for pl in lines:
        if pl.cells:
            blocks.append(_Block("table_row", [pl]))
            continue
        kind = _kind_of(pl, blocks, stats)
        if (
            not blocks
            or blocks[-1].kind == "table_row"
            or (kind == "list_item" and _new_item(blocks[-1], pl, stats))
            or _starts_paragraph(blocks[-1], pl, stats)
        ):
            blocks.append(_Block(kind, [pl]))
        else:
            blocks[-1].lines.append(pl)
    return blocks


def _new_item(block: _Block, pl: PageLine, stats: BodyStats) -> bool:
    """True when a line that may open a list item does open one (not so for a wrapped line of a
    glyph-less item, which sits at the item's indent)."""
    if _opens_item(pl.line.text) or _DASH_BULLET_RE.match(pl.line.text):
        return True
    if block.kind != "list_item":
        return True
    last = block.lines[-1]
    return _ITEM_END_RE.search(last.line.text.rstrip()) is not None or not stats.is_full(last)


def _starts_paragraph(block: _Block, pl: PageLine, stats: BodyStats) -> bool:
    """True when `pl` does not continue `block` (see the module docstring)."""
    prev = block.lines[-1]
    line, last = pl.line, prev.line
    tol = 0.5 * stats.size
    if pl.page != prev.page or line.column != last.column:
        return _ends_sentence(last.text) and not (stats.is_full(prev) and line.text[:1].islower())
    if line.top - last.bottom > stats.para_gap(max(line.size, last.size)):
        return True
    if block.kind == "list_item" and line.x0 < block.text_x0 - tol:
        return True
    if len(block.lines) > 1 and line.x0 > last.x0 + tol:
        return True
    if block.kind == "paragraph" and len(block.lines) == 1 and line.x0 > last.x0 + tol:
        return True
    return _ends_sentence(last.text) and not stats.is_full(prev)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


def _passage(block: _Block, vocabulary: Vocabulary, levels: PageLevels) -> Passage:
    texts = [pl.line.text for pl in block.lines]
    if block.kind == "table_row":
        texts = [" | ".join(block.lines[0].cells)]
    elif block.kind == "list_item":
        texts[0] = without_bullet(texts[0])
        texts[0] = _DASH_BULLET_RE.sub(lambda m: m.group(0)[-1], texts[0], count=1)
    elif block.kind == "footnote":
        texts[0] = _without_marker(block.lines[0])
    pages = sorted({p for pl in block.lines for p in (pl.page, *pl.pages)})
    links: list[str] = []
    for pl in block.lines:
        links.extend(uri for uri in pl.line.links if uri not in links)
    return Passage(
        text=joined_lines(texts, vocabulary),
        pages=pages,
        kind=block.kind,
        classification=passage_level(pages, levels),
        links=links,
    )


def _without_marker(pl: PageLine) -> str:
    """A footnote's first line without its (superscript) reference mark."""
    words = pl.line.words
    return joined_words(words[1:]) if len(words) > 1 else pl.line.text
