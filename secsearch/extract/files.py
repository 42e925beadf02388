"""Files before any PDF parser sees them: which files are PDFs, their hash, the cheap checks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..errors import BadPdfError
from .reasons import REASON_EMPTY, REASON_NOT_PDF


def sha256_of(path: Path) -> str:
    """The file's sha256, read in blocks (a PDF can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checked_sha256(path: Path) -> str:
    """The file's sha256, after the checks that need no PDF parser (exists, non-empty, header)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadPdfError(str(path), exc.strerror or "cannot read file") from None
    if not data:
        raise BadPdfError(str(path), REASON_EMPTY)
    # The spec lets the header sit anywhere in the first 1024 bytes (some writers prepend junk).
    if b"%PDF-" not in data[:1024]:
        raise BadPdfError(str(path), REASON_NOT_PDF)
    return hashlib.sha256(data).hexdigest()


def pdfs_under(paths: Iterable[str | Path]) -> list[Path]:
    """PDF files named directly or found under folders (by .pdf suffix, any case), sorted."""
    found: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found.update(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".pdf")
        else:
            found.add(p)
    return sorted(found)
