"""The pdfplumber engine (pdfminer.six underneath): the slower reference, pure Python.

pdfplumber and pdfminer are imported here and nowhere else.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ..errors import BadPdfError
from ..models import Word
from .lines import ASCENT, DESCENT, WORD_GAP, LinkRect, RawPage, without_subset
from .reasons import REASON_ENCRYPTED, damaged_reason


def plumber_pages(path: Path) -> list[RawPage]:
    """Words (font name and size kept) and link rectangles of every page, via pdfplumber."""
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
        raise BadPdfError(str(path), damaged_reason(cause)) from None
    try:
        return [_plumber_page(page) for page in pdf.pages]
    except BadPdfError:
        raise
    except Exception as exc:
        raise BadPdfError(str(path), damaged_reason(exc)) from None
    finally:
        pdf.close()


def _plumber_page(page: Any) -> RawPage:
    """One pdfplumber page as a RawPage, its words split and placed by the shared rules."""
    height = float(page.height)
    words = page.extract_words(
        extra_attrs=["fontname", "size", "non_stroking_color"],
        keep_blank_chars=False,
        expand_ligatures=True,
        x_tolerance_ratio=WORD_GAP,
        return_chars=True,
    )
    links = [
        LinkRect(h["uri"], float(h["x0"]), float(h["x1"]), float(h["top"]), float(h["bottom"]))
        for h in page.hyperlinks
        if h.get("uri")
    ]
    raw = RawPage(
        number=page.page_number,
        width=float(page.width),
        height=height,
        words=[_word(w, height) for w in words if w.get("upright", True) and w["text"].strip()],
        links=links,
    )
    page.close()  # drop the page's object cache: memory stays flat
    return raw


def _word(w: dict[str, Any], height: float) -> Word:
    """A Word whose box sits on its characters' baselines (`lines.ASCENT`, `lines.DESCENT`)."""
    size = round(float(w["size"]), 2)
    baselines = [height - float(ch["matrix"][5]) for ch in w["chars"]]
    return Word(
        text=w["text"],
        fontname=without_subset(str(w["fontname"])),
        size=size,
        color=color_hex(w["non_stroking_color"]),
        x0=float(w["x0"]),
        x1=float(w["x1"]),
        top=min(baselines) - ASCENT * size,
        bottom=max(baselines) + DESCENT * size,
    )


def color_hex(value: Any) -> str:
    """A PDF fill colour (gray, RGB or CMYK components from 0 to 1) as '#rrggbb'.

    PDFium reports the colour it fills with as 8-bit RGB; this is the same conversion, so both
    engines name a colour alike. A pattern or an unknown colour space gives ''.
    """
    if not isinstance(value, tuple | list) or not all(isinstance(v, int | float) for v in value):
        return ""
    if len(value) == 1:
        value = (value[0],) * 3
    elif len(value) == 4:
        c, m, y, k = value
        value = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    elif len(value) != 3:
        return ""
    r, g, b = (min(255, max(0, round(float(v) * 255))) for v in value)
    return f"#{r:02x}{g:02x}{b:02x}"
