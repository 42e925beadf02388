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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from ..config import CURRENT_GENERATION_FILE, LEGACY_WHOOSH_DIR, whoosh_dir
from ..errors import IndexAccessError, IndexDamagedError
from .backend import TANTIVY_GENERATION_PREFIX as TANTIVY_PREFIX
from .backend import WHOOSH_GENERATION_PREFIX, backend_named, backend_of, write_metadata
from .integrity import DAMAGE_ERRORS, changed_files, record_files
from .schema import SCHEMA_VERSION, schema
from .whoosh_query import TantivyBm25

GENERATION_PREFIX = WHOOSH_GENERATION_PREFIX
# How long a reader keeps trying while a writer is replacing the files it reads; a failure that
# persists without the index changing is damage, reported at once.
RETRY_SECONDS = 2.0
REBUILD_HINT = "run `secsearch ingest --rebuild` (the extraction cache makes it quick)"

if TYPE_CHECKING:  # tantivy is optional: imported only to open an index built with it
    from .tantivy_store import TantivyReader

T = TypeVar("T")


# --------------------------------------------------------------------------- generations


def exists(index_dir: Path) -> bool:
    """Whether a committed index lives at `index_dir`."""
    folder = whoosh_dir(index_dir)
    if backend_of(folder) == "tantivy":
        return (folder / "meta.json").exists()
    try:
        return bool(whoosh_index.exists_in(str(folder)))
    except Exception:  # noqa: BLE001 - a damaged table of contents: an index, damaged, is there
        return True


def backend_in_use(index_dir: Path) -> str | None:
    """The engine the index at `index_dir` was built with; None when there is no index."""
    return backend_of(whoosh_dir(index_dir)) if exists(index_dir) else None


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


def _open_tantivy(index_dir: Path, folder: Path) -> TantivyReader:
    """The tantivy index in `folder`, checked for damage and against this schema version;
    IndexAccessError when tantivy is not installed here."""
    backend_named("tantivy")
    from . import tantivy_backend
    from .tantivy_store import TantivyReader

    problems = changed_files(folder, tantivy_backend.committed_files(folder))
    if problems:
        raise IndexDamagedError(
            f"index at {index_dir.resolve()} is damaged: {problems[0]}", hint=REBUILD_HINT
        )
    reader = TantivyReader(folder)
    meta = reader.document(id="meta")
    found = meta.get("schema_version") if meta else None
    if found != SCHEMA_VERSION:
        raise IndexAccessError(
            f"index at {index_dir} has schema version {found}, this secsearch needs "
            f"{SCHEMA_VERSION}",
            hint="run `secsearch ingest --rebuild`",
        )
    return reader


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
    if backend_of(wdir) == "tantivy":
        meta = wdir / "meta.json"
        return str(wdir), meta.stat().st_mtime_ns if meta.exists() else -1
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
    write_metadata(wdir, "whoosh", SCHEMA_VERSION)
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
        is_generation = d.name == LEGACY_WHOOSH_DIR or d.name.startswith(
            (GENERATION_PREFIX, TANTIVY_PREFIX)
        )
        if is_generation and d.is_dir() and d.resolve() != current:
            shutil.rmtree(d, ignore_errors=True)


def size_on_disk(index_dir: Path) -> int:
    """Bytes used by the index files (the extraction cache not included)."""
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
        self.backend = backend_of(whoosh_dir(self.path))
        self._tantivy: TantivyReader | None = None
        self._searcher: Searcher | None = None
        self._generation: Path | None = None
        self._caches: dict[str, dict[Any, Any]] = {}
        self.searcher()  # fail now, with a clear message, if there is no usable index

    def searcher(self) -> Any:
        """The searcher on the last committed state (reopened after a commit or a rebuild): a
        Whoosh `Searcher`, or a `TantivyReader` for an index built with tantivy."""
        if self.backend == "tantivy":
            return self._tantivy_reader()
        with self.lock:
            generation = whoosh_dir(self.path).resolve()
            s = self._searcher
            if s is not None and generation != self._generation:
                s.close()  # a rebuild replaced the generation this searcher reads
                s = None
            if s is not None and not s.up_to_date():
                s = _retrying(self.path, s.refresh)
            elif s is None:
                s = _retrying(
                    self.path, lambda: _open_whoosh(self.path).searcher(weighting=TantivyBm25())
                )
            if s is not self._searcher:
                self._caches.clear()
            self._searcher, self._generation = s, generation
            return s

    def _tantivy_reader(self) -> TantivyReader:
        with self.lock:
            folder = whoosh_dir(self.path).resolve()
            r = self._tantivy
            if r is None or r.folder != folder:
                self._caches.clear()
                r = self._tantivy = _retrying(self.path, lambda: _open_tantivy(self.path, folder))
            elif not r.up_to_date():
                self._caches.clear()
                r.refreshed()
            return r

    def cached(self, name: str, key: Any, build: Callable[[], T], *, on: Any = None) -> T:
        """`build()`, computed once per committed state of the index and (name, key).

        `on` is the searcher `build` reads, when the caller holds one: its answer is kept only
        while that searcher reads the current state. (Without `on` the state is brought up to
        date first, and `build` must read `ix.searcher()` itself.) A search that started on one
        commit goes on reading that commit: refreshing here, mid-search, once stored the old
        commit's document numbers as the new one's, and the next searches applied them to
        other documents (a classification ceiling checked against another passage's rank).
        """
        with self.lock:
            if on is None:
                self.searcher()
            elif on is not self._current_snapshot():
                return build()
            cache = self._caches.setdefault(name, {})
            if key not in cache:
                if len(cache) > 256:
                    cache.clear()
                cache[key] = build()
            return cache[key]  # type: ignore[no-any-return]

    def _current_snapshot(self) -> Any:
        """The searcher of the state the caches belong to (Whoosh's, or tantivy's own)."""
        if self.backend == "tantivy":
            return self._tantivy.searcher if self._tantivy is not None else None
        return self._searcher

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
            self._tantivy = None
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
