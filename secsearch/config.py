"""Where the corpus and the index live: option, then environment variable, then default."""

from __future__ import annotations

import os
from pathlib import Path

CORPUS_ENV = "SECSEARCH_CORPUS"
INDEX_ENV = "SECSEARCH_INDEX"


def corpus_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder of PDFs to ingest."""
    return Path(override or os.environ.get(CORPUS_ENV) or "corpus")


def index_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding the Whoosh index and the extraction cache."""
    return Path(override or os.environ.get(INDEX_ENV) or "index")


def cache_dir(index: Path) -> Path:
    """Extraction cache, inside the index folder but apart from the Whoosh files.

    `--rebuild` recreates the Whoosh files and keeps the cache: entries are keyed by the PDF's
    sha256 and the extractor's version, so they stay valid.
    """
    return index / "cache"


def whoosh_dir(index: Path) -> Path:
    """The Whoosh files themselves."""
    return index / "whoosh"
