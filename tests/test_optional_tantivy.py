"""tantivy is optional: without it secsearch imports, ingests and searches with Whoosh, and asking
for tantivy (or opening an index built with it) ends in one line with the install hint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_CORPUS, tantivy_installed

# `python -c` with the tantivy module made unimportable, as where it was never installed.
WITHOUT_TANTIVY = (
    "import sys; sys.modules['tantivy'] = None; from secsearch.cli import main; main()"
)
NOT_INSTALLED = (
    "Error: the tantivy backend is not installed\n"
    "hint: pip install 'secsearch[tantivy]', or use --backend whoosh\n"
)
PAPER = "2016-02-12_SECP_29_1902_03.pdf"


def without_tantivy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_TANTIVY, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    source = SAMPLE_CORPUS / PAPER
    if not source.exists():
        pytest.skip("sample corpus not generated")
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / PAPER).write_bytes(source.read_bytes())
    return folder


@pytest.mark.slow
def test_whoosh_works_without_tantivy_and_tantivy_is_refused_in_one_line(
    papers: Path, tmp_path: Path
) -> None:
    ingested = without_tantivy("ingest", str(papers), "--index", "ix", cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stdout.startswith("ingest: 1 added, 0 updated, 0 removed, 0 failed, 9 passages")

    found = without_tantivy("search", "Panel", "--index", "ix", "--limit", "1", cwd=tmp_path)
    assert (found.returncode, found.stdout.splitlines()[-1]) == (0, "1 matching passage · 2016: 1")

    refused = without_tantivy(
        "ingest", str(papers), "--index", "ix2", "--backend", "tantivy", cwd=tmp_path
    )
    assert (refused.returncode, refused.stdout, refused.stderr) == (2, "", NOT_INSTALLED)
    assert not (tmp_path / "ix2").exists()


@pytest.mark.slow
@pytest.mark.skipif(not tantivy_installed(), reason="needs tantivy to build the index")
def test_an_index_built_with_tantivy_is_refused_in_one_line_where_tantivy_is_missing(
    papers: Path, tmp_path: Path
) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "secsearch", "ingest", str(papers), "--index", "ix"]
        + ["--backend", "tantivy"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    refused = without_tantivy("search", "Panel", "--index", "ix", cwd=tmp_path)
    assert (refused.returncode, refused.stdout, refused.stderr) == (2, "", NOT_INSTALLED)
