"""PDF → pages of lines with font, size and position; pdfplumber is imported here and nowhere else.

An *engine* turns a PDF file into raw pages (words with font and box, hyperlink rectangles).
Everything after that — grouping words into lines, picking a line's dominant font, attaching
links — is shared, so a second engine (pypdfium2) only has to produce words.

`read_layout` is the one entry point; it turns every way a file can fail to be a readable PDF into
`BadPdfError(path, reason)` with a one-line reason, never a traceback.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from .errors import BadPdfError
from .models import DocumentLayout, Line, PageLayout, Paper, Word, trusted

# Typographic ligatures → plain letters. Only these: curly quotes and dashes are kept as printed.
LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
    | {"\ufb05": "st", "\ufb06": "st"}
)

# Bold faces as PDF writers name them: Arial-BoldMT, Vera-Bold, Arial,Bold, Calibri-Semibold,
# Helvetica-BoldOblique. "Black"/"Heavy" weights read as bold headings too.
_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|[-,]demi\b", re.I)

REASON_EMPTY = "empty file"
REASON_NOT_PDF = "not a PDF (no %PDF header)"
REASON_ENCRYPTED = "encrypted PDF (password required)"
REASON_NO_PAGES = "PDF has no pages"
REASON_NO_TEXT = "no text layer (scanned image?)"
REASON_DAMAGED = "damaged PDF"


@dataclass
class LinkRect:
    """A hyperlink annotation: its target and the rectangle it covers (top-down coordinates)."""

    uri: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class RawPage:
    """What an engine reports for one page, before words are grouped into lines."""

    number: int
    width: float
    height: float
    words: list[Word]
    links: list[LinkRect] = field(default_factory=list)


Engine = Callable[[Path], list[RawPage]]


# --------------------------------------------------------------------------- pdfplumber engine


def _pdfplumber_pages(path: Path) -> list[RawPage]:
    """Words (font name and size kept) and link rectangles of every page, via pdfplumber."""
    import logging

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfminer logs its repairs of damaged files as warnings, which Python's last-resort
    # handler prints to stderr; a failure is reported once, by us, as `error: PATH: reason`.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many unrelated types for one broken file
        cause = exc.__cause__ or exc.__context__ or exc
        if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError) or isinstance(
            cause, PDFPasswordIncorrect | PDFEncryptionError
        ):
            raise BadPdfError(str(path), REASON_ENCRYPTED) from None
        raise BadPdfError(str(path), _damaged_reason(cause)) from None
    try:
        return [_pdfplumber_page(page) for page in pdf.pages]
    except BadPdfError:
        raise
    except Exception as exc:
        raise BadPdfError(str(path), _damaged_reason(exc)) from None
    finally:
        pdf.close()


def _pdfplumber_page(page: object) -> RawPage:
    """One pdfplumber page as a RawPage."""
    words = page.extract_words(  # type: ignore[attr-defined]
        extra_attrs=["fontname", "size"], keep_blank_chars=False, expand_ligatures=True
    )
    links = [
        LinkRect(h["uri"], float(h["x0"]), float(h["x1"]), float(h["top"]), float(h["bottom"]))
        for h in page.hyperlinks  # type: ignore[attr-defined]
        if h.get("uri")
    ]
    raw = RawPage(
        number=page.page_number,  # type: ignore[attr-defined]
        width=float(page.width),  # type: ignore[attr-defined]
        height=float(page.height),  # type: ignore[attr-defined]
        words=[
            Word(
                text=w["text"],
                fontname=str(w["fontname"]),
                size=round(float(w["size"]), 2),
                x0=float(w["x0"]),
                x1=float(w["x1"]),
                top=float(w["top"]),
                bottom=float(w["bottom"]),
            )
            for w in words
            if w.get("upright", True) and w["text"].strip()
        ],
        links=links,
    )
    page.close()  # type: ignore[attr-defined]  # drop the page's object cache: memory stays flat
    return raw


def _damaged_reason(exc: BaseException) -> str:
    """'damaged PDF: <short cause>' on one line, in words a user can act on."""
    message = " ".join(str(exc).split())
    if "EOF" in message:
        detail = "unexpected end of file (truncated?)"
    elif "/Root" in message:
        detail = "no document catalog (truncated?)"
    else:
        detail = message[:80] or type(exc).__name__
    return f"{REASON_DAMAGED}: {detail}"


def _pdfium_pages(path: Path) -> list[RawPage]:
    """The pypdfium2 engine, imported on first use (it lives in extract_pdfium.py)."""
    from .extract_pdfium import pdfium_pages

    return pdfium_pages(path)


ENGINES: dict[str, Engine] = {"pdfplumber": _pdfplumber_pages, "pdfium": _pdfium_pages}
# PDFium is the default: ~4x faster, and tests require both engines to give identical Papers
# for every sample paper. pdfplumber stays the reference (`--engine pdfplumber`).
DEFAULT_ENGINE = "pdfium"


# --------------------------------------------------------------------------- entry points


def read_layout(path: str | Path, *, engine: str = DEFAULT_ENGINE) -> DocumentLayout:
    """The pages of lines of one PDF; raises BadPdfError for anything that is not a readable PDF."""
    path = Path(path)
    if engine not in ENGINES:
        raise ValueError(f"unknown extraction engine {engine!r}; known: {', '.join(ENGINES)}")
    sha256 = _checked_sha256(path)
    raw_pages = ENGINES[engine](path)
    if not raw_pages:
        raise BadPdfError(str(path), REASON_NO_PAGES)
    if not any(p.words for p in raw_pages):
        raise BadPdfError(str(path), REASON_NO_TEXT)
    return DocumentLayout(
        path=str(path), sha256=sha256, engine=engine, pages=[page_layout(p) for p in raw_pages]
    )


def extract_paper(path: str | Path, *, engine: str = DEFAULT_ENGINE) -> Paper:
    """One PDF as a structured Paper (entities and acronyms left for the tagger)."""
    from .sectionize import build_paper

    return build_paper(read_layout(path, engine=engine))


def _checked_sha256(path: Path) -> str:
    """The file's sha256, after the checks that need no PDF parser (exists, non-empty, header)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadPdfError(str(path), exc.strerror or "cannot read file") from None
    if not data:
        raise BadPdfError(str(path), REASON_EMPTY)
    # The spec lets the header sit anywhere in the first 1024 bytes (some writers prepend junk).
    if b"%PDF-" not in data[:1024]:
        raise BadPdfError(str(path), REASON_NOT_PDF)
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- words → lines


def page_layout(raw: RawPage) -> PageLayout:
    """A page's words grouped into lines, top to bottom, with the links each line carries."""
    lines = [_line_from_words(ws, raw.links) for ws in _words_by_line(raw.words)]
    return PageLayout(number=raw.number, width=raw.width, height=raw.height, lines=lines)


_TOP_LEFT = attrgetter("top", "x0")
_LEFT = attrgetter("x0")


def _words_by_line(words: list[Word]) -> list[list[Word]]:
    """Words clustered into visual lines: a word joins a line when it overlaps its band by half.

    Overlap rather than equal `top` because writers place mixed sizes (a bold run, a superscript
    "th") a little above or below the baseline.
    """
    bands: list[list[Word]] = []
    top = bottom = 0.0  # the last band's extent
    for w in sorted(words, key=_TOP_LEFT):
        if bands:
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(bottom - top, w.bottom - w.top):
                bands[-1].append(w)
                top, bottom = min(top, w.top), max(bottom, w.bottom)
                continue
        bands.append([w])
        top, bottom = w.top, w.bottom
    return [sorted(members, key=_LEFT) for members in bands]


def _line_from_words(words: list[Word], links: list[LinkRect]) -> Line:
    """A Line from its words (left to right), with the font most of its characters use.

    Built with `trusted`: every value below is already of its field's type, and validating a
    Line per line of every page is a measurable part of extraction.
    """
    words = [_without_ligatures(w) for w in words]
    weight: dict[tuple[str, float], int] = {}
    # The line's box in the same pass (what min() and max() of each edge would give).
    x0, x1, top, bottom = words[0].x0, words[0].x1, words[0].top, words[0].bottom
    for w in words:
        key = (w.fontname, w.size)
        weight[key] = weight.get(key, 0) + len(w.text)
        if w.x0 < x0:
            x0 = w.x0
        if w.x1 > x1:
            x1 = w.x1
        if w.top < top:
            top = w.top
        if w.bottom > bottom:
            bottom = w.bottom
    fontname, size = max(weight, key=weight.__getitem__)
    return trusted(
        Line,
        {
            "words": words,
            "text": joined_words(words),
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "fontname": fontname,
            "size": size,
            "bold": is_bold_font(fontname),
            "links": [link.uri for link in links if _link_covers(link, x0, x1, top, bottom)],
        },
    )


def _without_ligatures(word: Word) -> Word:
    """The word with ligatures spelt out; the same object when it has none (nearly every word)."""
    text = word.text.translate(LIGATURES)
    return word if text == word.text else word.model_copy(update={"text": text})


def joined_words(words: list[Word]) -> str:
    """Words joined with a space where the page shows a gap, glued where a font change split them.

    pdfplumber splits a word where the font changes ("**Note**:" → "Note" + ":"); a gap smaller
    than a fifth of the font size is no space.
    """
    parts = [words[0].text]
    for prev, w in zip(words, words[1:], strict=False):
        gap = w.x0 - prev.x1
        parts.append(w.text if gap < 0.2 * min(prev.size, w.size) else " " + w.text)
    return "".join(parts)


def _link_covers(link: LinkRect, x0: float, x1: float, top: float, bottom: float) -> bool:
    """True when the link's rectangle overlaps the line's box horizontally and half its height."""
    v = min(link.bottom, bottom) - max(link.top, top)
    h = min(link.x1, x1) - max(link.x0, x0)
    return h > 0 and v >= 0.5 * (bottom - top)


@lru_cache(maxsize=4096)
def is_bold_font(fontname: str) -> bool:
    """True for bold faces, judged by the font's name without its subset prefix."""
    return bool(_BOLD_RE.search(fontname.split("+", 1)[-1]))


def pdfs_under(paths: Iterable[str | Path]) -> list[Path]:
    """PDF files named directly or found under folders (by .pdf suffix, any case), sorted."""
    found: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found.update(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".pdf")
        else:
            found.add(p)
    return sorted(found)
