"""Stage 1, extract: a PDF file → `DocumentLayout` (pages of lines with font, size, position).

In: a path. Out: `models.DocumentLayout`, or `BadPdfError(path, reason)` with a one-line reason
for anything that is not a readable PDF — never a traceback.

Two engines read words: PDFium (`pdfium.py`, the default, C++ and about 4× faster) and
pdfplumber (`plumber.py`, pure Python, the reference). Both split words by the same gap rule,
size text by its matrix, place boxes on the baseline and report each word's fill colour, so
tests require identical output from both. Pages without a text layer are read by OCR (`ocr.py`,
Tesseract) when it is installed: the setting `ocr` is "auto" (only pages without text), "always"
(every page) or "never". Everything after words (lines, fonts, links, and the columns of a page
set in two, `columns.py`) is shared (`lines.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import BadPdfError
from ..models import DocumentLayout
from .files import (
    FoundFiles,
    checked_sha256,
    file_problem,
    find_pdfs,
    path_text,
    resolved,
    sha256_of,
)
from .lines import RawPage, is_bold_font, joined_words, page_layout
from .ocr import DEFAULT_OCR, OCR_MODES, effective_ocr, tesseract_installed
from .reasons import (
    REASON_NO_PAGES,
    REASON_NO_TESSERACT,
    REASON_NO_TEXT,
    REASON_NO_TEXT_NO_TESSERACT,
    REASON_NO_TEXT_OCR_EMPTY,
)

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_OCR",
    "ENGINES",
    "OCR_MODES",
    "engine_pages",
    "is_bold_font",
    "joined_words",
    "page_layout",
    "FoundFiles",
    "file_problem",
    "find_pdfs",
    "resolved",
    "path_text",
    "read_layout",
    "sha256_of",
    "effective_ocr",
    "tesseract_installed",
]

Engine = Callable[[Path], list[RawPage]]
ENGINES: tuple[str, ...] = ("pdfium", "pdfplumber")
# PDFium is the default: ~4x faster, and tests require both engines to give identical Papers.
# pdfplumber stays the reference (`--engine pdfplumber`).
DEFAULT_ENGINE = "pdfium"


def engine_pages(name: str) -> Engine:
    """The raw-page reader of one engine, imported on first use (pdfminer is slow to import)."""
    if name == "pdfium":
        return _pdfium_then_plumber
    if name == "pdfplumber":
        from .plumber import plumber_pages

        return plumber_pages
    raise ValueError(f"unknown extraction engine {name!r}; known: {', '.join(ENGINES)}")


def _pdfium_then_plumber(path: Path) -> list[RawPage]:
    """PDFium's pages; pdfplumber's for a file PDFium will not open at all.

    PDFium says only "format error" for such files. pdfminer repairs some of them and names the
    damage precisely for the rest, so the user gets either the paper or a useful reason. Such
    files are rare, so the slow path costs nothing in a normal batch.
    """
    from .pdfium import PdfiumRefused, pdfium_pages

    try:
        return pdfium_pages(path)
    except PdfiumRefused:
        from .plumber import plumber_pages

        return plumber_pages(path)


def read_layout(
    path: str | Path, *, engine: str = DEFAULT_ENGINE, ocr: str = DEFAULT_OCR
) -> DocumentLayout:
    """The pages of lines of one PDF; raises BadPdfError for anything that is not a readable PDF.

    `ocr`: "auto" reads pages without text by OCR when Tesseract is installed, "always" reads
    every page by OCR (the text layer ignored), "never" reads text layers only.
    """
    path = Path(path)
    read_pages = engine_pages(engine)
    mode = effective_ocr(ocr)
    sha256 = checked_sha256(path)
    raw_pages = read_pages(path)
    if not raw_pages:
        raise BadPdfError(str(path), REASON_NO_PAGES)
    if mode != "never":
        raw_pages = _with_ocr(path, raw_pages, every_page=mode == "always")
    if not any(p.words for p in raw_pages):
        raise BadPdfError(str(path), _no_text_reason(ocr, mode))
    return DocumentLayout(
        path=str(path), sha256=sha256, engine=engine, pages=[page_layout(p) for p in raw_pages]
    )


def _with_ocr(path: Path, pages: list[RawPage], *, every_page: bool) -> list[RawPage]:
    """The pages, those without text (or all of them) read again by OCR."""
    from .ocr import OcrError, ocr_words, render_dpi
    from .pdfium import PdfiumRefused, page_images

    if not tesseract_installed():
        raise BadPdfError(str(path), REASON_NO_TESSERACT)
    todo = [p for p in pages if every_page or not p.words]
    if not todo:
        return pages
    try:
        found = ocr_words(page_images(path, [p.number for p in todo], dpi=render_dpi))
    except PdfiumRefused:
        # Only pdfplumber could open the file; PDFium, which renders pages, cannot.
        return pages
    except OcrError as exc:
        raise BadPdfError(str(path), str(exc)) from None
    read = {p.number: words for p, words in zip(todo, found, strict=True)}
    return [
        RawPage(p.number, p.width, p.height, read[p.number], p.links) if p.number in read else p
        for p in pages
    ]


def _no_text_reason(asked: str, mode: str) -> str:
    """Why no page gave any text, and what would read it."""
    if mode != "never":
        return REASON_NO_TEXT_OCR_EMPTY
    return REASON_NO_TEXT_NO_TESSERACT if asked == "auto" else REASON_NO_TEXT
