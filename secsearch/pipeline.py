"""Chains the stages for many PDFs: extract → sectionize → tag, in worker processes, with a cache.

The cache is keyed by the PDF's sha256 and by the versions of the stages that produced the entry,
so an unchanged PDF is parsed once, whatever its name, and a new extractor or tagger version
invalidates old entries without anyone having to remember to clear them.
"""

from __future__ import annotations

import gc
import os
import queue
import resource
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar, cast

from .errors import BadPdfError, SecsearchError
from .extract import DEFAULT_ENGINE, DEFAULT_OCR, effective_ocr, path_text, sha256_of
from .models import FileFailure, Paper
from .workers import crash_description, run_isolated

# Bump when a change to extraction or sectioning changes the Paper it produces.
PIPELINE_VERSION = "5"
DEFAULT_TIMEOUT_SECONDS = 60
# SIGALRM in the worker stops Python-level loops at the limit with the worker kept; the parent's
# watchdog, a little later, kills a worker stuck where no signal handler runs (C code).
WATCHDOG_GRACE_SECONDS = 1.0

Result = Paper | FileFailure
# One file's work order: path, engine, OCR mode, cache folder, known sha256, time limit (s).
Task = tuple[Path, str, str, Path | None, str | None, int | None]


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- one paper


def stage_versions(engine: str, ocr: str = DEFAULT_OCR) -> str:
    """A short key naming every stage version and setting that shapes a cached Paper.

    The OCR setting is the one in effect ("auto" without Tesseract is "never"): a paper read
    without OCR is not served once Tesseract is installed, nor one read by OCR after --ocr never.
    The lifecycle rules' fingerprint is in it too: editing a rule re-tags cached papers.
    """
    from .tag.lifecycle_version import LIFECYCLE_FINGERPRINT, TAGGER_VERSION

    return (
        f"p{PIPELINE_VERSION}-t{TAGGER_VERSION}.{LIFECYCLE_FINGERPRINT}-{engine}"
        f"-ocr{effective_ocr(ocr)}"
    )


def structured_paper(path: Path, *, engine: str = DEFAULT_ENGINE, ocr: str = DEFAULT_OCR) -> Paper:
    """One PDF read and sectioned, not yet tagged; raises BadPdfError for files that are not
    papers."""
    from .extract import read_layout
    from .structure import build_paper

    return build_paper(read_layout(path, engine=engine, ocr=ocr))


def paper_from_pdf(path: Path, *, engine: str = DEFAULT_ENGINE, ocr: str = DEFAULT_OCR) -> Paper:
    """Read, sectionize and tag one PDF; raises BadPdfError for files that are not papers."""
    from .tag import tag_paper

    return tag_paper(structured_paper(path, engine=engine, ocr=ocr))


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: int | None) -> Iterator[None]:
    """Interrupt the block after `seconds`: a PDF that makes a parser loop must not hang a batch."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        # Signals only reach the main thread; elsewhere the caller's own limits apply.
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Cache:
    """Extracted papers as JSON files named by sha256 and stage versions."""

    root: Path
    versions: str

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.{self.versions}.json"

    def get(self, sha256: str) -> Paper | None:
        try:
            return Paper.model_validate_json(self.path_for(sha256).read_bytes())
        except (OSError, ValueError):
            # A missing or unreadable entry is simply a miss; the paper is extracted again.
            return None

    def put(self, sha256: str, paper: Paper) -> str | None:
        """Store the paper; why it could not be stored (one line), or None.

        A cache that cannot be written (disk full, read-only) costs speed, not papers: the
        caller goes on without it and tells the user once.
        """
        target = self.path_for(sha256)
        tmp: str | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written to a temporary file and renamed, so a crash never leaves half an entry.
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(paper.model_dump_json().encode())
            os.replace(tmp, target)
        except OSError as e:
            if tmp is not None:
                with suppress(OSError):
                    os.unlink(tmp)
            return f"cannot write the extraction cache in {path_text(self.root)} ({e.strerror})"
        return None


def process_one(
    path: Path,
    *,
    engine: str = DEFAULT_ENGINE,
    ocr: str = DEFAULT_OCR,
    cache: Cache | None = None,
    sha256: str | None = None,
    timeout: int | None = DEFAULT_TIMEOUT_SECONDS,
) -> tuple[Result, str | None]:
    """One PDF to a Paper (from the cache when possible) or a FileFailure, and why the cache
    could not be written (or None); never raises. Papers and failures name the file by
    `path_text`, as the manifest does."""
    name = path_text(path)
    try:
        digest = sha256 or sha256_of(path)
    except OSError as e:
        return FileFailure(path=name, reason=f"cannot read file ({e.strerror})"), None
    if cache and (hit := cache.get(digest)):
        return hit.model_copy(update={"source": hit.source.model_copy(update={"path": name})}), None
    try:
        with _time_limit(timeout):
            paper = paper_from_pdf(path, engine=engine, ocr=ocr)
    except _Timeout:
        return FileFailure(path=name, reason=f"took longer than {timeout} s; stopped"), None
    except BadPdfError as e:
        return FileFailure(path=name, reason=e.reason), None
    except SecsearchError as e:
        return FileFailure(path=name, reason=str(e)), None
    except RecursionError:
        return FileFailure(path=name, reason="damaged PDF: objects nested too deeply"), None
    except MemoryError:
        return FileFailure(path=name, reason="PDF too large to process in memory"), None
    except Exception as e:  # noqa: BLE001 - one bad PDF must never stop a batch
        detail = " ".join(str(e).split())[:200]  # one line, whatever the library put in it
        reason = f"cannot process PDF ({type(e).__name__}: {detail})"
        return FileFailure(path=name, reason=reason), None
    paper = paper.model_copy(update={"source": paper.source.model_copy(update={"path": name})})
    problem = cache.put(digest, paper) if cache else None
    return paper, problem


# --------------------------------------------------------------------------- many papers


@dataclass
class RunStats:
    """What a run did, for summaries and benchmarks."""

    papers: int = 0
    failures: int = 0
    pages: int = 0
    worker_peak_rss_mb: list[float] = field(default_factory=list)
    cache_problems: list[str] = field(default_factory=list)


def prepare_worker() -> None:
    """Run once in each worker process before its first file: load spaCy, then freeze the heap.

    The tagging pipeline (and whatever else is loaded by now) lives as long as the worker.
    Frozen, its many objects are left out of the cyclic GC's full collections, which
    extraction's short-lived words and lines otherwise trigger again and again: ~5% of a
    worker's CPU. Only worker processes do this; a caller's own process is left alone.
    """
    from .tag import nlp

    nlp()
    gc.collect()
    gc.freeze()


def _work(args: Task) -> tuple[Result, float, str | None]:
    path, engine, ocr, cache_root, sha256, timeout = args
    cache = Cache(cache_root, stage_versions(engine, ocr)) if cache_root else None
    result, cache_problem = process_one(
        path, engine=engine, ocr=ocr, cache=cache, sha256=sha256, timeout=timeout
    )
    return result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, cache_problem


def process_files(
    paths: Iterable[Path],
    *,
    jobs: int | None = None,
    cache: Path | None = None,
    engine: str = DEFAULT_ENGINE,
    ocr: str = DEFAULT_OCR,
    hashes: dict[Path, str] | None = None,
    timeout: int | None = DEFAULT_TIMEOUT_SECONDS,
    on_result: Callable[[Result], None] | None = None,
    stats: RunStats | None = None,
) -> Iterator[Result]:
    """Each PDF as a Paper or a FileFailure, in completion order, using `jobs` processes."""
    todo = list(paths)
    jobs = max(1, min(jobs or default_jobs(), len(todo) or 1))
    stats = stats if stats is not None else RunStats()
    tasks = [(p, engine, ocr, cache, (hashes or {}).get(p), timeout) for p in todo]

    def record(result: Result, rss: float, cache_problem: str | None) -> Result:
        if isinstance(result, Paper):
            stats.papers += 1
            stats.pages += result.page_count
        else:
            stats.failures += 1
        stats.worker_peak_rss_mb.append(rss)
        if cache_problem:
            stats.cache_problems.append(cache_problem)
        if on_result:
            on_result(result)
        return result

    if jobs == 1 and not timeout:
        # No limit to enforce and no parallelism wanted: the work can run here.
        for task in tasks:
            yield record(*_work(task))
        return
    # Each file runs alone in a worker the parent can kill: SIGALRM (in process_one) cannot
    # interrupt PDFium's C code, and a worker dying in C must cost only its own file.
    stop = threading.Event()
    outcomes = run_isolated(
        tasks,
        _work,
        jobs=jobs,
        limit=timeout + WATCHDOG_GRACE_SECONDS if timeout else None,
        on_timeout=_timed_out,
        on_crash=_crashed,
        initializer=prepare_worker,
        context=get_context("forkserver"),
        stop=stop,
    )
    for outcome in read_ahead(outcomes, depth=jobs * 4, stop=stop):
        yield record(*outcome)


T = TypeVar("T")
_READ_AHEAD_POLL_SECONDS = 0.1


def read_ahead(
    items: Iterator[T], *, depth: int, stop: threading.Event | None = None
) -> Iterator[T]:
    """`items`, drawn by a background thread up to `depth` ahead of the caller.

    A worker gets its next file only when its last result has been taken, and an ingest takes a
    result only between index writes and commits: without read-ahead the workers wait for the
    index writer, and extraction and indexing never overlap. Errors in `items` reach the caller;
    a caller that stops early (or is interrupted) sets `stop`, which `items` may watch to stop
    its workers at once rather than at its next item.
    """
    slots: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=max(1, depth))
    stop = stop if stop is not None else threading.Event()

    def put(entry: tuple[bool, object]) -> bool:
        while not stop.is_set():
            try:
                slots.put(entry, timeout=_READ_AHEAD_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def pump() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    break
            else:
                put((False, None))
        except BaseException as e:  # noqa: BLE001 - handed to the caller, who re-raises it
            put((False, e))
        finally:
            close = getattr(items, "close", None)
            if close:
                close()

    thread = threading.Thread(target=pump, name="secsearch-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            is_item, value = slots.get()
            if is_item:
                yield cast(T, value)
            elif value is None:
                return
            else:
                raise cast(BaseException, value)
    finally:
        stop.set()
        thread.join(timeout=5)


@dataclass
class Extraction:
    """Papers read from PDFs, in the order the files were given, and the files that failed."""

    papers: list[Paper]
    failures: list[FileFailure]


def extract_files(
    paths: list[Path],
    *,
    jobs: int | None = None,
    cache: Path | None = None,
    engine: str = DEFAULT_ENGINE,
    ocr: str = DEFAULT_OCR,
    timeout: int | None = DEFAULT_TIMEOUT_SECONDS,
) -> Extraction:
    """Every PDF read, sectioned and tagged (no index involved), failures listed apart."""
    results = list(
        process_files(paths, jobs=jobs, cache=cache, engine=engine, ocr=ocr, timeout=timeout)
    )
    order = {path_text(p): i for i, p in enumerate(paths)}

    def position(r: Result) -> int:
        return order.get(r.source.path if isinstance(r, Paper) else r.path, len(order))

    results.sort(key=position)
    return Extraction(
        papers=[r for r in results if isinstance(r, Paper)],
        failures=[r for r in results if isinstance(r, FileFailure)],
    )


def _timed_out(task: Task) -> tuple[Result, float, str | None]:
    """The failure reported for a file whose worker the watchdog killed."""
    reason = f"took longer than {task[5]} s; stopped"
    return FileFailure(path=path_text(task[0]), reason=reason), 0.0, None


def _crashed(task: Task, exitcode: int | None) -> tuple[Result, float, str | None]:
    """The failure reported for a file whose worker died (a crash in C code, most likely)."""
    reason = f"the PDF reader crashed ({crash_description(exitcode)}); skipped"
    return FileFailure(path=path_text(task[0]), reason=reason), 0.0, None
