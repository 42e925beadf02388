"""Reading the `facts` records (`facts.py`): a modification's record, or every record, read once
per committed state of the index. Used by `query.history` and `query.refs`."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from .facts import FACTS_KIND, MOD_PREFIX, Entries, entries_of
from .store import Index

T = TypeVar("T")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Unpickling the year records makes hundreds of thousands of dicts and lists; each full pass
    of the collector walks all of them again, and its passes took as long as the reading. The
    objects form no cycles, so reference counting frees them; nothing is lost by waiting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cached_without_collector(ix: Index, name: str, key: Any, build: Callable[[], T]) -> T:
    """`ix.cached(name, key, build)`, with the collector paused while `build` runs."""

    def paused() -> T:
        with collector_paused():
            return build()

    return ix.cached(name, key, paused)


def facts_records(ix: Index) -> dict[str, Entries]:
    """Every facts and citation record (`facts:MP067`, `cites:2019`), cached per commit."""

    def build() -> dict[str, Entries]:
        # Read and unpickled under `reading`: a damaged record is one line, like any other.
        with ix.reading() as s:
            return {doc["id"]: entries_of(doc) for doc in s.documents(kind=FACTS_KIND)}

    return cached_without_collector(ix, "facts", "all", build)


def modification_entries(ix: Index, mod: str) -> Entries:
    """The papers' passages about one modification (by paper key), cached per commit: one record
    read."""
    record_id = f"{MOD_PREFIX}:{mod}"

    def build() -> Entries:
        with ix.reading() as s:
            doc = s.document(id=record_id)
            return entries_of(doc) if doc else {}

    return cached_without_collector(ix, "facts", record_id, build)
