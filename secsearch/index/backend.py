"""The index backend interface: what the rest of the index package asks of a search engine.

Two backends implement it: Whoosh (the default, pure Python: `schema.py`, `whoosh_query.py`,
`search.py`) and tantivy (Rust, `pip install 'secsearch[tantivy]'`: `tantivy_backend.py`,
`tantivy_store.py`, `tantivy_search.py`). Both index the same records (`records.py`), cut text
into the same terms (`analysis.py`) and run the same engine-neutral match trees (`querytree.py`)
with the same scores, so every read answers the same on both.

Each generation folder (`store.py` keeps generations and the pointer to the current one) holds
one engine's files, and its metadata file names that engine, so a later command opens an index
with the engine it was built with, whatever the default is.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol

from ..errors import IndexAccessError
from ..models import Paper
from .records import FileEntry

DEFAULT_BACKEND = "whoosh"
BACKENDS = ("whoosh", "tantivy")
METADATA_FILE = "secsearch-index.json"
# Generation folders are named after their engine (`store.py` keeps them).
WHOOSH_GENERATION_PREFIX = "whoosh-"
TANTIVY_GENERATION_PREFIX = "tantivy-"


class IndexWriting(Protocol):
    """What `ingest` asks of a writer; `writing.IndexWriter` (Whoosh) and
    `tantivy_store.TantivyIndexWriter` both give it, each batch made durable by one commit."""

    def manifest(self) -> dict[str, FileEntry]: ...

    def add_paper(self, paper: Paper) -> int: ...

    def delete_paper(self, key: str) -> None: ...

    def set_file(self, entry: FileEntry) -> None: ...

    def delete_file(self, path: str) -> None: ...

    def set_failure(self, path: str, reason: str) -> None: ...

    def delete_failure(self, path: str) -> None: ...

    def failed_paths(self) -> set[str]: ...

    def paper_sources(self) -> dict[str, str]: ...

    def commit(self) -> None: ...

    def cancel(self) -> None: ...


# The reads (`find`, `suggest_word`, `documents`, `record_by_id`, `papers_by_ref`,
# `entity_values`, `passage_count`) are `search.py`'s functions; each hands an index built with
# tantivy to the function of the same name and signature in `tantivy_search.py`.


def backend_named(name: str) -> str:
    """`name`, checked: IndexAccessError when the engine is unknown or not installed."""
    if name not in BACKENDS:
        raise IndexAccessError(
            f"unknown index backend {name!r}", hint="one of: " + ", ".join(BACKENDS)
        )
    if name == "tantivy" and not tantivy_available():
        raise IndexAccessError(
            "the tantivy backend is not installed",
            hint="pip install 'secsearch[tantivy]', or use --backend whoosh",
        )
    return name


def tantivy_available() -> bool:
    """Whether the optional tantivy backend can be used here."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


def write_metadata(folder: Path, backend: str, schema_version: str) -> None:
    """Name the backend (and schema version) a generation folder was built with, atomically."""
    tmp = folder / f"{METADATA_FILE}.{os.getpid()}.tmp"
    data = {"backend": backend, "schema_version": schema_version}
    tmp.write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, folder / METADATA_FILE)


def backend_of(folder: Path) -> str:
    """The backend that built a generation folder (Whoosh for folders made before there was a
    choice, which have no metadata file)."""
    try:
        data = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DEFAULT_BACKEND
    except (OSError, ValueError):
        return DEFAULT_BACKEND  # unreadable: the engine's own open reports the damage
    name = data.get("backend") if isinstance(data, dict) else None
    return name if name in BACKENDS else DEFAULT_BACKEND
