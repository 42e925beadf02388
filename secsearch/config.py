"""Where the corpus and the index live: option, then environment variable, then default."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import SecsearchError

CORPUS_ENV = "SECSEARCH_CORPUS"
INDEX_ENV = "SECSEARCH_INDEX"
TIMEOUT_ENV = "SECSEARCH_TIMEOUT"
OCR_ENV = "SECSEARCH_OCR"
# How pages are read by OCR (Tesseract): "auto" only pages without a text layer, and only when
# Tesseract is installed; "always" every page, the text layer ignored; "never" no page.
OCR_MODES: tuple[str, ...] = ("auto", "always", "never")
DEFAULT_OCR = "auto"
DEFAULT_TIMEOUT_SECONDS = 60
# Papers per index commit. Also the unit of crash safety: a killed ingest loses at most the batch
# in progress, which the next ingest re-indexes from the extraction cache in seconds. 300 rather
# than 100: Whoosh's merge policy rewrites most of the index once it holds about twenty segments
# of a batch each; with batches of 300 a 3,000-paper ingest makes ten and never merges (end to
# end about a quarter faster, measured side by side; BENCHMARKS.md).
DEFAULT_BATCH_SIZE = 300
CURRENT_GENERATION_FILE = "CURRENT"
LEGACY_WHOOSH_DIR = "whoosh"


def corpus_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder of PDFs to ingest."""
    return Path(override or os.environ.get(CORPUS_ENV) or "corpus")


def index_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding the Whoosh index and the extraction cache."""
    return Path(override or os.environ.get(INDEX_ENV) or "index")


def file_timeout(override: int | None = None) -> int:
    """Seconds one PDF may take before its worker is stopped and the file reported; 0 = no limit.

    Option, then $SECSEARCH_TIMEOUT, then 60 s (a 100-page paper takes well under 2 s).
    """
    if override is not None:
        return override
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    return int(raw) if raw.isdigit() else DEFAULT_TIMEOUT_SECONDS


def ocr_mode(override: str | None = None) -> str:
    """When pages are read by OCR: option, then $SECSEARCH_OCR, then "auto"."""
    if override is not None:
        return override
    raw = os.environ.get(OCR_ENV, "").strip().lower()
    if raw and raw not in OCR_MODES:
        raise SecsearchError(
            f"${OCR_ENV} is {raw!r}, not one of {', '.join(OCR_MODES)}",
            hint=f"unset it, or set it to one of {', '.join(OCR_MODES)}",
        )
    return raw or DEFAULT_OCR


def cache_dir(index: Path) -> Path:
    """Extraction cache, inside the index folder but apart from the Whoosh files.

    `--rebuild` recreates the Whoosh files and keeps the cache: entries are keyed by the PDF's
    sha256 and the extractor's version, so they stay valid.
    """
    return index / "cache"


def whoosh_dir(index: Path) -> Path:
    """The Whoosh files of the index's current generation.

    `--rebuild` writes a new generation folder beside the current one, then names it in the
    `CURRENT` file, replaced atomically; a crash mid-rebuild leaves the old index in use. An index
    made before generations existed has no pointer and lives in `whoosh/`.
    """
    try:
        name = (index / CURRENT_GENERATION_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return index / LEGACY_WHOOSH_DIR
    return index / name if name else index / LEGACY_WHOOSH_DIR
