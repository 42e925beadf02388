"""Word-like layout: line breaking with real font metrics, pagination, footers, link rectangles.

The layout is computed here, once, and drawn by either writer, so the ground truth (which page
each passage sits on, which links overlap it) comes from the same numbers as the PDF.

Line-end hyphens: a word from `HYPHENATION` may be split at a syllable break with an inserted
hyphen ("implemen-" / "tation", recorded as "implementation"); a compound whose part after the
hyphen starts with a capital ("Sub-Committee") may break after its own hyphen and is recorded
with it. So a line-end hyphen followed by a lower-case letter was inserted for wrapping, and one
followed by a capital is part of the word. No other word is ever split.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .markup import LinkSpan
from .writers import text_width

FontName = Literal["regular", "bold", "italic", "bolditalic"]

HYPHENATION: dict[str, str] = {
    w.replace("-", ""): w
    for w in (
        "im-ple-men-ta-tion",
        "com-mu-ni-ca-tions",
        "in-fra-struc-ture",
        "ad-min-is-tra-tor",
        "rec-om-mend-a-tions",
        "re-quire-ments",
        "ar-range-ments",
        "con-sul-ta-tion",
        "con-fig-u-ra-tion",
        "per-for-mance",
        "in-for-ma-tion",
        "mi-gra-tion",
        "ob-li-ga-tions",
        "in-de-pen-dent",
        "en-vi-ron-ment",
        "re-me-di-at-ed",
        "ac-tiv-i-ties",
        "clas-si-fi-ca-tion",
        "guid-ance",
        "man-u-fac-tur-er",
        "no-ti-fi-ca-tion",
        "con-sis-tent",
        "un-der-stand-ing",
        "as-sess-ment",
        "func-tion-al-i-ty",
        "op-er-a-tions",
        "in-cor-po-rat-ed",
        "Com-mu-ni-ca-tions",
        "Ver-i-fi-ca-tion",
        "As-sess-ments",
        "Ar-chi-tec-ture",
        "Main-te-nance",
        "Pre-lim-i-nary",
        "doc-u-men-ta-tion",
        "dis-cus-sions",
    )
}


@dataclass(frozen=True)
class Geometry:
    """Page geometry and type sizes of one writer's house style (points, A4)."""

    width: float = 595.28
    height: float = 841.89
    left: float = 72.0
    right: float = 72.0
    top: float = 72.0
    bottom: float = 80.0
    body_size: float = 11.0
    leading: float = 14.6
    para_after: float = 8.0
    h1_size: float = 13.0
    h2_size: float = 12.0
    heading_before: float = 10.0
    heading_after: float = 6.0
    number_indent: float = 36.0
    bullet_x: float = 18.0
    bullet_text_x: float = 36.0
    title_size: float = 16.0
    footer_size: float = 8.0
    footer_align: Literal["left", "center"] = "left"
    page_number_align: Literal["right", "center"] = "right"
    table_row: float = 20.0

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


# --------------------------------------------------------------------------- layout output


@dataclass
class Run:
    x: float
    text: str
    font: FontName
    size: float


@dataclass
class DrawLine:
    baseline: float  # from the top of the page
    runs: list[Run]


@dataclass
class LinkRect:
    uri: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    number: int
    classification: str
    lines: list[DrawLine] = field(default_factory=list)
    links: list[LinkRect] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


# --------------------------------------------------------------------------- flow input


@dataclass
class FlowText:
    """A block of wrapped text. ``passage`` is its passage ordinal; None for metadata."""

    text: str
    font: FontName
    size: float
    passage: int | None = None
    heading: int | None = None
    links: list[LinkSpan] = field(default_factory=list)
    indent: float = 0.0
    first_indent: float | None = None
    prefix: list[Run] = field(default_factory=list)
    space_before: float = 0.0
    space_after: float = 0.0
    leading: float | None = None
    keep_with_next: bool = False
    ligatures: bool = False


@dataclass
class FlowTable:
    rows: list[str]  # each row's cells joined by TAB, to be split
    passages: list[int]


@dataclass
class FlowPageBreak:
    classification: str


FlowItem = FlowText | FlowTable | FlowPageBreak


@dataclass
class LayoutResult:
    pages: list[Page]
    passage_pages: dict[int, list[int]]
    passage_links: dict[int, list[str]]
    heading_pages: dict[int, int]


# --------------------------------------------------------------------------- line breaking


@dataclass
class Piece:
    """Part of a word on one line: its display text and its character range in the source."""

    display: str
    start: int
    end: int


def _ligatured(text: str) -> str:
    return text.replace("fi", "\ufb01").replace("fl", "\ufb02")


def _split_options(word: str) -> list[tuple[str, str]]:
    """Ways to split a word at a line end: (head as displayed, tail), longest head first."""
    core = word.rstrip(".,;:’)")
    lead = ""
    if core[:1] in "‘(":
        lead, core = core[0], core[1:]
    tail_punct = word[len(lead) + len(core) :]
    options: list[tuple[str, str]] = []
    if core in HYPHENATION:
        parts = HYPHENATION[core].split("-")
        for i in range(len(parts) - 1, 0, -1):
            head = "".join(parts[:i])
            if len(head) >= 3 and len(core) - len(head) >= 3:
                options.append((lead + head + "-", core[len(head) :] + tail_punct))
    for i, ch in enumerate(word[:-1]):
        if ch == "-" and word[i + 1].isupper() and i >= 2:
            options.append((word[: i + 1], word[i + 1 :]))
    options.sort(key=lambda o: -len(o[0]))
    return options


def break_lines(
    text: str, font: FontName, size: float, width: float, first_width: float, *, ligatures: bool
) -> list[list[Piece]]:
    """Greedy Word-style line breaking of ``text`` into lines of pieces."""
    words: list[tuple[str, int]] = []
    pos = 0
    for token in text.split(" "):
        words.append((token, pos))
        pos += len(token) + 1
    show = _ligatured if ligatures else (lambda s: s)
    space = text_width(" ", font, size)
    lines: list[list[Piece]] = [[]]
    used = 0.0
    for word, start in words:
        avail = first_width if len(lines) == 1 else width
        w = text_width(show(word), font, size)
        gap = space if lines[-1] else 0.0
        if used + gap + w <= avail:
            lines[-1].append(Piece(show(word), start, start + len(word)))
            used += gap + w
            continue
        split = None
        if lines[-1]:
            for head, tail in _split_options(word):
                head_w = text_width(show(head), font, size)
                if used + gap + head_w <= avail:
                    split = (head, tail)
                    break
        if split:
            head, tail = split
            cut = start + len(word) - len(tail)
            lines[-1].append(Piece(show(head), start, cut))
            lines.append([Piece(show(tail), cut, start + len(word))])
            used = text_width(show(tail), font, size)
        else:
            if w > width:
                raise ValueError(f"word wider than a line: {word!r}")
            if lines[-1]:
                lines.append([])
            lines[-1].append(Piece(show(word), start, start + len(word)))
            used = w
    return lines


# --------------------------------------------------------------------------- pagination


class Paginator:
    """Places flow items on pages, remembering where each passage and heading landed."""

    def __init__(self, geo: Geometry, classification: str) -> None:
        self.geo = geo
        self.pages: list[Page] = [Page(1, classification)]
        self.y = geo.top
        self.passage_pages: dict[int, list[int]] = {}
        self.passage_links: dict[int, list[str]] = {}
        self.heading_pages: dict[int, int] = {}

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def limit(self) -> float:
        return self.geo.height - self.geo.bottom

    def new_page(self, classification: str | None = None) -> None:
        self.pages.append(Page(len(self.pages) + 1, classification or self.page.classification))
        self.y = self.geo.top

    def room(self) -> float:
        return self.limit - self.y

    def _note_page(self, passage: int | None) -> None:
        if passage is None:
            return
        pages = self.passage_pages.setdefault(passage, [])
        if self.page.number not in pages:
            pages.append(self.page.number)

    def place_text(self, item: FlowText, lines: list[list[Piece]], need_after: float) -> None:
        geo = self.geo
        leading = item.leading or item.size * 1.32
        if self.y > geo.top:
            self.y += item.space_before
        first_lines = min(len(lines), 2)
        if self.room() < leading * first_lines + need_after:
            self.new_page()
        if item.heading is not None:
            self.heading_pages[item.heading] = self.page.number
        for i, pieces in enumerate(lines):
            if self.room() < leading:
                self.new_page()
            baseline = self.y + item.size * 0.93
            x = geo.left + (
                item.first_indent if i == 0 and item.first_indent is not None else item.indent
            )
            runs = (
                [Run(r.x + geo.left, r.text, r.font, r.size) for r in item.prefix] if i == 0 else []
            )
            text_line = " ".join(p.display for p in pieces)
            runs.append(Run(x, text_line, item.font, item.size))
            self.page.lines.append(DrawLine(baseline, runs))
            self._note_page(item.passage)
            self._place_links(item, pieces, x, baseline)
            self.y += leading
        self.y += item.space_after

    def _place_links(self, item: FlowText, pieces: list[Piece], x: float, baseline: float) -> None:
        for link in item.links:
            cursor = x
            x0 = x1 = None
            for p in pieces:
                w = text_width(p.display, item.font, item.size)
                if p.start < link.end and link.start < p.end:
                    x0 = cursor if x0 is None else x0
                    x1 = cursor + w
                cursor += w + text_width(" ", item.font, item.size)
            if x0 is None or x1 is None:
                continue
            self.page.links.append(
                LinkRect(link.uri, x0, baseline - item.size * 0.95, x1, baseline + item.size * 0.3)
            )
            if item.passage is not None:
                uris = self.passage_links.setdefault(item.passage, [])
                if link.uri not in uris:
                    uris.append(link.uri)

    def place_table(self, table: FlowTable) -> None:
        geo = self.geo
        rows = [r.split("\t") for r in table.rows]
        height = geo.table_row * len(rows)
        self.y += geo.para_after / 2
        if self.room() < height:
            self.new_page()
        widths = _column_widths(rows, geo)
        top = self.y
        for r, cells in enumerate(rows):
            font: FontName = "bold" if r == 0 else "regular"
            size = geo.body_size - 1
            baseline = self.y + geo.table_row / 2 + size * 0.35
            x = geo.left
            runs = []
            for cell, w in zip(cells, widths, strict=True):
                runs.append(Run(x + 4, cell, font, size))
                x += w
            self.page.lines.append(DrawLine(baseline, runs))
            self._note_page(table.passages[r])
            self.y += geo.table_row
        right = geo.left + sum(widths)
        for r in range(len(rows) + 1):
            y = top + r * geo.table_row
            self.page.rules.append(Rule(geo.left, y, right, y))
        x = geo.left
        for w in [0.0, *widths]:
            x += w
            self.page.rules.append(Rule(x, top, x, self.y))
        self.y += geo.para_after


def _column_widths(rows: list[list[str]], geo: Geometry) -> list[float]:
    size = geo.body_size - 1
    natural = [
        max(text_width(row[c], "bold" if i == 0 else "regular", size) for i, row in enumerate(rows))
        + 8
        for c in range(len(rows[0]))
    ]
    total = sum(natural)
    if total > geo.text_width:
        raise ValueError(f"table too wide: {rows[0]}")
    extra = (geo.text_width - total) / len(natural)
    return [w + extra for w in natural]


def _lines_for(item: FlowText, geo: Geometry) -> list[list[Piece]]:
    width = geo.text_width - item.indent
    first = geo.text_width - (item.first_indent if item.first_indent is not None else item.indent)
    return break_lines(item.text, item.font, item.size, width, first, ligatures=item.ligatures)


def _first_lines_height(item: FlowItem | None, geo: Geometry) -> float:
    if isinstance(item, FlowText):
        lines = min(len(_lines_for(item, geo)), 2)
        return (item.leading or item.size * 1.32) * lines + item.space_before
    if isinstance(item, FlowTable):
        return geo.table_row * len(item.rows) + geo.para_after
    return 0.0


def _kept_height(items: list[FlowItem], i: int, geo: Geometry) -> float:
    """Height that must follow item ``i`` on its page: kept headings plus two lines of text."""
    need = 0.0
    for nxt in items[i + 1 :]:
        if isinstance(nxt, FlowText) and nxt.keep_with_next:
            need += (nxt.leading or nxt.size * 1.32) * len(_lines_for(nxt, geo))
            need += nxt.space_before + nxt.space_after
            continue
        return need + _first_lines_height(nxt, geo)
    return need


def layout(items: list[FlowItem], geo: Geometry, classification: str) -> LayoutResult:
    """Place every flow item on A4 pages and add the running footers."""
    pager = Paginator(geo, classification)
    for i, item in enumerate(items):
        if isinstance(item, FlowPageBreak):
            pager.new_page(item.classification)
        elif isinstance(item, FlowTable):
            pager.place_table(item)
        else:
            need = _kept_height(items, i, geo) if item.keep_with_next else 0.0
            pager.place_text(item, _lines_for(item, geo), need)
    for page in pager.pages:
        add_footer(page, len(pager.pages), geo)
    return LayoutResult(pager.pages, pager.passage_pages, pager.passage_links, pager.heading_pages)


# --------------------------------------------------------------------------- footer

FOOTER_TAILS: dict[str, str] = {
    "white": "Information can be shared with the public, and any members may publish the "
    "information, subject to copyright.",
    "green": "Information can be shared with other SEC Parties and SMKI Participants, but not made "
    "publicly available.",
    "amber": "Recipients may only share the information with members of their own organisation "
    "on a need-to-know basis.",
    "red": "Information may only be shared with the named recipients and must not be copied or "
    "forwarded.",
}


def footer_statement(classification: str) -> str:
    return (
        f"This document is classified as {classification.capitalize()} in accordance with the "
        f"Panel Information Policy. {FOOTER_TAILS[classification]}"
    )


def add_footer(page: Page, total: int, geo: Geometry) -> None:
    size = geo.footer_size
    lines = break_lines(
        footer_statement(page.classification),
        "regular",
        size,
        geo.text_width,
        geo.text_width,
        ligatures=False,
    )
    y = geo.height - geo.bottom + 22
    for pieces in lines:
        text = " ".join(p.display for p in pieces)
        x = geo.left
        if geo.footer_align == "center":
            x = geo.left + (geo.text_width - text_width(text, "regular", size)) / 2
        page.lines.append(DrawLine(y, [Run(x, text, "regular", size)]))
        y += size * 1.25
    label = f"Page {page.number} of {total}"
    w = text_width(label, "regular", size)
    x = geo.width - geo.right - w
    if geo.page_number_align == "center":
        x = geo.left + (geo.text_width - w) / 2
    page.lines.append(DrawLine(y + size * 0.5, [Run(x, label, "regular", size)]))
