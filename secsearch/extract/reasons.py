"""The one-line reasons a file is not a readable paper, shared by every engine."""

from __future__ import annotations

REASON_EMPTY = "empty file"
REASON_NOT_PDF = "not a PDF (no %PDF header)"
REASON_ENCRYPTED = "encrypted PDF (password required)"
REASON_NO_PAGES = "PDF has no pages"
REASON_NO_TEXT = "no text layer (scanned image?)"
# The same, where OCR would read it if Tesseract were installed (--ocr auto, the default).
REASON_NO_TEXT_NO_TESSERACT = (
    f"{REASON_NO_TEXT}; install Tesseract (apt-get install tesseract-ocr) to read it"
)
# The same, after OCR looked at the pages and read nothing (blank, or a picture).
REASON_NO_TEXT_OCR_EMPTY = f"{REASON_NO_TEXT}; OCR read no text either"
REASON_NO_TESSERACT = "OCR needs Tesseract, which is not installed (apt-get install tesseract-ocr)"
REASON_DAMAGED = "damaged PDF"


def damaged_reason(exc: BaseException) -> str:
    """'damaged PDF: <short cause>' on one line, in words a user can act on."""
    message = " ".join(str(exc).split())
    if "EOF" in message:
        detail = "unexpected end of file (truncated?)"
    elif "/Root" in message:
        detail = "no document catalog (truncated?)"
    else:
        detail = message[:80] or type(exc).__name__
    return f"{REASON_DAMAGED}: {detail}"
