"""Several processes at one index: a second writer is refused, a dead one's lock is taken over,
and readers searching while an ingest commits always see one whole committed state.

Every process here is a real subprocess, so the lock is exercised across processes, as in use.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from secsearch import index
from secsearch.index import locking
from tests.faults import with_faults

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HARNESS = Path(__file__).with_name("crash_harness.py")
PDFS = sorted(CORPUS.glob("*.pdf"))

pytestmark = [
    pytest.mark.skipif(len(PDFS) < 30, reason="sample corpus not generated"),
    pytest.mark.slow,  # real subprocesses: deselect with -m "not slow"
]


def secsearch(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "secsearch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def wait_for_lock_holder(ix: Path, pid: int, seconds: float = 30) -> None:
    lock = ix / locking.LOCK_FILE
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == str(pid):
            return
        time.sleep(0.05)
    raise AssertionError("the first ingest never took the lock")


def test_second_writer_is_refused_and_a_dead_writers_lock_is_recovered(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for pdf in PDFS[:2]:
        shutil.copy(pdf, corpus)
    # The first writer hangs on one file (as on a PDF looping in C) and so holds the lock.
    env = with_faults(hang=PDFS[1].name)
    first = secsearch("ingest", str(corpus), "--index", str(ix), "--jobs", "1", env=env)
    try:
        wait_for_lock_holder(ix, first.pid)
        second = secsearch("ingest", str(corpus), "--index", str(ix))
        out, err = second.communicate(timeout=60)
        assert second.returncode == 2  # an error, not "nothing found"
        assert out == ""
        assert err == (
            f"Error: index is busy (being written by PID {first.pid})\n"
            "hint: wait for the other ingest to finish\n"
        )
    finally:
        first.kill()
        first.communicate()
    # The killed writer's lock file still names it; the kernel dropped its lock with it.
    assert (ix / locking.LOCK_FILE).read_text().strip() == str(first.pid)
    third = secsearch("ingest", str(corpus), "--index", str(ix))
    out, err = third.communicate(timeout=120)
    assert third.returncode == 0, err
    assert "Traceback" not in err
    assert out.startswith("ingest: ")
    assert len(index.read_manifest(ix)) == 2


READER = """
import json, sys
from pathlib import Path
from click.testing import CliRunner
from secsearch.cli import main
ix, stop, out = map(Path, sys.argv[1:4])
with out.open("w") as f:
    while not stop.exists():
        r = CliRunner().invoke(main, ["search", "DCC", "--format", "json", "--limit", "10000",
                                      "--max-classification", "red", "--include-classified",
                                      "--index", str(ix)])
        ok = r.exit_code == 0 and r.exception is None
        ids = sorted(h["id"] for h in json.loads(r.stdout)) if ok else []
        f.write(json.dumps({"code": r.exit_code, "error": None if ok else r.output[-500:],
                            "exception": repr(r.exception) if r.exception else None,
                            "ids": ids}) + "\\n")
        f.flush()
"""


def test_searches_during_an_ingest_see_whole_commits(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for pdf in PDFS[:6]:
        shutil.copy(pdf, corpus)
    first = subprocess.run(
        [sys.executable, "-m", "secsearch", "ingest", str(corpus), "--index", str(ix)],
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    initial = {p: e.sha256 for p, e in index.read_manifest(ix).items()}
    for pdf in PDFS[6:]:
        shutil.copy(pdf, corpus)
    stop, seen = tmp_path / "stop", tmp_path / "seen.jsonl"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(ix), str(stop), str(seen)])
    try:
        time.sleep(1.0)  # the reader is searching before the writer starts
        log = tmp_path / "index.log"
        writer = subprocess.run(
            [sys.executable, str(HARNESS), str(log), "none", "--", "ingest", str(corpus)]
            + ["--index", str(ix), "--jobs", "1", "--batch-size", "1"],
            capture_output=True,
            text=True,
        )
        assert writer.returncode == 0, writer.stderr
    finally:
        stop.touch()
        reader.wait(timeout=60)
    observations = [json.loads(line) for line in seen.read_text().splitlines()]
    assert [o for o in observations if o["error"] or o["exception"]] == []

    # Every committed state (the harness logs the manifest after each commit), and the DCC
    # passages it holds: a passage id starts with its paper's sha256.
    states = [initial] + [r["committed"] for r in map(json.loads, log.read_text().splitlines())]
    final = _dcc_ids(ix)

    def dcc_ids(state: dict[str, str]) -> set[str]:
        prefixes = {sha[:20] for sha in state.values()}
        return {k for k in final if k.split(":")[0] in prefixes}

    allowed = [dcc_ids(state) for state in states]
    sizes = []
    for o in observations:
        assert set(o["ids"]) in allowed, "a search saw a state no commit made"
        sizes.append(len(o["ids"]))
    assert sizes == sorted(sizes), "an add-only ingest never makes a search find less"
    assert len(set(sizes)) >= 5, "the searches ran while the commits happened"


def _dcc_ids(ix: Path) -> set[str]:
    from secsearch import query

    with index.open_index(ix) as opened:
        every_level = index.Filters(max_rank=3)
        return {h.id for h in query.search(opened, "DCC", filters=every_level, limit=None).hits}


def test_a_commit_in_the_middle_of_a_search_leaves_no_stale_cache(tmp_path: Path) -> None:
    """A long-lived reader (the web app) whose search started on one commit, while an ingest
    made another: the search goes on with the commit it started on, and the next search answers
    for the new commit exactly as a freshly opened index does. (The per-commit caches once
    stored the old commit's document numbers as the new one's.)"""
    from secsearch import query
    from secsearch.index import search as whoosh_search
    from secsearch.ingest import ingest

    corpus, ix_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for pdf in PDFS[:3]:
        shutil.copy(pdf, corpus)
    first = ingest(ix_dir, [corpus], jobs=1)
    every_level = index.Filters(max_rank=3)
    with index.open_index(ix_dir) as ix:
        started = ix.searcher()  # a search has begun on the first commit …
        old = query.search(ix, "DCC", filters=every_level, limit=None).total
        for pdf in PDFS[3:8]:
            shutil.copy(pdf, corpus)
        ingest(ix_dir, [corpus], jobs=1)  # … an ingest commits meanwhile …
        # … and the search reads its candidates and ranks on the commit it started on.
        assert len(whoosh_search._filter_docs(ix, started, every_level)) == first.passages
        whoosh_search._numbers(ix, started, "class_rank")
        seen = query.search(ix, "DCC", filters=every_level, limit=None)
    with index.open_index(ix_dir) as fresh:
        expected = query.search(fresh, "DCC", filters=every_level, limit=None)
    assert seen.total == expected.total > old
    assert [h.id for h in seen.hits] == [h.id for h in expected.hits]
