"""The pypdfium2 extraction engine: the same words as the pdfplumber engine, about 10× faster.

pdfplumber (via pdfminer.six) interprets every content stream in Python; PDFium does it in C++.
This module asks PDFium's text page for each character's code point, loose box (ascent to
descent, as pdfminer reports it), font size and font, and groups characters into words the way
pdfplumber's `extract_words` does: a word ends at white space, at a change of font or size, and
at a horizontal gap wider than `X_TOLERANCE`. Everything after words is shared (lines.py).
It also renders pages to grey images for OCR (`page_images`, read by ocr.py).
pypdfium2 is imported here and nowhere else.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import BadPdfError
from ..models import Word, trusted
from .lines import LinkRect, RawPage
from .ocr import PageImage
from .reasons import REASON_ENCRYPTED

# pdfplumber's default: characters closer than this (points) belong to one word.
X_TOLERANCE = 3.0
_BREAKS = {" ", "\t", "\r", "\n", "\u00a0", "\ufffe"}
# PDFium reports a hyphen it judges to be a line-end break as U+0002; the page shows "-".
_PDFIUM_SOFT_HYPHEN = "\x02"
_PDFIUM_NONCHAR = "\ufffe"
_PDFACTION_URI = 3


def _is_private_use(ch: str) -> bool:
    """True for a Private Use Area code point: a printed glyph (Word's Symbol-font bullet U+F0B7).

    `str.isprintable` is False for these, but they are ink on the page and pdfplumber keeps them.
    """
    return "\ue000" <= ch <= "\uf8ff"


class PdfiumRefused(Exception):
    """PDFium cannot open the file and says no more than "format error"."""


def pdfium_pages(path: Path) -> list[RawPage]:
    """Words (font name and size kept) and link rectangles of every page, via PDFium.

    Raises BadPdfError for an encrypted file or an unreadable page, and PdfiumRefused when PDFium
    will not open the file at all (the caller decides whether another engine should try).
    """
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if _is_encrypted(exc):
            raise BadPdfError(str(path), REASON_ENCRYPTED) from None
        raise PdfiumRefused(str(exc)) from None
    try:
        return _all_pages(pdf, path)
    finally:
        pdf.close()


def _all_pages(pdf: pdfium.PdfDocument, path: Path) -> list[RawPage]:
    """Every page, or BadPdfError naming the first page PDFium cannot load.

    A damaged page tree (a /Count of 1000000 over one real page, a /Kids loop) makes PDFium
    report pages it cannot load; the file fails with that page named, in one line.
    """
    pages: list[RawPage] = []
    count = len(pdf)
    for i in range(count):
        try:
            pages.append(_page(pdf, i))
        except pdfium.PdfiumError:
            reason = f"damaged PDF: page {i + 1} of the {count} it declares cannot be read"
            raise BadPdfError(str(path), reason) from None
    return pages


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
    """The page's characters grouped into words (pdfplumber's rules, see the module docstring).

    The hot loop of extraction (about a thousand characters a page), so it does as little per
    character as it can: two ctypes calls (box and text object), the page's text read in one
    call, font name and size read once per text object, and which characters end a word judged
    once per distinct character of the page. A word's characters are consecutive in the page
    text, so its text is one slice, taken when the word ends.
    """
    count = pdfium_c.FPDFText_CountChars(tp)
    # PDFium's line-end hyphen prints as "-": replace it once, up front, not per character.
    text = _page_text(tp, count).replace(_PDFIUM_SOFT_HYPHEN, "-")
    breaks = {ch for ch in set(text) if _ends_word(ch)}
    # An FS_RECTF (left, top, right, bottom) read through a memoryview: unpacking the four
    # floats at once costs half as much as four ctypes field reads.
    rect = (ctypes.c_float * 4)()
    rect_p = ctypes.c_void_p(ctypes.addressof(rect))
    box = memoryview(rect).cast("B").cast("f")
    page_p = ctypes.c_void_p(ctypes.cast(tp, ctypes.c_void_p).value)
    # Text object address -> (font name, size). Equal styles are one tuple (`interned`), so
    # "same style as the word" is an identity test.
    styles: dict[int, tuple[str, float]] = {}
    interned: dict[tuple[str, float], tuple[str, float]] = {}
    font_names: dict[int, str] = {}
    words: list[Word] = []
    get_box = _loose_char_box
    get_size = pdfium_c.FPDFText_GetFontSize
    get_obj = _text_object_address
    tolerance = X_TOLERANCE
    new_word = _new_word

    start = -1  # index of the open word's first character; -1 when no word is open
    word_style = ("", 0.0)
    x0 = x1 = top = bottom = 0.0
    # Fixed for the open word: its left edge less the tolerance, and half its size (at least 1).
    left_limit = v_limit = 0.0
    for i, ch in enumerate(text):
        if ch in breaks:
            if start >= 0:
                words.append(new_word(text[start:i], word_style, x0, x1, top, bottom))
                start = -1
            continue
        get_box(page_p, i, rect_p)
        key = get_obj(page_p, i) or 0
        style = styles.get(key)
        if style is None:
            style = (_font_name(key, font_names), round(get_size(tp, i), 2))
            style = interned.setdefault(style, style)
            if key:  # a character PDFium generated has no object and no style to share
                styles[key] = style
        left, c_top, right, c_bottom = box
        c_top = height - c_top
        c_bottom = height - c_bottom
        if start >= 0:
            if (
                style is not word_style
                or left - x1 > tolerance
                or left < left_limit
                or abs(c_top - top) > v_limit
            ):
                words.append(new_word(text[start:i], word_style, x0, x1, top, bottom))
            else:
                if right > x1:
                    x1 = right
                if c_top < top:
                    top = c_top
                if c_bottom > bottom:
                    bottom = c_bottom
                continue
        start = i
        x0, x1, top, bottom, word_style = left, right, c_top, c_bottom, style
        left_limit = x0 - tolerance
        v_limit = 0.5 * max(style[1], 1.0)
    if start >= 0:
        words.append(new_word(text[start:], word_style, x0, x1, top, bottom))
    return words


def _ends_word(ch: str) -> bool:
    """True for white space and for control characters; a Private Use glyph is printed ink."""
    return ch in _BREAKS or (not ch.isprintable() and not _is_private_use(ch))


def _new_word(
    text: str, style: tuple[str, float], x0: float, x1: float, top: float, bottom: float
) -> Word:
    """A Word from values that already have its field types, without validating them again."""
    return trusted(
        Word,
        {
            "text": text,
            "fontname": style[0],
            "size": style[1],
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
        },
    )


def _page_text(tp: ctypes.c_void_p, count: int) -> str:
    """The text page's characters as one string, one code point per character index.

    One FPDFText_GetText call instead of one FPDFText_GetUnicode call per character. PDFium
    leaves some control characters out of that text, and a character outside the BMP takes two
    UTF-16 units; in either case the lengths differ and the characters are read one by one.
    """
    if count <= 0:
        return ""
    buf = ctypes.create_string_buffer((count + 1) * 2)
    n = pdfium_c.FPDFText_GetText(tp, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(n - 1, 0) * 2].decode("utf-16-le", "surrogatepass")
    get_unicode = pdfium_c.FPDFText_GetUnicode
    if len(text) != count:
        return "".join(chr(get_unicode(tp, i)) for i in range(count))
    if _PDFIUM_NONCHAR in text:
        # The page text shows PDFium's line-end hyphen (U+0002) as U+FFFE, which PDFium also uses
        # for characters it could not map: ask which one each of these (few) characters is.
        chars = list(text)
        for i, ch in enumerate(chars):
            if ch == _PDFIUM_NONCHAR:
                chars[i] = chr(get_unicode(tp, i))
        text = "".join(chars)
    return text


def _unchecked(function: Any, restype: Any) -> Any:
    """A PDFium function re-declared without argument types, for the per-character calls.

    ctypes then converts nothing on the way in (callers pass `c_void_p` pointers and Python ints
    for C ints), which halves the cost of a call; `restype` c_void_p returns an address as an int,
    where pypdfium2's binding returns a pointer object that needs a ctypes.cast to compare.
    """
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address, "PDFium function without an address"
    unchecked: Any = ctypes.CFUNCTYPE(restype)(address)
    unchecked.argtypes = None
    return unchecked


# (text page, index, FS_RECTF*) -> bool, and (text page, index) -> text object address.
_loose_char_box = _unchecked(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)
_text_object_address = _unchecked(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)
# (text object) -> font handle address, once per text object.
_text_object_font = _unchecked(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)


def _font_name(text_object: int, names: dict[int, str]) -> str:
    """The font's base name as the PDF declares it, subset prefix included (ABCDEF+Arial-BoldMT).

    `names` holds the names read so far by font handle: a page has a few fonts and dozens of text
    objects, and reading a name takes a buffer and three ctypes calls.
    """
    if not text_object:
        return ""
    font = _text_object_font(ctypes.c_void_p(text_object))
    if not font:
        return ""
    name = names.get(font)
    if name is None:
        buf = ctypes.create_string_buffer(256)
        n = pdfium_c.FPDFFont_GetBaseFontName(ctypes.cast(font, pdfium_c.FPDF_FONT), buf, len(buf))
        name = names[font] = buf.raw[: n - 1].decode("latin-1") if n > 0 else ""
    return name


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


# --------------------------------------------------------------------------- page images (OCR)

# A page rendered for OCR holds at most this many pixels (an A3 page at 300 dpi has 17.4 M);
# a larger page is rendered at a lower resolution rather than exhausting memory.
MAX_RENDER_PIXELS = 40_000_000
_PAGEOBJ_IMAGE = 3


def page_images(
    path: Path, numbers: Iterable[int], *, dpi: Callable[[float | None], int]
) -> Iterator[PageImage | None]:
    """Each numbered page (from 1) rendered in 8-bit grey; None for a page with nothing drawn.

    `dpi` picks the resolution from that of the page's scan: an image covering half of it or
    more (None when there is none).
    Raises PdfiumRefused when PDFium will not open the file, BadPdfError for a page it cannot
    render.
    """
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise PdfiumRefused(str(exc)) from None
    try:
        for number in numbers:
            try:
                image = _page_image(pdf, number, dpi)
            except pdfium.PdfiumError:
                raise BadPdfError(
                    str(path), f"damaged PDF: page {number} cannot be rendered"
                ) from None
            yield image
    finally:
        pdf.close()


def _page_image(
    pdf: pdfium.PdfDocument, number: int, dpi: Callable[[float | None], int]
) -> PageImage | None:
    """One page rendered in 8-bit grey, or None when nothing is drawn on it."""
    page = pdf[number - 1]
    try:
        if pdfium_c.FPDFPage_CountObjects(page.raw) <= 0:
            return None
        width, height = page.get_size()
        fit = 72 * (MAX_RENDER_PIXELS / max(width * height, 1.0)) ** 0.5
        page_dpi = max(1, min(dpi(_scan_dpi(page, width * height)), int(fit)))
        bitmap = page.render(scale=page_dpi / 72, grayscale=True)
        try:
            w, h, stride = bitmap.width, bitmap.height, bitmap.stride
            raw = bytes(bitmap.buffer)
        finally:
            bitmap.close()
    finally:
        page.close()
    rows = raw if stride == w else b"".join(raw[y * stride : y * stride + w] for y in range(h))
    return PageImage(width=w, height=h, pixels=rows, dpi=page_dpi)


def _scan_dpi(page: pdfium.PdfPage, page_area: float) -> float | None:
    """The resolution, in dots per inch, of the largest image on the page if it covers half of
    the page or more (a scan; a logo or a chart does not say how the page's text was printed)."""
    largest, found = 0.5 * page_area, None
    px_w, px_h = ctypes.c_uint(), ctypes.c_uint()
    edges = [ctypes.c_float() for _ in range(4)]
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != _PAGEOBJ_IMAGE:
            continue
        if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(px_w), ctypes.byref(px_h)):
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(e) for e in edges)):
            continue
        left, bottom, right, top = (e.value for e in edges)
        area = (right - left) * (top - bottom)  # points², rotation by quarter turns kept
        if area > 0 and area >= largest:
            largest, found = area, 72 * (px_w.value * px_h.value / area) ** 0.5
    return found
