"""Writing an index: the single writer under the lock, per engine, and the publish of a rebuild.

`writing()` opens the writer of the engine the index was built with (or the one asked for, for a
new index or a rebuild): Whoosh's `IndexWriter` here, tantivy's `TantivyIndexWriter` in
`tantivy_store.py`; both take the same calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ..config import DEFAULT_BATCH_SIZE, whoosh_dir
from ..errors import IndexAccessError
from ..models import Paper
from .backend import DEFAULT_BACKEND, backend_named
from .facts import FACTS_KIND, FactsParts
from .integrity import record_files
from .locking import WriteLock, write_lock
from .records import FileEntry, paper_records
from .schema import SCHEMA_VERSION, apply_whoosh_tweak
from .store import (
    _create,
    _open_tantivy,
    _open_whoosh,
    _publish,
    _remove_stale_generations,
    backend_in_use,
    exists,
    open_index,
)

DEFAULT_LIMITMB = 128


# --------------------------------------------------------------------------- writing


class IndexWriter:
    """Batches of changes, each made durable by one Whoosh commit."""

    def __init__(self, ix: Any, folder: Path, *, limitmb: int = DEFAULT_LIMITMB) -> None:
        self._ix = ix
        self._folder = folder
        self._limitmb = limitmb
        self._w: Any = None
        self._facts = FactsParts(self._committed_facts)

    def _committed_facts(self) -> list[dict[str, Any]]:
        with self._ix.searcher() as s:
            return [dict(d) for d in s.documents(kind=FACTS_KIND)]

    def _writer(self) -> Any:
        if self._w is None:
            self._w = self._ix.writer(limitmb=self._limitmb)
        return self._w

    def manifest(self) -> dict[str, FileEntry]:
        """Every path the index holds (as last committed), with the content it held."""
        with self._ix.searcher() as s:
            return {
                d["path"]: FileEntry(
                    d["path"], d["file_key"], d["size"], d["mtime_ns"], d["passages"]
                )
                for d in s.documents(kind="file")
            }

    def add_paper(self, paper: Paper) -> int:
        """Write a paper's documents; returns its passage count."""
        w = self._writer()
        n = 0
        for doc in paper_records(paper):
            w.add_document(**doc)
            n += doc["kind"] == "passage"
        self._facts.add(paper)
        return n

    def delete_paper(self, key: str) -> None:
        self._writer().delete_by_term("paper_key", key)
        self._facts.delete(key)

    def set_file(self, entry: FileEntry) -> None:
        self._writer().update_document(
            id=f"file:{entry.path}",
            kind="file",
            path=entry.path,
            file_key=entry.sha256,
            size=entry.size,
            mtime_ns=entry.mtime_ns,
            passages=entry.passages,
        )

    def delete_file(self, path: str) -> None:
        self._writer().delete_by_term("id", f"file:{path}")

    def set_failure(self, path: str, reason: str) -> None:
        """Remember that a file failed, and why, until it is fixed (stats lists it)."""
        self._writer().update_document(
            id=f"failure:{path}", kind="failure", path=path, reason=reason
        )

    def delete_failure(self, path: str) -> None:
        self._writer().delete_by_term("id", f"failure:{path}")

    def failed_paths(self) -> set[str]:
        """The paths whose failure is remembered (as last committed)."""
        with self._ix.searcher() as s:
            return {d["path"] for d in s.documents(kind="failure")}

    def paper_sources(self) -> dict[str, str]:
        """Each indexed paper's content (sha256) → the file path its records name."""
        with self._ix.searcher() as s:
            return {d["paper_key"]: d["outline"]["source"] for d in s.documents(kind="paper")}

    def commit(self) -> None:
        """Make every change since the last commit durable, atomically, and record its files."""
        if self._w is not None:
            # The papers' facts records change in the same commit as the papers.
            for record in self._facts.changed_records():
                self._w.update_document(**record)
            w, self._w = self._w, None
            w.commit()
            record_files(self._folder)

    def cancel(self) -> None:
        self._facts.forget()
        if self._w is not None:
            w, self._w = self._w, None
            with suppress(OSError):  # the batch is dropped anyway; the last commit is on disk
                w.cancel()


@contextmanager
def writing(
    index_dir: Path,
    *,
    rebuild: bool = False,
    limitmb: int = DEFAULT_LIMITMB,
    backend: str | None = None,
) -> Iterator[Any]:
    """The index's writer, under the write lock; uncommitted changes are dropped on error.

    `backend` picks the engine of a new index; an existing index keeps the engine it was built
    with (remembered in its folder), and naming another one rebuilds it with that engine. A
    write that fails (disk full, a read-only folder) ends in one IndexAccessError saying so;
    the last commit stays as it was.
    """
    in_use = backend_in_use(index_dir)
    chosen = backend or in_use or DEFAULT_BACKEND
    backend_named(chosen)  # refuses an unknown or uninstalled engine before anything is written
    if in_use is not None and chosen != in_use:
        rebuild = True
    if chosen == "tantivy":
        with _writing_tantivy(index_dir, rebuild=rebuild, limitmb=limitmb) as w:
            yield w
        return
    apply_whoosh_tweak()
    with write_lock(index_dir) as lock, _write_errors(index_dir):
        _remove_stale_generations(index_dir)
        fresh: Path | None = None
        if rebuild or not exists(index_dir):
            ix, fresh = _create(index_dir)
            if not rebuild:
                _publish(index_dir, fresh)  # a first index shows each batch as it commits
        else:
            ix = _open_whoosh(index_dir)
        writer = IndexWriter(ix, fresh or whoosh_dir(index_dir), limitmb=limitmb)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        else:
            writer.commit()
            if rebuild and fresh is not None:
                # The rebuilt index replaces the old one only now, whole: a rebuild killed
                # before this line leaves the old index as it was.
                _publish_if_still_locked(index_dir, fresh, lock)
                _remove_stale_generations(index_dir)
        finally:
            ix.close()


@contextmanager
def _writing_tantivy(index_dir: Path, *, rebuild: bool, limitmb: int) -> Iterator[Any]:
    from .tantivy_store import TantivyIndexWriter, create_generation  # the optional engine

    with write_lock(index_dir) as lock, _write_errors(index_dir):
        _remove_stale_generations(index_dir)
        fresh: Path | None = None
        if rebuild or not exists(index_dir):
            ix, fresh = create_generation(index_dir, SCHEMA_VERSION)
            if not rebuild:
                _publish(index_dir, fresh)
        else:
            folder = whoosh_dir(index_dir)
            ix = _open_tantivy(index_dir, folder).index
        writer = TantivyIndexWriter(
            ix, fresh or whoosh_dir(index_dir), heap_bytes=max(limitmb, 16) * 1024 * 1024
        )
        try:
            yield writer
        except BaseException:
            writer.cancel()
            writer.close()
            raise
        writer.commit()
        writer.close()
        if rebuild and fresh is not None:
            _publish_if_still_locked(index_dir, fresh, lock)
            _remove_stale_generations(index_dir)


def _publish_if_still_locked(index_dir: Path, fresh: Path, lock: WriteLock) -> None:
    """Publish a rebuilt generation, unless the locked folder was removed or replaced meanwhile
    (then another writer owns what is at that path, and this rebuild must not touch it)."""
    if not lock.still_held():
        raise IndexAccessError(
            f"the index folder {index_dir.resolve()} was removed or replaced during the rebuild; "
            "the rebuilt index was not published",
            hint="run `secsearch ingest --rebuild` again",
        )
    _publish(index_dir, fresh)


@contextmanager
def _write_errors(index_dir: Path) -> Iterator[None]:
    """A failed write (no space, read-only, permissions) as one line that says what to do."""
    try:
        yield
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise IndexAccessError(
            f"cannot write the index at {index_dir.resolve()}: {reason}; the last commit is intact",
            hint="free some space or fix the folder's permissions, then run the ingest again",
        ) from None


def index_papers(
    index_dir: Path,
    papers: Iterable[Paper],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    rebuild: bool = False,
    backend: str | None = None,
) -> int:
    """Index Paper objects directly (each under its source path); returns the passages written."""
    total = 0
    with writing(index_dir, rebuild=rebuild, backend=backend) as w:
        for i, paper in enumerate(papers, 1):
            w.delete_paper(paper.source.sha256)
            n = w.add_paper(paper)
            w.set_file(FileEntry(paper.source.path, paper.source.sha256, -1, -1, n))
            total += n
            if i % batch_size == 0:
                w.commit()
    return total


def read_manifest(index_dir: Path) -> dict[str, FileEntry]:
    """Every path the index at `index_dir` holds; empty when there is no index yet."""
    if not exists(index_dir):
        return {}
    with open_index(index_dir) as ix:
        return {
            d["path"]: FileEntry(d["path"], d["file_key"], d["size"], d["mtime_ns"], d["passages"])
            for d in ix.searcher().documents(kind="file")
        }
