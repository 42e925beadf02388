"""The pypdfium2 extraction engine: the same words as the pdfplumber engine, about 10× faster.

pdfplumber (via pdfminer.six) interprets every content stream in Python; PDFium does it in C++.
This module asks PDFium's text page for each character's code point and loose box, and for each
text object its font, size, fill colour and baseline, and groups characters into words by the
rules both engines share (`lines.WORD_GAP`): a word ends at white space, at a change of font,
size or colour, and at a horizontal gap wider than a share of the font size. Boxes are placed on
the baseline (`lines.ASCENT`, `lines.DESCENT`), as the pdfplumber engine places them. Everything
after words is shared (lines.py). It also renders pages to grey images for OCR (`page_images`,
read by ocr.py). pypdfium2 is imported here and nowhere else.
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
from .lines import ASCENT, DESCENT, WORD_GAP, LinkRect, RawPage, without_subset
from .ocr import PageImage
from .reasons import REASON_ENCRYPTED

_BREAKS = {" ", "\t", "\r", "\n", "\u00a0", "\ufffe"}
# PDFium reports a hyphen it judges to be a line-end break as U+0002; the page shows "-".
_PDFIUM_SOFT_HYPHEN = "\x02"
_PDFIUM_NONCHAR = "\ufffe"
_PDFACTION_URI = 3
_ENCRYPTED_CODES = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)


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
        if getattr(exc, "err_code", None) in _ENCRYPTED_CODES:
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
    cache = _DocumentCache()
    for i in range(count):
        try:
            pages.append(_page(pdf, i, cache))
        except pdfium.PdfiumError:
            reason = f"damaged PDF: page {i + 1} of the {count} it declares cannot be read"
            raise BadPdfError(str(path), reason) from None
    return pages


def _page(pdf: pdfium.PdfDocument, index: int, cache: _DocumentCache) -> RawPage:
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            words = _words(textpage.raw, height, cache)
            links = _links(pdf, page, textpage.raw, height)
        finally:
            textpage.close()
    finally:
        page.close()
    return RawPage(number=index + 1, width=width, height=height, words=words, links=links)


def _words(tp: ctypes.c_void_p, height: float, cache: _DocumentCache) -> list[Word]:
    """The page's characters grouped into words by the rules both engines share (`lines.py`).

    The hot loop of extraction (about a thousand characters a page), so it does as little per
    character as it can: two ctypes calls (origin and text object), the page's text read in one
    call, a text object's style (font, size, colour) read once, and a character's advance width
    read once per font and size. Which characters end a word is judged once per distinct
    character of the page. A word's characters are consecutive in the page text, so its text is
    one slice, taken when the word ends.

    A character spans its origin to its origin plus its advance width, as pdfminer places it:
    PDFium's own boxes follow the glyph's ink where a font's metrics are odd, and an overhanging
    "f" would then swallow the space after it. White space, and the characters PDFium generates
    itself (the spaces it guesses from gaps, line breaks), are skipped: words split at gaps, by
    the rule both engines share.
    """
    count = pdfium_c.FPDFText_CountChars(tp)
    # PDFium's line-end hyphen prints as "-": replace it once, up front, not per character.
    text = _page_text(tp, count).replace(_PDFIUM_SOFT_HYPHEN, "-")
    breaks = {ch for ch in set(text) if _ends_word(ch)}
    # The origin (x, y) read through a memoryview: both doubles at once.
    origin = (ctypes.c_double * 2)()
    origin_x = ctypes.c_void_p(ctypes.addressof(origin))
    origin_y = ctypes.c_void_p(ctypes.addressof(origin) + ctypes.sizeof(ctypes.c_double))
    point = memoryview(origin).cast("B").cast("d")
    page_p = ctypes.c_void_p(ctypes.cast(tp, ctypes.c_void_p).value)
    # Text object address -> its _TextObject, or None for text that is not upright.
    objects: dict[int, _TextObject | None] = {}
    words: list[Word] = []
    get_origin = _char_origin
    get_obj = _text_object_address
    word_gap = WORD_GAP

    start = end = -1  # the open word's first and one-past-last character; -1: none open
    holes = False  # skipped characters lie inside the open word
    word_style = ("", 0.0, "")
    # The open word's left and right edges and its lowest and highest baseline (PDF space, y up).
    x0 = x1 = y_low = y_high = y_first = 0.0
    # Fixed for the open word: the widest gap inside it, and how far a baseline may move in it.
    gap_limit = v_limit = 0.0
    prev_left = -1.0  # the last character's origin
    last_key = 0
    style: tuple[str, float, str] = word_style
    advances: dict[str, float] = {}
    font, scale = 0, 0.0
    y_min = y_max = 0.0  # how far a baseline may move within the open word
    for i, ch in enumerate(text):
        if ch in breaks:
            # White space ends no word by itself: the gap it leaves does (both engines split at
            # gaps wider than WORD_GAP, and join narrower ones). So PDFium's made-up spaces and
            # real ones are treated alike, without asking which is which.
            continue
        key = get_obj(page_p, i)
        if key != last_key:
            if not key:
                continue  # a character PDFium made up: no ink, no style
            obj = objects.get(key)
            if obj is None:
                if key in objects:
                    continue  # rotated or mirrored text: pdfplumber's engine leaves it out too
                obj = objects[key] = _text_object(tp, i, key, cache)
                if obj is None:
                    continue
            style, advances, font, scale = obj
            last_key = key
        get_origin(page_p, i, origin_x, origin_y)
        left, y = point
        advance = advances.get(ch)
        if advance is None:
            advance = advances[ch] = _advance(font, ch, scale, tp, i, left, cache)
        if left == prev_left:
            # The second letter of a ligature ("ti" drawn as one glyph) shares the first one's
            # origin; the glyph ends where PDFium's box for the pair does.
            advance = max(advance, _loose_right(tp, i) - left)
        prev_left = left
        right = left + advance
        if start >= 0:
            if style is word_style and x0 <= left <= x1 + gap_limit and y_min <= y <= y_max:
                if i != end:
                    holes = True
                end = i + 1
                if right > x1:
                    x1 = right
                if y != y_first:
                    y_low, y_high = min(y_low, y), max(y_high, y)
                continue
            words.append(
                _closed_word(
                    text, start, end, holes, breaks, word_style, x0, x1, y_low, y_high, height
                )
            )
        start, end, holes = i, i + 1, False
        x0, x1, y_low, y_high, y_first, word_style = left, right, y, y, y, style
        gap_limit = word_gap * style[1]
        v_limit = 0.5 * max(style[1], 1.0)
        y_min, y_max = y - v_limit, y + v_limit
    if start >= 0:
        words.append(
            _closed_word(text, start, end, holes, breaks, word_style, x0, x1, y_low, y_high, height)
        )
    return words


def _closed_word(
    text: str,
    start: int,
    end: int,
    holes: bool,
    breaks: set[str],
    style: tuple[str, float, str],
    x0: float,
    x1: float,
    y_low: float,
    y_high: float,
    height: float,
) -> Word:
    """The Word of characters `start` to `end` of the page text (less any characters PDFium made
    up inside it), its box on its baselines. Built with `trusted`: every value is already of its
    field's type, and this runs once for every word of every page."""
    word = text[start:end]
    if holes:
        word = "".join(ch for ch in word if ch not in breaks)
    size = style[1]
    return trusted(
        Word,
        {
            "text": word,
            "fontname": style[0],
            "size": size,
            "color": style[2],
            "x0": x0,
            "x1": x1,
            "top": height - y_high - ASCENT * size,
            "bottom": height - y_low + DESCENT * size,
        },
    )


# A text object's style (font name, size, colour), its characters' advance widths so far (by
# character, shared by every object of the same font and size), its font handle, and the scale
# from the font's 1000-unit glyph widths to page points.
_TextObject = tuple[tuple[str, float, str], dict[str, float], int, float]


class _DocumentCache:
    """What is read once per document: font names and advance widths by font handle, styles
    interned so that equal ones are one tuple ("same style as the word" is an identity test), and
    the scratch buffers PDFium writes a text object's matrix and colour into."""

    def __init__(self) -> None:
        self.font_names: dict[int, str] = {}
        self.widths: dict[tuple[int, float], dict[str, float]] = {}
        self.styles: dict[tuple[str, float, str], tuple[str, float, str]] = {}
        self.colors: dict[tuple[int, int, int], str] = {}
        self.matrix = (ctypes.c_float * 6)()
        self.rgba = (ctypes.c_uint * 4)()
        self.width = ctypes.c_float()
        size_of = ctypes.sizeof(ctypes.c_uint)
        base = ctypes.addressof(self.rgba)
        self.rgba_p = [ctypes.c_void_p(base + k * size_of) for k in range(4)]
        self.matrix_p = ctypes.c_void_p(ctypes.addressof(self.matrix))
        self.width_p = ctypes.c_void_p(ctypes.addressof(self.width))


def _text_object(
    tp: ctypes.c_void_p, index: int, text_object: int, cache: _DocumentCache
) -> _TextObject | None:
    """What the words need to know of the text object character `index` belongs to; None for
    text that is not upright.

    The size is the font size times the object's vertical scale (pages printed from HTML scale
    their text by 0.75: 14.67 "px" is 11 pt), as pdfplumber reports it.
    """
    if not _char_matrix(tp, index, cache.matrix_p):
        return None
    a, b, c, d = cache.matrix[:4]
    if a <= 0 or d <= 0 or abs(b) > 1e-3 or abs(c) > 1e-3:
        return None
    font_size = _char_font_size(tp, index)
    name = _font_name(text_object, cache.font_names)
    style = (name, round(font_size * d, 2), _fill_color(text_object, cache))
    style = cache.styles.setdefault(style, style)
    font = _text_object_font(ctypes.c_void_p(text_object)) or 0
    scale = font_size * a
    advances = cache.widths.setdefault((font, round(scale, 4)), {})
    return style, advances, font, scale


def _advance(
    font: int,
    ch: str,
    scale: float,
    tp: ctypes.c_void_p,
    index: int,
    left: float,
    cache: _DocumentCache,
) -> float:
    """The character's advance width in page points, from the font's widths.

    A character the font cannot map back to a code (a ligature's second letter) takes the width of
    PDFium's loose box instead.
    """
    if font and _glyph_width(font, ord(ch), 1000.0, cache.width_p):
        return cache.width.value * scale / 1000.0
    return max(0.0, _loose_right(tp, index) - left)


def _loose_right(tp: ctypes.c_void_p, index: int) -> float:
    """The right edge of PDFium's loose box for the character."""
    rect = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(tp, index, ctypes.byref(rect))
    return float(rect.right)


def _fill_color(text_object: int, cache: _DocumentCache) -> str:
    """The object's fill colour as '#rrggbb' (what the text is printed in), '' if unknown."""
    if not _object_fill_color(ctypes.c_void_p(text_object), *cache.rgba_p):
        return ""
    rgb = (cache.rgba[0], cache.rgba[1], cache.rgba[2])
    name = cache.colors.get(rgb)
    if name is None:
        name = cache.colors[rgb] = "#{:02x}{:02x}{:02x}".format(*rgb)
    return name


def _ends_word(ch: str) -> bool:
    """True for white space and for control characters; a Private Use glyph is printed ink."""
    # `str.isprintable` is False for Private Use code points (Word's Symbol-font bullet U+F0B7),
    # but they are ink on the page, and pdfplumber keeps them.
    return ch in _BREAKS or (not ch.isprintable() and not "\ue000" <= ch <= "\uf8ff")


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


# (text page, index, double* x, double* y) -> bool, and (text page, index) -> text object address.
_char_origin = _unchecked(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int)
_text_object_address = _unchecked(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)
# Once per text object: (text object) -> font handle address; (text page, index, FS_MATRIX*) ->
# bool; (text page, index) -> font size; (page object, r*, g*, b*, a*) -> bool.
_text_object_font = _unchecked(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)
_char_matrix = _unchecked(pdfium_c.FPDFText_GetMatrix, ctypes.c_int)
_char_font_size = _unchecked(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_object_fill_color = _unchecked(pdfium_c.FPDFPageObj_GetFillColor, ctypes.c_int)
# Once per character, font and size: (font, code point, size, float* width) -> bool; the float
# argument needs its type declared.
_glyph_width = _unchecked(pdfium_c.FPDFFont_GetGlyphWidth, ctypes.c_int)
_glyph_width.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_float, ctypes.c_void_p]


def _font_name(text_object: int, names: dict[int, str]) -> str:
    """The font's base name as the PDF declares it, less any subset prefix (Arial-BoldMT).

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
        name = names[font] = without_subset(buf.raw[: n - 1].decode("latin-1")) if n > 0 else ""
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
