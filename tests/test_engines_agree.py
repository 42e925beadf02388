"""Both extraction engines read every independent fixture alike, word spacing included.

Structure decisions depend on each line's text, size, weight and colour, so PDFium and pdfplumber
must report the same for every line of every page: pages printed from HTML (text scaled by the
page's matrix), reportlab pages with no space characters or with TJ-kerned words, slide decks,
spreadsheets and Word papers. Scans (no text layer) are left to OCR.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from secsearch.extract import read_layout
from secsearch.models import DocumentLayout
from tests.truthcheck import documents

DOCUMENTS = documents()


@cache
def layout(pdf: Path, engine: str) -> DocumentLayout:
    return read_layout(pdf, engine=engine)


def _lines(pdf: Path, engine: str) -> list[list[tuple[str, float, bool, str]]]:
    return [
        [(line.text, line.size, line.bold, line.color) for line in page.lines]
        for page in layout(pdf, engine).pages
    ]


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_engines_give_the_same_lines(document) -> None:  # type: ignore[no-untyped-def]
    pdfium, plumber = _lines(document.pdf, "pdfium"), _lines(document.pdf, "pdfplumber")
    assert len(pdfium) == len(plumber)
    for number, (a, b) in enumerate(zip(pdfium, plumber, strict=True), start=1):
        assert a == b, f"page {number} differs"


@pytest.mark.parametrize(
    ("name", "line"),
    [
        # Printed from HTML by weasyprint: PDFium reported the 13.33 "px" size, which made every
        # word space look too narrow to be one.
        ("other/OPSG_21_1005_03", "Meeting date 10 May 2019"),
        # reportlab, every word drawn on its own: no space character in the text layer.
        ("other/SECP_70_1207_11", "Paper Reference: SECP_70_1207_11"),
        # reportlab TJ arrays: word gaps are pen moves, kerning moves inside words.
        ("other/SECP_92_1405_12", "Paper Reference: SECP_92_1405_12"),
        # An overhanging "f" in a font with odd metrics (PDFium's box follows the ink).
        ("word/OPSG_45_0203_02", "Summary of performance"),
    ],
)
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_word_spacing(name: str, line: str, engine: str) -> None:
    (document,) = [d for d in DOCUMENTS if d.name == name]
    texts = [ln.text for page in layout(document.pdf, engine).pages for ln in page.lines]
    assert line in texts
