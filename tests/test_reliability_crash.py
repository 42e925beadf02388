"""Crash safety: `secsearch ingest` SIGKILLed at 20 points leaves exactly the last committed state.

Each kill is a real SIGKILL of a real `ingest` subprocess over the 30 sample PDFs, with small
batches so that there are many commits to land between. `tests/crash_harness.py` kills the
process at a chosen point of the write path (before a paper is written, inside a Whoosh commit
before or after its table of contents is renamed into place) and records, from the manifest rows
the ingest wrote and the commits that returned, which manifest the index must hold afterwards.
A few kills instead come from this process after a seeded random delay, and the first chain runs
with a cold extraction cache, so kills land while worker processes are still extracting.

After every kill the index must open and hold exactly the expected manifest and exactly the
passages of the papers it names (compared with an uninterrupted ingest), and the next `ingest`
must finish the work: the final index equals the uninterrupted one, passage id by passage id,
stored field by stored field. `--rebuild` is killed too, and must leave the old index intact.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from secsearch import index, query

pytestmark = pytest.mark.slow  # real subprocesses: deselect with -m "not slow"

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HARNESS = Path(__file__).with_name("crash_harness.py")
WARM = ["--jobs", "1", "--timeout", "0"]  # in-process: the extraction cache makes workers idle


def harness(ix: Path, kill: str, *options: str) -> subprocess.CompletedProcess[str]:
    """`ingest` of the sample corpus into `ix`, killed at `kill` (or `none`)."""
    args = ["ingest", str(CORPUS), "--index", str(ix), *options]
    cmd = [sys.executable, str(HARNESS), str(log_of(ix)), kill, "--", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def log_of(ix: Path) -> Path:
    return ix.parent / f"{ix.name}.log"


def log_records(ix: Path) -> list[dict[str, Any]]:
    path = log_of(ix)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [json.loads(line) for line in lines]


def manifest(ix: Path) -> dict[str, str]:
    """{path: sha256} the index holds; {} when there is no index yet."""
    if not index.exists(ix):
        return {}
    return {p: e.sha256 for p, e in index.read_manifest(ix).items()}


def passages(ix: Path) -> dict[str, dict[str, Any]]:
    """Every passage document's stored fields, by passage id."""
    if not index.exists(ix):
        return {}
    with index.open_index(ix) as opened:
        return {d["id"]: d for d in index.documents(opened, "passage")}


def facts(ix: Path) -> dict[str, Any]:
    """The modification facts and citation records (`facts:MP067`, `cites:2019`), by id."""
    if not index.exists(ix):
        return {}
    with index.open_index(ix) as opened:
        return index.facts_records(opened)


def papers_with_facts(records: dict[str, Any]) -> set[str]:
    return {key for entries in records.values() for key in entries}


class Reference:
    """The index an uninterrupted ingest builds, and its passage ids per paper (sha256)."""

    def __init__(self, ix: Path) -> None:
        self.ix = ix
        self.manifest = manifest(ix)
        self.passages = passages(ix)
        self.facts = facts(ix)
        self.ids_by_sha: dict[str, set[str]] = {}
        for pid, doc in self.passages.items():
            self.ids_by_sha.setdefault(doc["sha256"], set()).add(pid)

    def ids_for(self, state: dict[str, str]) -> set[str]:
        return set().union(*(self.ids_by_sha[sha] for sha in state.values()))


def check_committed_state(ix: Path, ref: Reference, expect: dict[str, str]) -> None:
    """The index opens and holds exactly `expect`'s papers: manifest, passage ids and count."""
    got = manifest(ix)
    assert got == expect
    ids = set(passages(ix))
    assert ids == ref.ids_for(expect)
    # The facts records change in the same commit as the papers they come from.
    assert papers_with_facts(facts(ix)) == papers_with_facts(ref.facts) & set(expect.values())
    if expect:
        with index.open_index(ix) as opened:
            every_level = index.Filters(max_rank=3)
            assert query.stats(opened, every_level).passages == len(ids)
            query.search(opened, "DCC", limit=3)  # searchable, not only readable


def finish_and_compare(ix: Path, ref: Reference, *options: str) -> None:
    done = harness(ix, "none", *options)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert manifest(ix) == ref.manifest
    assert passages(ix) == ref.passages
    assert {k: v for k, v in facts(ix).items() if v} == {k: v for k, v in ref.facts.items() if v}


def kill_at(ix: Path, ref: Reference, point: str, *options: str) -> int:
    """One kill at a harness point, then the committed-state check; returns papers committed."""
    run = harness(ix, point, *options)
    assert run.returncode == -9, f"{point} was not reached: {run.stdout}{run.stderr}"
    record = log_records(ix)[-1]
    assert record["killed"] == point
    check_committed_state(ix, ref, record["expect"])
    return len(record["expect"])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if len(list(CORPUS.glob("*.pdf"))) < 30:
        pytest.skip("sample corpus not generated")
    return tmp_path_factory.mktemp("crash")


@pytest.fixture(scope="module")
def cold_chain(workdir: Path) -> list[dict[str, Any]]:
    """Five kills starting from nothing: no index, no extraction cache, two worker processes.

    What each kill left is recorded here and checked against the reference (which needs the
    cache this chain warms) in the test.
    """
    ix = workdir / "cold"
    seen = []
    for point in ["add:3", "toc:3", "add:6", "aftertoc:5", "toc:4"]:
        run = harness(ix, point, "--jobs", "2", "--batch-size", "2")
        assert run.returncode == -9, f"{point} was not reached: {run.stdout}{run.stderr}"
        cached = len(list((ix / "cache").rglob("*.json")))
        record = log_records(ix)[-1]
        seen.append(
            {**record, "manifest": manifest(ix), "ids": set(passages(ix)), "cached": cached}
        )
    return seen


@pytest.fixture(scope="module")
def reference(workdir: Path, cold_chain: list[dict[str, Any]]) -> Reference:
    """An uninterrupted ingest, its extraction cache warmed by the cold chain first."""
    ix = workdir / "reference"
    ix.mkdir()
    shutil.copytree(workdir / "cold" / "cache", ix / "cache")
    done = harness(ix, "none", *WARM, "--batch-size", "2")
    assert done.returncode == 0, done.stderr
    ref = Reference(ix)
    assert len(ref.manifest) == 30 and len(ref.passages) > 500
    return ref


def warm_copy(ref: Reference, where: Path) -> Path:
    """A fresh index folder holding only the reference's extraction cache."""
    where.mkdir()
    shutil.copytree(ref.ix / "cache", where / "cache")
    return where


def test_cold_cache_kills_leave_the_last_commit(
    cold_chain: list[dict[str, Any]], reference: Reference, workdir: Path
) -> None:
    for seen in cold_chain:
        assert seen["manifest"] == seen["expect"], seen["killed"]
        assert seen["ids"] == reference.ids_for(seen["expect"]), seen["killed"]
    # The first kills came while the workers were still extracting (cache entries missing).
    assert [seen["cached"] < 30 for seen in cold_chain[:2]] == [True, True]
    assert [len(seen["expect"]) for seen in cold_chain] == sorted(
        len(seen["expect"]) for seen in cold_chain
    )
    finish_and_compare(workdir / "cold", reference, "--jobs", "2", "--batch-size", "2")


def test_kills_at_write_points_then_reingest(reference: Reference, tmp_path: Path) -> None:
    ix = warm_copy(reference, tmp_path / "points")
    points = ["add:2", "toc:3", "aftertoc:4", "add:4", "add:5", "toc:6", "aftertoc:3"]
    committed = [kill_at(ix, reference, point, *WARM, "--batch-size", "1") for point in points]
    # Each run resumes where the last commit left off: add:N keeps N-1 papers, toc:N keeps
    # N-1 commits, aftertoc:N keeps N.
    assert committed == [1, 3, 7, 10, 14, 19, 22]
    finish_and_compare(ix, reference, *WARM, "--batch-size", "1")


def test_kills_after_random_delays_then_reingest(reference: Reference, tmp_path: Path) -> None:
    ix = warm_copy(reference, tmp_path / "random")
    rng = random.Random(6)
    args = [sys.executable, str(HARNESS), str(log_of(ix)), "none", "--", "ingest", str(CORPUS)]
    args += ["--index", str(ix), *WARM, "--batch-size", "1"]
    kills = 0
    for _ in range(10):
        # Each attempt starts from an empty index (cache kept), so that there is always a
        # whole ingest's worth of commits for the random moment to fall among.
        for d in ix.iterdir():
            if d.name != "cache":
                shutil.rmtree(d) if d.is_dir() else d.unlink()
        log_of(ix).unlink(missing_ok=True)
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.kill()
        _, err = proc.communicate()
        assert "Traceback" not in err
        if proc.returncode != -9:
            continue  # finished before the moment came: not a kill point
        kills += 1
        logged = [r["committed"] for r in log_records(ix) if "committed" in r]
        last = (logged or [{}])[-1]
        got = manifest(ix)
        # SIGKILL may land between a commit's rename and the harness logging it: then the
        # index is exactly one batch (one paper) ahead of the log, never in between.
        assert got.items() >= last.items() and len(got) - len(last) in (0, 1)
        check_committed_state(ix, reference, got)
        if kills == 5:
            break
    assert kills == 5
    finish_and_compare(ix, reference, *WARM, "--batch-size", "1")


def test_killed_rebuild_leaves_the_old_index(reference: Reference, tmp_path: Path) -> None:
    ix = tmp_path / "rebuild"
    shutil.copytree(reference.ix, ix)
    # toc:17 is the last batch's commit (create, meta, then 15 batches of 2): only the pointer
    # swap is left when it dies.
    for point in ["add:12", "toc:8", "aftertoc:17"]:
        kill_at(ix, reference, point, *WARM, "--batch-size", "2", "--rebuild")
        assert log_records(ix)[-1]["expect"] == reference.manifest
    assert len([d for d in ix.iterdir() if d.name.startswith("whoosh-")]) == 2  # old + orphan
    finish_and_compare(ix, reference, *WARM, "--batch-size", "2", "--rebuild")
    assert [d.name for d in ix.iterdir() if d.name.startswith("whoosh-")] == [
        (ix / "CURRENT").read_text().strip()
    ]
