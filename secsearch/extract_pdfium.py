"""The pypdfium2 extraction engine: the same words as the pdfplumber engine, about 10× faster.

pdfplumber (via pdfminer.six) interprets every content stream in Python; PDFium does it in C++.
This module asks PDFium's text page for each character's code point, loose box (ascent to
descent, as pdfminer reports it), font size and font, and groups characters into words the way
pdfplumber's `extract_words` does: a word ends at white space, at a change of font or size, and
at a horizontal gap wider than `X_TOLERANCE`. Everything after words is shared (extract.py).
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import BadPdfError
from .extract import ENGINES, REASON_ENCRYPTED, LinkRect, RawPage
from .models import Word

# pdfplumber's default: characters closer than this (points) belong to one word.
X_TOLERANCE = 3.0
_BREAKS = {" ", "\t", "\r", "\n", "\u00a0", "\ufffe"}
# PDFium reports a hyphen it judges to be a line-end break as U+0002; the page shows "-".
_PDFIUM_SOFT_HYPHEN = "\x02"
_PDFACTION_URI = 3


def pdfium_pages(path: Path) -> list[RawPage]:
    """Words (font name and size kept) and link rectangles of every page, via PDFium."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if _is_encrypted(exc):
            raise BadPdfError(str(path), REASON_ENCRYPTED) from None
        # PDFium only says "format error"; the reference engine reads some files PDFium
        # refuses, and names the damage precisely for the rest. Bad files are rare, so the
        # slow path costs nothing in a normal batch.
        return ENGINES["pdfplumber"](path)
    try:
        return [_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()


def _is_encrypted(exc: pdfium.PdfiumError) -> bool:
    return getattr(exc, "err_code", None) in (
        pdfium_c.FPDF_ERR_PASSWORD,
        pdfium_c.FPDF_ERR_SECURITY,
    )


def _page(pdf: pdfium.PdfDocument, index: int) -> RawPage:
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            words = _words(textpage.raw, height)
            links = _links(pdf, page, textpage.raw, height)
        finally:
            textpage.close()
    finally:
        page.close()
    return RawPage(number=index + 1, width=width, height=height, words=words, links=links)


def _words(tp: ctypes.c_void_p, height: float) -> list[Word]:
    """The page's characters grouped into words (pdfplumber's rules, see the module docstring)."""
    count = pdfium_c.FPDFText_CountChars(tp)
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    fonts: dict[int, str] = {}
    words: list[Word] = []
    chars: list[str] = []
    x0 = x1 = top = bottom = 0.0
    font = ""
    size = 0.0

    def flush() -> None:
        if chars:
            words.append(
                Word(
                    text="".join(chars),
                    fontname=font,
                    size=size,
                    x0=x0,
                    x1=x1,
                    top=top,
                    bottom=bottom,
                )
            )
            chars.clear()

    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    get_obj = pdfium_c.FPDFText_GetTextObject
    for i in range(count):
        ch = chr(get_unicode(tp, i))
        if ch == _PDFIUM_SOFT_HYPHEN:
            ch = "-"
        if ch in _BREAKS or not ch.isprintable():
            flush()
            continue
        get_box(tp, i, rect_p)
        obj = get_obj(tp, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        name = fonts.get(key)
        if name is None:
            name = fonts[key] = _font_name(obj)
        ch_size = round(get_size(tp, i), 2)
        c_top, c_bottom = height - rect.top, height - rect.bottom
        if chars and (
            name != font
            or ch_size != size
            or rect.left - x1 > X_TOLERANCE
            or rect.left < x0 - X_TOLERANCE
            or abs(c_top - top) > 0.5 * max(size, 1.0)
        ):
            flush()
        if not chars:
            x0, top, bottom, font, size = rect.left, c_top, c_bottom, name, ch_size
        chars.append(ch)
        x1 = max(x1, rect.right) if len(chars) > 1 else rect.right
        top, bottom = min(top, c_top), max(bottom, c_bottom)
    flush()
    return words


def _font_name(text_object: ctypes.c_void_p) -> str:
    """The font's base name as the PDF declares it, subset prefix included (ABCDEF+Arial-BoldMT)."""
    font = pdfium_c.FPDFTextObj_GetFont(text_object)
    if not font:
        return ""
    buf = ctypes.create_string_buffer(256)
    n = pdfium_c.FPDFFont_GetBaseFontName(font, buf, len(buf))
    if n <= 0:
        return ""
    return buf.raw[: n - 1].decode("latin-1")


def _links(
    pdf: pdfium.PdfDocument, page: pdfium.PdfPage, tp: ctypes.c_void_p, height: float
) -> list[LinkRect]:
    """URI link annotations with their rectangles, in top-down page coordinates."""
    out: list[LinkRect] = []
    pos = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    rect = pdfium_c.FS_RECTF()
    buf = ctypes.create_string_buffer(2048)
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != _PDFACTION_URI:
            continue
        n = pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, buf, len(buf))
        if n <= 1 or not pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        uri = buf.raw[: n - 1].decode("utf-8", "replace")
        x0, x1 = sorted((rect.left, rect.right))
        y0, y1 = sorted((rect.bottom, rect.top))
        out.append(LinkRect(uri, x0, x1, height - y1, height - y0))
    return out
