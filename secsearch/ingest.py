"""Incremental ingest: bring the index in step with a set of PDFs, in crash-safe batches.

A file is processed only when its content (sha256) is not indexed yet: an unchanged file costs a
stat (size and mtime match the manifest) and a renamed or duplicated file costs a hash. Each batch
commit carries the papers it adds, the manifest rows that point at them and the removal of the
papers those rows replaced, so the manifest never disagrees with the documents.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import config
from .extract import DEFAULT_ENGINE, DEFAULT_OCR, pdfs_under, sha256_of
from .index import FileEntry, IndexWriter, writing
from .models import FileFailure, Paper, Source
from .pipeline import process_files

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
    for pdf in pdfs:
        key, st = str(pdf), pdf.stat()
        old = manifest.get(key)
        if old and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            unchanged += 1
            continue
        sha = sha256_of(pdf)
        if sha in indexed:
            passages = next(e.passages for e in manifest.values() if e.sha256 == sha)
            keep[key] = FileEntry(key, sha, st.st_size, st.st_mtime_ns, passages)
            unchanged += old is not None and old.sha256 == sha
        else:
            process.setdefault(sha, []).append((pdf, st))
    seen = {str(p) for p in pdfs}
    drop = [p for p in manifest if p not in seen and _covered(p, roots)]
    return Plan(keep=keep, process=process, drop_paths=drop, unchanged=unchanged)


class ManifestUpdater:
    """Applies manifest changes and drops papers no manifest row points at any more."""

    def __init__(self, writer: IndexWriter, manifest: dict[str, FileEntry]) -> None:
        self.w = writer
        self.manifest = dict(manifest)

    def apply(self, set_files: Iterable[FileEntry], drop_paths: Iterable[str]) -> None:
        touched: set[str] = set()
        for entry in set_files:
            if entry.path in self.manifest:
                touched.add(self.manifest[entry.path].sha256)
            self.manifest[entry.path] = entry
            self.w.set_file(entry)
        for path in drop_paths:
            if path in self.manifest:
                touched.add(self.manifest.pop(path).sha256)
                self.w.delete_file(path)
        live = {e.sha256 for e in self.manifest.values()}
        for sha in touched - live:
            self.w.delete_paper(sha)


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
    batch_size: int = 100,
    iter_wrapper: IterWrapper | None = None,
    process: Processor | None = None,
) -> IngestSummary:
    """Index new and changed PDFs under `paths`, drop removed ones; returns what happened.

    Files are read by `pipeline.process_files` (`jobs` workers, `engine`, `ocr` mode, a per-file
    `timeout` in seconds, the extraction cache beside the index unless `use_cache` is off);
    `process` replaces that reader (tests watch which files an incremental ingest reads).
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
            )

    started = time.perf_counter()
    summary = IngestSummary()
    roots = [p.resolve() for p in paths]
    pdfs = [p.resolve() for p in pdfs_under(paths)]
    with writing(index_dir, rebuild=rebuild) as w:
        manifest = {} if rebuild else w.manifest()
        todo = plan(manifest, roots, pdfs)
        summary.unchanged = todo.unchanged
        batch = ManifestUpdater(w, manifest)
        removed_before = {manifest[p].sha256 for p in todo.drop_paths}
        batch.apply(todo.keep.values(), todo.drop_paths)
        w.commit()
        live = {e.sha256 for e in batch.manifest.values()}
        summary.removed = len(removed_before - live)
        _process_all(batch, todo, process, summary, batch_size, iter_wrapper)
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
    first_paths = [files[0][0] for files in todo.process.values()]
    hashes = {files[0][0]: sha for sha, files in todo.process.items()}
    sha_of_path = {str(p): sha for p, sha in hashes.items()}
    results: Iterator[Result] = iter(process(first_paths, hashes))
    if iter_wrapper:
        results = iter_wrapper(results, len(first_paths))
    pending = 0
    for result in results:
        if isinstance(result, FileFailure):
            sha = sha_of_path.get(str(Path(result.path).resolve()), "")
            files = todo.process.get(sha, [])
            # Files with the same bytes were read once; each of them failed and is reported.
            same = [FileFailure(path=str(p), reason=result.reason) for p, _ in files]
            summary.failures += same or [result]
            summary.failed += len(same) or 1
            batch.apply([], [str(p) for p, _ in files])
            continue
        sha = result.source.sha256
        if sha not in todo.process:
            sha = sha_of_path.get(str(Path(result.source.path).resolve()), sha)
            result = result.model_copy(
                update={"source": Source(path=result.source.path, sha256=sha)}
            )
        files = todo.process.get(sha, [])
        n = batch.w.add_paper(result)
        updated = any(str(p) in batch.manifest for p, _ in files)
        summary.updated += updated
        summary.added += not updated
        summary.passages += n
        batch.apply([FileEntry(str(p), sha, st.st_size, st.st_mtime_ns, n) for p, st in files], [])
        pending += 1
        if pending >= batch_size:
            batch.w.commit()
            pending = 0
