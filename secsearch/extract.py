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
from pathlib import Path

from .errors import BadPdfError
from .models import DocumentLayout, Line, PageLayout, Paper, Word

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
    lines = [_line_from_words(ws) for ws in _words_by_line(raw.words)]
    for line in lines:
        line.links = [link.uri for link in raw.links if _link_covers(link, line)]
    return PageLayout(number=raw.number, width=raw.width, height=raw.height, lines=lines)


def _words_by_line(words: list[Word]) -> list[list[Word]]:
    """Words clustered into visual lines: a word joins a line when it overlaps its band by half.

    Overlap rather than equal `top` because writers place mixed sizes (a bold run, a superscript
    "th") a little above or below the baseline.
    """
    bands: list[tuple[float, float, list[Word]]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if bands:
            top, bottom, members = bands[-1]
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(bottom - top, w.bottom - w.top):
                members.append(w)
                bands[-1] = (min(top, w.top), max(bottom, w.bottom), members)
                continue
        bands.append((w.top, w.bottom, [w]))
    return [sorted(members, key=lambda w: w.x0) for _, _, members in bands]


def _line_from_words(words: list[Word]) -> Line:
    """A Line from its words (left to right), with the font most of its characters use."""
    words = [w.model_copy(update={"text": w.text.translate(LIGATURES)}) for w in words]
    weight: dict[tuple[str, float], int] = {}
    for w in words:
        key = (w.fontname, w.size)
        weight[key] = weight.get(key, 0) + len(w.text)
    fontname, size = max(weight, key=lambda k: weight[k])
    return Line(
        words=words,
        text=joined_words(words),
        x0=min(w.x0 for w in words),
        x1=max(w.x1 for w in words),
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        fontname=fontname,
        size=size,
        bold=is_bold_font(fontname),
    )


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


def _link_covers(link: LinkRect, line: Line) -> bool:
    """True when the link's rectangle overlaps the line horizontally and half its height."""
    v = min(link.bottom, line.bottom) - max(link.top, line.top)
    h = min(link.x1, line.x1) - max(link.x0, line.x0)
    return h > 0 and v >= 0.5 * (line.bottom - line.top)


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
