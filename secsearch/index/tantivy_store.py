"""A tantivy generation folder: its writer (the same calls as the Whoosh `IndexWriter`) and reader.

`store.py` decides which engine a folder belongs to (the folder's metadata file says) and hands
tantivy folders here; the lock, generations and the publish-by-rename are shared.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from ..models import Paper
from . import tantivy_backend as tb
from .backend import TANTIVY_GENERATION_PREFIX as GENERATION_PREFIX
from .backend import write_metadata
from .facts import FACTS_KIND, FactsParts
from .integrity import record_files
from .records import FileEntry, paper_records


def create_generation(index_dir: Path, schema_version: str) -> tuple[Any, Path]:
    """A new, empty tantivy index (only its meta record) in a fresh folder, not yet current."""
    folder = index_dir / f"{GENERATION_PREFIX}{time.time_ns():x}-{os.getpid()}"
    folder.mkdir(parents=True)
    ix = tb.create(folder)
    w = tb.TantivyWriter(ix, threads=1, heap_bytes=16 * 1024 * 1024)
    w.add({"id": "meta", "kind": "meta", "schema_version": schema_version})
    w.commit()
    w.close()
    write_metadata(folder, "tantivy", schema_version)
    record_files(folder)
    return ix, folder


class TantivyReader:
    """The searcher of one tantivy folder, reloaded when a writer has committed since."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index = tb.open_folder(folder)
        self.schema = self.index.schema
        self._state = tb.state(folder)
        self.index.reload()
        self.searcher = self.index.searcher()

    def up_to_date(self) -> bool:
        return tb.state(self.folder) == self._state

    def refreshed(self) -> TantivyReader:
        self._state = tb.state(self.folder)
        self.index.reload()
        self.searcher = self.index.searcher()
        return self

    def document(self, **terms: str) -> dict[str, Any] | None:
        q = tb.kind_query(self.schema, **terms)
        hits = self.searcher.search(q, limit=1, count=False).hits
        return tb.stored(self.searcher, hits[0][1]) if hits else None

    def documents(self, **terms: str) -> list[dict[str, Any]]:
        return list(tb.all_documents(self.searcher, self.schema, **terms))

    def close(self) -> None:
        pass


class TantivyIndexWriter:
    """Batches of changes, each made durable by one tantivy commit (as `store.IndexWriter`)."""

    def __init__(self, ix: Any, folder: Path, *, heap_bytes: int = tb.HEAP_BYTES) -> None:
        self._ix = ix
        self._folder = folder
        self._w = tb.TantivyWriter(ix, heap_bytes=heap_bytes)
        self._dirty = False
        self._facts = FactsParts(lambda: self._reader().documents(kind=FACTS_KIND))

    def _reader(self) -> TantivyReader:
        return TantivyReader(self._folder)

    def manifest(self) -> dict[str, FileEntry]:
        return {
            d["path"]: FileEntry(d["path"], d["file_key"], d["size"], d["mtime_ns"], d["passages"])
            for d in self._reader().documents(kind="file")
        }

    def add_paper(self, paper: Paper) -> int:
        n = 0
        for doc in paper_records(paper):
            self._w.add(doc)
            n += doc["kind"] == "passage"
        self._facts.add(paper)
        self._dirty = True
        return n

    def delete_paper(self, key: str) -> None:
        self._w.delete("paper_key", key)
        self._facts.delete(key)
        self._dirty = True

    def _update(self, record: dict[str, Any]) -> None:
        self._w.delete("id", record["id"])
        self._w.add(record)
        self._dirty = True

    def set_file(self, entry: FileEntry) -> None:
        self._update(
            {
                "id": f"file:{entry.path}",
                "kind": "file",
                "path": entry.path,
                "file_key": entry.sha256,
                "size": entry.size,
                "mtime_ns": entry.mtime_ns,
                "passages": entry.passages,
            }
        )

    def delete_file(self, path: str) -> None:
        self._w.delete("id", f"file:{path}")
        self._dirty = True

    def set_failure(self, path: str, reason: str) -> None:
        self._update({"id": f"failure:{path}", "kind": "failure", "path": path, "reason": reason})

    def delete_failure(self, path: str) -> None:
        self._w.delete("id", f"failure:{path}")
        self._dirty = True

    def failed_paths(self) -> set[str]:
        return {d["path"] for d in self._reader().documents(kind="failure")}

    def paper_sources(self) -> dict[str, str]:
        return {
            d["paper_key"]: d["outline"]["source"] for d in self._reader().documents(kind="paper")
        }

    def commit(self) -> None:
        if self._dirty:
            # The papers' facts records change in the same commit as the papers.
            for record in self._facts.changed_records():
                self._update(record)
            self._w.commit()
            self._dirty = False

    def cancel(self) -> None:
        self._facts.forget()
        self._w.cancel()
        self._dirty = False

    def close(self) -> None:
        self._w.close()
        record_files(self._folder)
