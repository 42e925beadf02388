"""Worker processes that run one task at a time, so that one task can be stopped or crash alone.

`concurrent.futures.ProcessPoolExecutor` cannot stop a single task: a PDF that makes PDFium loop
in C (where no Python signal handler runs) would hold its worker for ever, and a worker that dies
in C code breaks the whole pool (`BrokenProcessPool`), losing every file in flight. Here each
worker holds one task; the parent watches the clock and each worker's process sentinel, kills a
worker whose task runs past the limit, replaces a worker that died, and reports the task through
`on_timeout` / `on_crash` while the rest of the batch carries on.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _serve(
    conn: Connection, work: Callable[[Any], Any], initializer: Callable[[], None] | None
) -> None:
    """A worker's loop: receive a task, send back its result, until told to stop or orphaned."""
    # Ctrl-C reaches the whole process group; the parent decides what stops, and a worker
    # printing its own KeyboardInterrupt traceback would only confuse the user.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()
    try:
        while (task := conn.recv()) is not None:
            # The task's time starts now, not while the worker was still starting up.
            conn.send(STARTED)
            conn.send(work(task))
    except (EOFError, OSError):
        pass  # the parent went away (killed, or closed its end): nothing left to do


# How often a run with a stop event looks at it while workers are busy.
STOP_POLL_SECONDS = 0.2
# What a worker sends when it begins a task; its result follows.
STARTED = "started"
# A worker still starting up (loading spaCy) when its first task is due gets this long before it
# counts as stuck: start-up is not the file's time, but it must not hang a batch either.
STARTUP_SECONDS = 120.0


@dataclass
class _Worker(Generic[T]):
    process: BaseProcess
    conn: Connection
    task: T | None = None
    deadline: float = float("inf")


def crash_description(exitcode: int | None) -> str:
    """How a worker ended, in words: 'killed by signal SIGSEGV' or 'exit status 3'."""
    if exitcode is None:
        return "ended unexpectedly"
    if exitcode < 0:
        try:
            return f"killed by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


def run_isolated(
    tasks: Iterable[T],
    work: Callable[[T], R],
    *,
    jobs: int,
    limit: float | None,
    on_timeout: Callable[[T], R],
    on_crash: Callable[[T, int | None], R],
    initializer: Callable[[], None] | None = None,
    context: BaseContext | None = None,
    stop: threading.Event | None = None,
) -> Iterator[R]:
    """`work(task)` for every task in `jobs` worker processes, results in completion order.

    `work` must be picklable (a module-level function). A task still running `limit` seconds
    after the worker began it (its start-up excluded) is stopped (its worker killed) and
    reported as `on_timeout(task)`; a task whose worker dies is reported as
    `on_crash(task, exitcode)`. Either way a fresh worker takes the next task. `initializer()`
    runs once in each worker before its first task. When `stop` is set (the consumer went away,
    or the user pressed Ctrl-C), every worker is stopped within a fraction of a second.
    """
    # typeshed's BaseContext lacks Process, which every concrete context has.
    ctx: Any = context or get_context("forkserver")
    queue = iter(tasks)
    workers: list[_Worker[T]] = []

    def start() -> _Worker[T]:
        parent_end, child_end = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child_end, work, initializer), daemon=True)
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def assign(worker: _Worker[T]) -> bool:
        task = next(queue, None)
        if task is None:
            return False
        worker.task = task
        worker.deadline = (
            time.monotonic() + STARTUP_SECONDS + (limit or 0) if limit else float("inf")
        )
        # A dead worker cannot take the task; its sentinel is ready, so it is reported as a crash.
        with suppress(OSError):
            worker.conn.send(task)
        return True

    try:
        for _ in range(max(1, jobs)):
            worker = start()
            workers.append(worker)
            if not assign(worker):
                break
        while busy := [w for w in workers if w.task is not None]:
            if stop is not None and stop.is_set():
                return
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            if stop is not None:
                timeout = min(timeout, STOP_POLL_SECONDS)
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
            now = time.monotonic()
            for w in busy:
                task = w.task
                assert task is not None
                if w.conn in ready or w.process.sentinel in ready:
                    try:
                        result = w.conn.recv()
                        if result == STARTED:
                            w.deadline = now + limit if limit else float("inf")
                            continue
                    except (EOFError, OSError):
                        w.process.join()
                        result = on_crash(task, w.process.exitcode)
                        _replace(workers, w, start)
                        w = workers[-1]
                elif now >= w.deadline:
                    w.process.kill()
                    w.process.join()
                    result = on_timeout(task)
                    _replace(workers, w, start)
                    w = workers[-1]
                else:
                    continue
                w.task = None
                yield result
                assign(w)
    finally:
        _stop_all(workers)


def _replace(workers: list[_Worker[Any]], dead: _Worker[Any], start: Callable[[], Any]) -> None:
    """Swap a dead or killed worker for a fresh one, kept at the end of the list."""
    dead.conn.close()
    workers.remove(dead)
    workers.append(start())


def _stop_all(workers: list[_Worker[Any]]) -> None:
    """Ask idle workers to leave and kill busy ones (the caller stopped early or failed)."""
    for w in workers:
        if w.task is None and w.process.is_alive():
            with suppress(OSError):
                w.conn.send(None)
        else:
            w.process.kill()
    for w in workers:
        w.process.join(timeout=5)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        w.conn.close()
