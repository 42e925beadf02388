"""Chains the stages for many PDFs: extract → sectionize → tag, in worker processes, with a cache.

The cache is keyed by the PDF's sha256 and by the versions of the stages that produced the entry,
so an unchanged PDF is parsed once, whatever its name, and a new extractor or tagger version
invalidates old entries without anyone having to remember to clear them.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from .errors import BadPdfError, SecsearchError
from .extract import DEFAULT_ENGINE
from .models import FileFailure, Paper

# Bump when a change to extraction or sectioning changes the Paper it produces.
PIPELINE_VERSION = "1"
DEFAULT_TIMEOUT_SECONDS = 60

Result = Paper | FileFailure


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------- one paper


def stage_versions(engine: str) -> str:
    """A short key naming every stage version that shapes a cached Paper."""
    from .tag import TAGGER_VERSION

    return f"p{PIPELINE_VERSION}-t{TAGGER_VERSION}-{engine}"


def paper_from_pdf(path: Path, *, engine: str = DEFAULT_ENGINE) -> Paper:
    """Read, sectionize and tag one PDF; raises BadPdfError for files that are not papers."""
    from .extract import read_layout
    from .sectionize import build_paper
    from .tag import tag_paper

    return tag_paper(build_paper(read_layout(path, engine=engine)))


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

    def put(self, sha256: str, paper: Paper) -> None:
        target = self.path_for(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written to a temporary file and renamed, so a crash never leaves half an entry.
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(paper.model_dump_json().encode())
        os.replace(tmp, target)


def process_one(
    path: Path,
    *,
    engine: str = DEFAULT_ENGINE,
    cache: Path | None = None,
    sha256: str | None = None,
    timeout: int | None = DEFAULT_TIMEOUT_SECONDS,
) -> Result:
    """One PDF to a Paper (from the cache when possible) or a FileFailure; never raises."""
    try:
        digest = sha256 or sha256_of(path)
    except OSError as e:
        return FileFailure(path=str(path), reason=f"cannot read file ({e.strerror})")
    store = Cache(cache, stage_versions(engine)) if cache else None
    if store and (hit := store.get(digest)):
        return hit.model_copy(update={"source": hit.source.model_copy(update={"path": str(path)})})
    try:
        with _time_limit(timeout):
            paper = paper_from_pdf(path, engine=engine)
    except _Timeout:
        return FileFailure(path=str(path), reason=f"took longer than {timeout} s; stopped")
    except BadPdfError as e:
        return FileFailure(path=str(path), reason=e.reason)
    except SecsearchError as e:
        return FileFailure(path=str(path), reason=str(e))
    except RecursionError:
        return FileFailure(path=str(path), reason="damaged PDF: objects nested too deeply")
    except MemoryError:
        return FileFailure(path=str(path), reason="PDF too large to process in memory")
    except Exception as e:  # noqa: BLE001 - one bad PDF must never stop a batch
        return FileFailure(path=str(path), reason=f"cannot process PDF ({type(e).__name__}: {e})")
    if store:
        store.put(digest, paper)
    return paper


# --------------------------------------------------------------------------- many papers


@dataclass
class RunStats:
    """What a run did, for summaries and benchmarks."""

    papers: int = 0
    failures: int = 0
    pages: int = 0
    worker_peak_rss_mb: list[float] = field(default_factory=list)


def _work(args: tuple[Path, str, Path | None, str | None, int | None]) -> tuple[Result, float]:
    path, engine, cache, sha256, timeout = args
    result = process_one(path, engine=engine, cache=cache, sha256=sha256, timeout=timeout)
    return result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_files(
    paths: Iterable[Path],
    *,
    jobs: int | None = None,
    cache: Path | None = None,
    engine: str = DEFAULT_ENGINE,
    hashes: dict[Path, str] | None = None,
    timeout: int | None = DEFAULT_TIMEOUT_SECONDS,
    on_result: Callable[[Result], None] | None = None,
    stats: RunStats | None = None,
) -> Iterator[Result]:
    """Each PDF as a Paper or a FileFailure, in completion order, using `jobs` processes."""
    todo = list(paths)
    jobs = max(1, min(jobs or default_jobs(), len(todo) or 1))
    stats = stats if stats is not None else RunStats()
    tasks = [(p, engine, cache, (hashes or {}).get(p), timeout) for p in todo]

    def record(result: Result, rss: float) -> Result:
        if isinstance(result, Paper):
            stats.papers += 1
            stats.pages += result.page_count
        else:
            stats.failures += 1
        stats.worker_peak_rss_mb.append(rss)
        if on_result:
            on_result(result)
        return result

    if jobs == 1:
        for task in tasks:
            yield record(*_work(task))
        return
    # Fork would copy the parent's loaded index and spaCy state; a forkserver keeps workers
    # small and independent of whatever the caller had imported.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("forkserver")) as pool:
        pending: set[Future[tuple[Result, float]]] = set()
        queue = iter(tasks)
        # Keep a bounded number of tasks in flight so results stream back as a batch proceeds.
        for task in queue:
            pending.add(pool.submit(_work, task))
            if len(pending) >= jobs * 4:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield record(*fut.result())
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(_work, nxt))
