"""The index on disk: generation folders, the `Index` reader object, and the writer.

A SIGKILL between commits loses only the uncommitted batch: each commit carries documents and
manifest rows together. `--rebuild` writes a new generation folder beside the current one and
names it in the `CURRENT` pointer file with one atomic rename, so a killed rebuild leaves the old
index in use.

`Index` owns its searcher and every cache computed from it: a search reads the last commit, a
new commit (or a finished rebuild) is picked up at the next call, and caches are dropped with the
searcher they came from. Close it (or use it as a context manager) when done.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from ..config import CURRENT_GENERATION_FILE, LEGACY_WHOOSH_DIR, whoosh_dir
from ..errors import IndexAccessError, IndexDamagedError
from ..models import Paper
from .integrity import DAMAGE_ERRORS, changed_files, record_files
from .locking import WriteLock, write_lock
from .records import FileEntry, paper_records
from .schema import SCHEMA_VERSION, apply_whoosh_tweak, schema

GENERATION_PREFIX = "whoosh-"
DEFAULT_LIMITMB = 128
# How long a reader keeps trying while a writer is replacing the files it reads; a failure that
# persists without the index changing is damage, reported at once.
RETRY_SECONDS = 2.0
REBUILD_HINT = "run `secsearch ingest --rebuild` (the extraction cache makes it quick)"

T = TypeVar("T")


# --------------------------------------------------------------------------- generations


def exists(index_dir: Path) -> bool:
    """Whether a committed index lives at `index_dir`."""
    return whoosh_index.exists_in(str(whoosh_dir(index_dir)))


def _check_version(ix: Any, where: Path) -> None:
    with ix.searcher() as s:
        meta = s.document(id="meta")
    found = meta.get("schema_version") if meta else None
    if found != SCHEMA_VERSION:
        raise IndexAccessError(
            f"index at {where} has schema version {found}, this secsearch needs {SCHEMA_VERSION}",
            hint="run `secsearch ingest --rebuild`",
        )


def _open_whoosh(index_dir: Path) -> Any:
    """The Whoosh index at `index_dir`, checked against this schema version."""
    return _retrying(index_dir, lambda: _open_whoosh_once(index_dir))


def _open_whoosh_once(index_dir: Path) -> Any:
    wdir = whoosh_dir(index_dir)
    if not whoosh_index.exists_in(str(wdir)):
        raise IndexAccessError(
            f"no index at {index_dir.resolve()}",
            hint="run `secsearch ingest`, or give --index (or $SECSEARCH_INDEX) the index folder",
        )
    ix = whoosh_index.open_dir(str(wdir))
    problems = changed_files(wdir, _segment_files(ix))
    if problems:
        raise IndexDamagedError(
            f"index at {index_dir.resolve()} is damaged: {problems[0]}", hint=REBUILD_HINT
        )
    _check_version(ix, index_dir)
    return ix


def _segment_files(ix: Any) -> list[str]:
    """The files the index's current table of contents says its segments live in."""
    names: list[str] = []
    for segment in ix._segments():
        if segment.is_compound():
            names.append(segment.make_filename(segment.COMPOUND_EXT))
        else:
            names.extend(segment.list_files(ix.storage))
    return names


def _state(index_dir: Path) -> tuple[str, int]:
    """What the index currently is: its generation folder and that folder's latest TOC."""
    wdir = whoosh_dir(index_dir)
    try:
        generation = whoosh_index.version_in(str(wdir))[1] if wdir.exists() else -1
    except Exception:  # noqa: BLE001 - a damaged TOC: the state is "whatever is there"
        generation = -2
    return str(wdir), generation


def _retrying(index_dir: Path, action: Callable[[], T]) -> T:
    """`action()`, tried again only while a writer is changing the index under it.

    A commit deletes the segment files its merge replaced, and a finished --rebuild the whole
    previous generation; a reader that read the table of contents just before finds a file
    gone, and reading again picks up the new state. A failure while the index stays as it was
    is damage: one line naming what is wrong and how to fix it, never a retry loop.
    """
    deadline = time.monotonic() + RETRY_SECONDS
    while True:
        before = _state(index_dir)
        try:
            return action()
        except IndexAccessError:
            raise
        except (*DAMAGE_ERRORS, whoosh_index.EmptyIndexError) as e:
            changed = _state(index_dir) != before
            if changed and time.monotonic() < deadline:
                time.sleep(0.01)
                continue
            raise _damaged(index_dir, e) from None
        except Exception as e:  # noqa: BLE001 - garbage in a table of contents fails anyhow
            raise _damaged(index_dir, e) from None


def _damaged(index_dir: Path, error: BaseException) -> IndexDamagedError:
    kind = type(error).__name__
    if kind == "error":  # zlib.error, struct.error: the module says what failed
        kind = f"{type(error).__module__}.error"
    detail = " ".join(str(error).split())[:120] or kind
    return IndexDamagedError(
        f"index at {index_dir.resolve()} is damaged ({kind}: {detail})", hint=REBUILD_HINT
    )


def _create(index_dir: Path) -> tuple[Any, Path]:
    """A new, empty index in a fresh generation folder (not yet current), and that folder."""
    wdir = index_dir / f"{GENERATION_PREFIX}{time.time_ns():x}-{os.getpid()}"
    wdir.mkdir(parents=True)
    ix = whoosh_index.create_in(str(wdir), schema())
    w = ix.writer()
    w.add_document(id="meta", kind="meta", schema_version=SCHEMA_VERSION)
    w.commit()
    record_files(wdir)
    return ix, wdir


def _publish(index_dir: Path, wdir: Path) -> None:
    """Make `wdir` the current generation in one atomic rename: readers see old or new, whole."""
    tmp = index_dir / f"{CURRENT_GENERATION_FILE}.{os.getpid()}.tmp"
    tmp.write_text(wdir.name + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT_GENERATION_FILE)


def _remove_stale_generations(index_dir: Path) -> None:
    """Delete generation folders the pointer does not name: a killed rebuild's, or a replaced one.

    Only called under the write lock, so no writer is filling one of them.
    """
    current = whoosh_dir(index_dir).resolve()
    for d in index_dir.iterdir():
        is_generation = d.name == LEGACY_WHOOSH_DIR or d.name.startswith(GENERATION_PREFIX)
        if is_generation and d.is_dir() and d.resolve() != current:
            shutil.rmtree(d, ignore_errors=True)


def size_on_disk(index_dir: Path) -> int:
    """Bytes used by the Whoosh files (the extraction cache not included)."""
    return sum(f.stat().st_size for f in whoosh_dir(index_dir).glob("*") if f.is_file())


# --------------------------------------------------------------------------- reading


class Index:
    """An open index: a searcher on the last commit, refreshed when a writer commits.

    Caches made from the searcher (`cached`) live exactly as long as the searcher's view of the
    index: a new commit or a rebuild drops them. Thread-safe: searches take `lock`.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._generation: Path | None = None
        self._caches: dict[str, dict[Any, Any]] = {}
        self.searcher()  # fail now, with a clear message, if there is no usable index

    def searcher(self) -> Searcher:
        """The searcher on the last committed state (reopened after a commit or a rebuild)."""
        with self.lock:
            generation = whoosh_dir(self.path).resolve()
            s = self._searcher
            if s is not None and generation != self._generation:
                s.close()  # a rebuild replaced the generation this searcher reads
                s = None
            if s is not None and not s.up_to_date():
                s = _retrying(self.path, s.refresh)
            elif s is None:
                s = _retrying(self.path, lambda: _open_whoosh(self.path).searcher())
            if s is not self._searcher:
                self._caches.clear()
            self._searcher, self._generation = s, generation
            return s

    def cached(self, name: str, key: Any, build: Callable[[], T]) -> T:
        """`build()`, computed once per committed state of the index and (name, key)."""
        with self.lock:
            self.searcher()
            cache = self._caches.setdefault(name, {})
            if key not in cache:
                if len(cache) > 256:
                    cache.clear()
                cache[key] = build()
            return cache[key]  # type: ignore[no-any-return]

    @contextmanager
    def reading(self) -> Iterator[Searcher]:
        """The searcher, under the lock, with a damaged file's error turned into one line."""
        with self.lock:
            s = self.searcher()
            try:
                yield s
            except DAMAGE_ERRORS as e:
                raise _damaged(self.path, e) from None

    def size_on_disk(self) -> int:
        return size_on_disk(self.path)

    def close(self) -> None:
        with self.lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._caches.clear()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def open_index(index_dir: Path) -> Iterator[Index]:
    """The index at `index_dir`, open for searching; IndexAccessError if there is none."""
    ix = Index(index_dir)
    try:
        yield ix
    finally:
        ix.close()


# --------------------------------------------------------------------------- writing


class IndexWriter:
    """Batches of changes, each made durable by one Whoosh commit."""

    def __init__(self, ix: Any, folder: Path, *, limitmb: int = DEFAULT_LIMITMB) -> None:
        self._ix = ix
        self._folder = folder
        self._limitmb = limitmb
        self._w: Any = None

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
        return n

    def delete_paper(self, key: str) -> None:
        self._writer().delete_by_term("paper_key", key)

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
            w, self._w = self._w, None
            w.commit()
            record_files(self._folder)

    def cancel(self) -> None:
        if self._w is not None:
            w, self._w = self._w, None
            with suppress(OSError):  # the batch is dropped anyway; the last commit is on disk
                w.cancel()


@contextmanager
def writing(
    index_dir: Path, *, rebuild: bool = False, limitmb: int = DEFAULT_LIMITMB
) -> Iterator[IndexWriter]:
    """The index's writer, under the write lock; uncommitted changes are dropped on error.

    A write that fails (disk full, a read-only folder) ends in one IndexAccessError saying so;
    the last commit stays as it was.
    """
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
    index_dir: Path, papers: Iterable[Paper], *, batch_size: int = 100, rebuild: bool = False
) -> int:
    """Index Paper objects directly (each under its source path); returns the passages written."""
    total = 0
    with writing(index_dir, rebuild=rebuild) as w:
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
