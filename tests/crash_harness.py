"""Run `secsearch` in this process and SIGKILL it at a chosen point of the write path.

    python tests/crash_harness.py LOG KILL -- ingest corpus/ --index ix --batch-size 2

KILL is `none` or `WHERE:N`, the process killing itself at the Nth time it reaches WHERE:

- `add`: before the Nth paper is written (its batch, and the batch's manifest rows, uncommitted);
- `toc`: inside a Whoosh commit, after the segment files are written, before the table of
  contents that makes them visible is renamed into place;
- `aftertoc`: right after that rename, before Whoosh releases its lock and deletes old files.

The harness keeps its own record of what was committed, from the manifest rows the ingest
writes (`set_file` / `delete_file`) and the commits that returned, independent of the index.
Just before killing itself it appends to LOG the manifest ({path: sha256}) the index must hold
afterwards: the last committed one, or, for `aftertoc` inside an ingest commit, the one that
commit was making durable. Every commit that returns is logged too.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from secsearch import index
from secsearch.cli import main
from secsearch.index import records

# Set from the command line in `run`; the forkserver imports this module without running it.
log_path = kill = where = ""
target = 0
index_dir = Path()
rebuild = False
reached: dict[str, int] = {}
committed: dict[str, str] = {}
pending: dict[str, str | None] = {}
in_commit = False


def log(record: dict[str, Any]) -> None:
    with open(log_path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def after_commit() -> dict[str, str]:
    state = {**committed, **pending}
    return {p: s for p, s in state.items() if s is not None}


def point(name: str) -> None:
    """Count a visit to `name`; on the target visit, record the expected state and die."""
    reached[name] = reached.get(name, 0) + 1
    if name != where or reached[name] != target:
        return
    # A rebuild publishes its new index only at the end: until then the old one stands.
    expect = committed if rebuild else after_commit() if name == "aftertoc" and in_commit else None
    if expect is None:
        expect = committed
    log({"killed": kill, "expect": expect, "rebuild": rebuild})
    os.kill(os.getpid(), signal.SIGKILL)


def wrap(owner: Any, name: str, before: Any = None, after: Any = None) -> None:
    original = getattr(owner, name)

    def wrapper(*a: Any, **kw: Any) -> Any:
        if before:
            before(*a, **kw)
        result = original(*a, **kw)
        if after:
            after(*a, **kw)
        return result

    setattr(owner, name, wrapper)


def set_file(_self: Any, entry: records.FileEntry) -> None:
    pending[entry.path] = entry.sha256


def delete_file(_self: Any, path: str) -> None:
    pending[path] = None


def commit_starts(_self: Any) -> None:
    global in_commit
    in_commit = True


def commit_done(_self: Any) -> None:
    global committed, in_commit
    in_commit = False
    if rebuild:
        return  # the rebuilt generation is not current until the end
    committed = after_commit()
    pending.clear()
    log({"committed": committed})


def cancelled(_self: Any) -> None:
    pending.clear()


def run(argv: list[str]) -> None:
    global log_path, kill, where, target, index_dir, rebuild, committed
    log_path, kill, _, *args = argv
    where, _, count = kill.partition(":")
    target = int(count or 0)
    index_dir = Path(args[args.index("--index") + 1])
    rebuild = "--rebuild" in args
    if index.exists(index_dir):
        committed = {p: e.sha256 for p, e in index.read_manifest(index_dir).items()}
    wrap(index.IndexWriter, "add_paper", before=lambda *a, **k: point("add"))
    wrap(index.IndexWriter, "set_file", before=set_file)
    wrap(index.IndexWriter, "delete_file", before=delete_file)
    wrap(index.IndexWriter, "commit", before=commit_starts, after=commit_done)
    wrap(index.IndexWriter, "cancel", after=cancelled)
    wrap(
        whoosh_index.TOC,
        "write",
        before=lambda *a, **k: point("toc"),
        after=lambda *a, **k: point("aftertoc"),
    )

    main(args)


if __name__ == "__main__":
    run(sys.argv[1:])
