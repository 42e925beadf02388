"""Hostile input: one `ingest` over 300+ broken PDFs completes, and each file fails alone.

The folder comes from `tests/hostile_pdfs.py` (fixed seed). Two more files stand for what the
generator cannot make on demand: a PDF on which the parser hangs in C code and one on which it
crashes. They are ordinary sample papers; `SECSEARCH_TEST_WORKER_FAULT` makes the worker block
SIGALRM and sleep on the first (so only the parent's watchdog can stop it) and SIGSEGV on the
second. The ingest runs as a subprocess, exactly as a user would run it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_pdfs import HostileCorpus, write_hostile_corpus

from secsearch import index
from tests.faults import with_faults

pytestmark = pytest.mark.slow  # real subprocesses: deselect with -m "not slow"

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf"), key=lambda p: p.stat().st_size)
# Seconds per file, for this test (the default is 60): short, so the hanging file is stopped
# soon, yet long enough for OCR to read the image-only page on a busy 2-core machine.
LIMIT = 8
ERROR_LINE = re.compile(r"^error: (?P<path>.+\.pdf): (?P<reason>.+)$", re.I)
# A damaged copy that still reads, but whose classification footer was hit, is indexed and named.
UNCLASSIFIED_LINE = re.compile(
    r"^warning: (?P<path>.+\.pdf): states no classification; handled as Red$", re.I
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, HostileCorpus]:
    if len(PDFS) < 10:
        pytest.skip("sample corpus not generated")
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    corpus = write_hostile_corpus(folder, samples=PDFS[:3], good=PDFS[3:6])
    shutil.copy(PDFS[6], folder / "hangs the parser.pdf")
    shutil.copy(PDFS[7], folder / "crashes the parser.pdf")
    corpus.must_fail["hangs the parser.pdf"] = f"took longer than {LIMIT} s; stopped"
    corpus.must_fail["crashes the parser.pdf"] = (
        "the PDF reader crashed (killed by signal SIGSEGV); skipped"
    )
    return folder, corpus


def test_generator_makes_at_least_300_broken_pdfs(hostile: tuple[Path, HostileCorpus]) -> None:
    folder, corpus = hostile
    broken = len(corpus.must_fail) + len(corpus.either)
    assert broken >= 300
    assert sorted(p.name for p in folder.iterdir()) == sorted(corpus.pdfs + corpus.ignored)


def test_ingest_of_a_hostile_folder(hostile: tuple[Path, HostileCorpus], tmp_path: Path) -> None:
    folder, corpus = hostile
    ix = tmp_path / "index"
    env = with_faults(hang="hangs the parser.pdf", crash="crashes the parser.pdf")
    env["SECSEARCH_TIMEOUT"] = str(LIMIT)
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "secsearch", "ingest", str(folder), "--index", str(ix)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    elapsed = time.monotonic() - started
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1  # some files failed; the batch still completed

    # stderr is nothing but one `error: PATH: reason` line per failed file, and one warning line
    # per indexed file that states no classification.
    failures: dict[str, str] = {}
    unclassified: set[str] = set()
    for line in run.stderr.splitlines():
        if w := UNCLASSIFIED_LINE.match(line):
            unclassified.add(Path(w["path"]).name)
            continue
        m = ERROR_LINE.match(line)
        assert m, f"not an error line: {line!r}"
        name = Path(m["path"]).name
        assert name not in failures, f"{name} reported twice"
        failures[name] = m["reason"]
    indexed = {Path(p).name for p in index.read_manifest(ix)}
    assert unclassified <= indexed

    # Every PDF is accounted for exactly once: indexed or reported, never both, never lost.
    assert not indexed & failures.keys()
    assert indexed | failures.keys() == set(corpus.pdfs)
    assert not set(corpus.ignored) & (indexed | failures.keys())
    for name, reason in corpus.must_fail.items():
        assert failures.get(name) == reason, name
    assert set(corpus.must_index) <= indexed
    summary = run.stdout.strip().splitlines()[-1]
    assert summary.startswith(
        f"ingest: {len(indexed)} added, 0 updated, 0 removed, {len(failures)} failed, "
    )
    # Per-file time is bounded: the hanging file cost the limit plus the watchdog's grace.
    assert elapsed < 120
