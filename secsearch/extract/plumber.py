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
from .lines import LinkRect, RawPage
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
    """One pdfplumber page as a RawPage."""
    words = page.extract_words(
        extra_attrs=["fontname", "size"], keep_blank_chars=False, expand_ligatures=True
    )
    links = [
        LinkRect(h["uri"], float(h["x0"]), float(h["x1"]), float(h["top"]), float(h["bottom"]))
        for h in page.hyperlinks
        if h.get("uri")
    ]
    raw = RawPage(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
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
    page.close()  # drop the page's object cache: memory stays flat
    return raw
