"""Incremental ingest: bring the index in step with a set of PDFs, in crash-safe batches.

A file is processed only when its content (sha256) is not indexed yet: an unchanged file costs a
stat (size and mtime match the manifest) and a renamed or duplicated file costs a hash. Each batch
commit carries the papers it adds, the manifest rows that point at them and the removal of the
papers those rows replaced, so the manifest never disagrees with the documents.
"""

from __future__ import annotations

import errno
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import config
from .errors import SecsearchError
from .extract import DEFAULT_ENGINE, DEFAULT_OCR, find_pdfs, path_text, resolved, sha256_of
from .index import FileEntry, IndexWriter, read_manifest, writing
from .models import FileFailure, Paper, Source
from .pipeline import Cache, RunStats, process_files, stage_versions

Result = Paper | FileFailure
Processor = Callable[[list[Path], dict[Path, str]], Iterable[Result]]
IterWrapper = Callable[[Iterator[Result], int], Iterator[Result]]


@dataclass
class IngestSummary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    failed: int = 0
    unchanged: int = 0
    passages: int = 0
    seconds: float = 0.0
    failures: list[FileFailure] = field(default_factory=list)
    # Files added whose paper states no classification: handled as Red, and the user is told.
    unclassified: list[str] = field(default_factory=list)
    # (path, reason) of things named .pdf that are not files to read (links, FIFOs, folders).
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # Why the extraction cache could not be written, once per reason (ingest goes on without).
    cache_problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.failed} failed, {self.passages} passages, {self.seconds:.1f} s"
        )


@dataclass
class Plan:
    """What an ingest has to do, worked out from the manifest and the files on disk."""

    keep: dict[str, FileEntry]
    process: dict[str, list[tuple[Path, os.stat_result]]]
    drop_paths: list[str]
    unchanged: int
    failures: list[FileFailure] = field(default_factory=list)


def _covered(path: str, roots: list[Path]) -> bool:
    """Whether a manifest path was in scope of this run (under a given folder, or given itself)."""
    p = Path(path)
    return any(p == r or r in p.parents for r in roots) or not p.exists()


def plan(manifest: dict[str, FileEntry], roots: list[Path], pdfs: list[Path]) -> Plan:
    """Which files are unchanged, which contents need processing and which paths are gone."""
    indexed = {e.sha256 for e in manifest.values()}
    keep: dict[str, FileEntry] = {}
    process: dict[str, list[tuple[Path, os.stat_result]]] = {}
    unchanged = 0
    failures: list[FileFailure] = []
    for pdf in pdfs:
        key = path_text(pdf)
        try:
            st = pdf.stat()
            old = manifest.get(key)
            if old and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
                unchanged += 1
                continue
            sha = sha256_of(pdf)
        except OSError as e:
            # Listed a moment ago, gone or unreadable now: that file fails, the batch goes on.
            reason = "vanished before it could be read" if e.errno == errno.ENOENT else e.strerror
            failures.append(FileFailure(path=key, reason=reason or type(e).__name__))
            continue
        if sha in indexed:
            passages = next(e.passages for e in manifest.values() if e.sha256 == sha)
            keep[key] = FileEntry(key, sha, st.st_size, st.st_mtime_ns, passages)
            unchanged += old is not None and old.sha256 == sha
        else:
            process.setdefault(sha, []).append((pdf, st))
    seen = {path_text(p) for p in pdfs}
    # A file that failed just now is not dropped: it may only be passing (moved, rewritten).
    seen |= {f.path for f in failures}
    drop = [p for p in manifest if p not in seen and _covered(p, roots)]
    return Plan(keep=keep, process=process, drop_paths=drop, unchanged=unchanged, failures=failures)


class ManifestUpdater:
    """Applies manifest changes, drops papers no manifest row points at any more, and keeps the
    list of failed files current (a file indexed or gone has no failure to remember)."""

    def __init__(self, writer: IndexWriter, manifest: dict[str, FileEntry]) -> None:
        self.w = writer
        self.manifest = dict(manifest)
        # How many manifest rows hold each content: a paper goes when its last row does. (Kept
        # as counts, not recomputed from the manifest per file: that was quadratic in papers.)
        self._rows_of = Counter(e.sha256 for e in self.manifest.values())

    def apply(self, set_files: Iterable[FileEntry], drop_paths: Iterable[str]) -> None:
        touched: set[str] = set()
        for entry in set_files:
            if entry.path in self.manifest:
                touched.add(self._unset(entry.path))
            self.manifest[entry.path] = entry
            self._rows_of[entry.sha256] += 1
            self.w.set_file(entry)
            self.w.delete_failure(entry.path)
        for path in drop_paths:
            if path in self.manifest:
                touched.add(self._unset(path))
                self.w.delete_file(path)
        for sha in touched:
            if not self._rows_of[sha]:
                self.w.delete_paper(sha)

    def _unset(self, path: str) -> str:
        """Take a row out of the manifest; the content it held."""
        sha = self.manifest.pop(path).sha256
        self._rows_of[sha] -= 1
        return sha

    def failed(self, failures: Iterable[FileFailure]) -> None:
        for f in failures:
            self.w.set_failure(f.path, f.reason)


def ingest(
    index_dir: Path,
    paths: list[Path],
    *,
    jobs: int | None = None,
    engine: str = DEFAULT_ENGINE,
    ocr: str = DEFAULT_OCR,
    timeout: int | None = None,
    use_cache: bool = True,
    rebuild: bool = False,
    batch_size: int = config.DEFAULT_BATCH_SIZE,
    backend: str | None = None,
    iter_wrapper: IterWrapper | None = None,
    process: Processor | None = None,
) -> IngestSummary:
    """Index new and changed PDFs under `paths`, drop removed ones; returns what happened.

    Files are read by `pipeline.process_files` (`jobs` workers, `engine`, `ocr` mode, a per-file
    `timeout` in seconds, the extraction cache beside the index unless `use_cache` is off);
    `process` replaces that reader (tests watch which files an incremental ingest reads).
    `backend` picks the search engine (whoosh or tantivy) of a new index; an index keeps its
    engine, and naming another one rebuilds it.
    """
    if process is None:
        cache = config.cache_dir(index_dir) if use_cache else None
        limit = config.file_timeout(timeout)

        def process(todo: list[Path], hashes: dict[Path, str]) -> Iterable[Result]:
            return process_files(
                todo,
                jobs=jobs,
                cache=cache,
                engine=engine,
                ocr=ocr,
                hashes=hashes,
                timeout=limit,
                stats=run_stats,
            )

    started = time.perf_counter()
    summary = IngestSummary()
    run_stats = RunStats()
    roots = [p.resolve() for p in paths]
    found = find_pdfs(paths)
    summary.skipped = found.skipped
    pdfs = resolved(found.pdfs)
    if not pdfs and not _indexed_under(index_dir, roots):
        shown = ", ".join(str(r) for r in roots)
        raise SecsearchError(
            f"no PDF files under {shown}",
            hint="give the folder that holds the papers (or set $SECSEARCH_CORPUS)",
        )
    with writing(index_dir, rebuild=rebuild, backend=backend) as w:
        manifest = {} if rebuild else w.manifest()
        todo = plan(manifest, roots, pdfs)
        summary.unchanged = todo.unchanged
        summary.failures += todo.failures
        summary.failed += len(todo.failures)
        batch = ManifestUpdater(w, manifest)
        removed_before = {manifest[p].sha256 for p in todo.drop_paths}
        batch.apply(todo.keep.values(), todo.drop_paths)
        batch.failed(todo.failures)
        _forget_fixed_failures(w, roots, pdfs)
        if not rebuild and _paths_moved(manifest, todo):
            _relocate_renamed(w, batch, todo, engine, ocr, config.cache_dir(index_dir))
        w.commit()
        live = {e.sha256 for e in batch.manifest.values()}
        summary.removed = len(removed_before - live)
        _process_all(batch, todo, process, summary, batch_size, iter_wrapper)
    summary.cache_problems = sorted(set(run_stats.cache_problems))
    summary.seconds = time.perf_counter() - started
    return summary


def _process_all(
    batch: ManifestUpdater,
    todo: Plan,
    process: Processor,
    summary: IngestSummary,
    batch_size: int,
    iter_wrapper: IterWrapper | None,
) -> None:
    if not todo.process:
        return  # nothing to read: no worker pool to start (a no-op ingest costs a stat per file)
    first_paths = [files[0][0] for files in todo.process.values()]
    hashes = {files[0][0]: sha for sha, files in todo.process.items()}
    # Workers name files by path_text, as the manifest does.
    sha_of_path = {path_text(p): sha for p, sha in hashes.items()}
    results: Iterator[Result] = iter(process(first_paths, hashes))
    if iter_wrapper:
        results = iter_wrapper(results, len(first_paths))
    pending = 0
    for result in results:
        if isinstance(result, FileFailure):
            sha = sha_of_path.get(result.path, "")
            files = todo.process.get(sha, [])
            # Files with the same bytes were read once; each of them failed and is reported.
            same = [FileFailure(path=path_text(p), reason=result.reason) for p, _ in files]
            summary.failures += same or [result]
            summary.failed += len(same) or 1
            batch.apply([], [path_text(p) for p, _ in files])
            batch.failed(same or [result])
            continue
        sha = result.source.sha256
        if sha not in todo.process:
            sha = sha_of_path.get(result.source.path, sha)
            result = result.model_copy(
                update={"source": Source(path=result.source.path, sha256=sha)}
            )
        files = todo.process.get(sha, [])
        n = batch.w.add_paper(result)
        updated = any(path_text(p) in batch.manifest for p, _ in files)
        summary.updated += updated
        summary.added += not updated
        summary.passages += n
        if result.classification is None:
            summary.unclassified += [path_text(p) for p, _ in files]
        entries = [FileEntry(path_text(p), sha, st.st_size, st.st_mtime_ns, n) for p, st in files]
        batch.apply(entries, [])
        pending += 1
        if pending >= batch_size:
            batch.w.commit()
            pending = 0


def _indexed_under(index_dir: Path, roots: list[Path]) -> bool:
    """Whether the index already holds files under the roots (an emptied folder is a removal,
    not a mistake)."""
    return any(_covered(path, roots) for path in read_manifest(index_dir))


def _forget_fixed_failures(w: IndexWriter, roots: list[Path], pdfs: list[Path]) -> None:
    """Drop remembered failures of files under the roots that are no longer there."""
    present = {path_text(p) for p in pdfs}
    for path in w.failed_paths():
        if path not in present and _covered(path, roots):
            w.delete_failure(path)


def _paths_moved(manifest: dict[str, FileEntry], todo: Plan) -> bool:
    """Whether an indexed content now sits at a path the manifest does not know, or lost one:
    only then can a paper's records name a file that is gone. (Checking costs a read of every
    paper record, which a no-op ingest of a large index should not pay.)"""
    return bool(todo.drop_paths) or any(path not in manifest for path in todo.keep)


def _relocate_renamed(
    w: IndexWriter, batch: ManifestUpdater, todo: Plan, engine: str, ocr: str, cache_root: Path
) -> None:
    """Point papers whose file was renamed or moved at the path the file has now.

    The paper's records are rewritten from the extraction cache (no PDF is read again); a paper
    the cache does not hold is read again like a new file.
    """
    live: dict[str, list[str]] = {}
    for path, entry in batch.manifest.items():
        live.setdefault(entry.sha256, []).append(path)
    cache = Cache(cache_root, stage_versions(engine, ocr))
    for sha, source in w.paper_sources().items():
        paths = sorted(live.get(sha, []))
        if not paths or source in paths:
            continue
        paper = cache.get(sha)
        w.delete_paper(sha)
        if paper is None:
            entry = batch.manifest[paths[0]]
            todo.process.setdefault(sha, []).append((Path(paths[0]), _stat_of(paths[0], entry)))
            continue
        w.add_paper(paper.model_copy(update={"source": Source(path=paths[0], sha256=sha)}))


def _stat_of(path: str, entry: FileEntry) -> os.stat_result:
    """The file's stat (for a manifest row), or one made of the row when the file is gone."""
    try:
        return os.stat(path)
    except OSError:
        return os.stat_result((0, 0, 0, 0, 0, 0, entry.size, 0, 0, 0))
