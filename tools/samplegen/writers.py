"""Draw laid-out pages with reportlab or fpdf2, embedding Bitstream Vera TrueType subsets.

The only module of the sample generator that imports a PDF library. Both writers draw the same
`Page` objects; they differ only in the house style chosen by the caller. Fonts come from the
TTF files bundled with reportlab, so nothing depends on system fonts.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import reportlab  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf import __version__ as fpdf_version
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from .layout import Page

FONT_DIR = Path(reportlab.__file__).parent / "fonts"
FONT_FILES: dict[str, str] = {
    "regular": "Vera.ttf",
    "bold": "VeraBd.ttf",
    "italic": "VeraIt.ttf",
    "bolditalic": "VeraBI.ttf",
}
_RL_NAMES: dict[str, str] = {
    "regular": "Vera",
    "bold": "Vera-Bold",
    "italic": "Vera-Italic",
    "bolditalic": "Vera-BoldItalic",
}
_FPDF_STYLES: dict[str, str] = {"regular": "", "bold": "B", "italic": "I", "bolditalic": "BI"}


@cache
def _register_reportlab_fonts() -> None:
    for key, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(_RL_NAMES[key], str(FONT_DIR / file)))


@cache
def text_width(text: str, font: str, size: float) -> float:
    """Advance width of ``text`` in points, from the TrueType metrics both writers embed."""
    _register_reportlab_fonts()
    return pdfmetrics.stringWidth(text, _RL_NAMES[font], size)


def write_reportlab(
    pages: list[Page], *, title: str, author: str, width: float, height: float
) -> bytes:
    """The pages as a PDF written by reportlab's canvas (invariant: byte-identical reruns)."""
    _register_reportlab_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, height), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("Microsoft® Word for Microsoft 365")
    for page in pages:
        for line in page.lines:
            for run in line.runs:
                c.setFont(_RL_NAMES[run.font], run.size)
                c.drawString(run.x, height - line.baseline, run.text)
        c.setLineWidth(0.5)
        for rule in page.rules:
            c.line(rule.x0, height - rule.y0, rule.x1, height - rule.y1)
        for link in page.links:
            c.linkURL(
                link.uri,
                (link.x0, height - link.bottom, link.x1, height - link.top),
                relative=0,
                thickness=0,
            )
        c.showPage()
    c.save()
    return buf.getvalue()


def write_fpdf(
    pages: list[Page], *, title: str, author: str, width: float, height: float, date: dt.date
) -> bytes:
    """The pages as a PDF written by fpdf2, with a fixed creation date for reproducibility."""
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(dt.datetime(date.year, date.month, date.day, 9, 0, tzinfo=dt.UTC))
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("Microsoft® Word 2016")
    pdf.set_producer(f"PyFPDF/fpdf{fpdf_version}")
    # Only the faces the pages use: fpdf2 parses and subsets every font it is given.
    used = {run.font for page in pages for line in page.lines for run in line.runs}
    for key in sorted(used):
        pdf.add_font("Vera", _FPDF_STYLES[key], str(FONT_DIR / FONT_FILES[key]))
    pdf.set_line_width(0.5)
    for page in pages:
        pdf.add_page()
        for line in page.lines:
            for run in line.runs:
                pdf.set_font("Vera", _FPDF_STYLES[run.font], run.size)
                pdf.text(run.x, line.baseline, run.text)
        for rule in page.rules:
            pdf.line(rule.x0, rule.y0, rule.x1, rule.y1)
        for link in page.links:
            pdf.link(link.x0, link.top, link.x1 - link.x0, link.bottom - link.top, link.uri)
    return bytes(pdf.output())
