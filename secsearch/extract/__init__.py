"""Stage 1, extract: a PDF file → `DocumentLayout` (pages of lines with font, size, position).

In: a path. Out: `models.DocumentLayout`, or `BadPdfError(path, reason)` with a one-line reason
for anything that is not a readable PDF — never a traceback.

Two engines read words: PDFium (`pdfium.py`, the default, C++ and about 4× faster) and
pdfplumber (`plumber.py`, pure Python, the reference). Both split words by the same gap rule,
size text by its matrix, place boxes on the baseline and report each word's fill colour, so
tests require identical output from both. Everything after words (lines, fonts, links, and the
columns of a page set in two, `columns.py`) is shared (`lines.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import BadPdfError
from ..models import DocumentLayout
from .files import checked_sha256, pdfs_under, sha256_of
from .lines import RawPage, is_bold_font, joined_words, page_layout
from .reasons import REASON_NO_PAGES, REASON_NO_TEXT

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "engine_pages",
    "is_bold_font",
    "joined_words",
    "page_layout",
    "pdfs_under",
    "read_layout",
    "sha256_of",
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


def read_layout(path: str | Path, *, engine: str = DEFAULT_ENGINE) -> DocumentLayout:
    """The pages of lines of one PDF; raises BadPdfError for anything that is not a readable PDF."""
    path = Path(path)
    read_pages = engine_pages(engine)
    sha256 = checked_sha256(path)
    raw_pages = read_pages(path)
    if not raw_pages:
        raise BadPdfError(str(path), REASON_NO_PAGES)
    if not any(p.words for p in raw_pages):
        raise BadPdfError(str(path), REASON_NO_TEXT)
    return DocumentLayout(
        path=str(path), sha256=sha256, engine=engine, pages=[page_layout(p) for p in raw_pages]
    )
